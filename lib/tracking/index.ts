export { EventWriter, tfRecord, scalarEvent, hparamsEvents } from './tensorboard';
export type { HParamValue } from './tensorboard';
export { crc32c, maskedCrc32c } from './crc32c';
export { ProtoWriter } from './protobuf';
