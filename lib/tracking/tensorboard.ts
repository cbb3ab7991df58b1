// TensorBoard event files written directly: TFRecord framing around serialized `tensorflow.Event` protos, the format
// tf.summary and torch.utils.tensorboard write. `tensorboard --logdir outputs/runs` reads them; no TensorFlow needed.
//
// Record: uint64 length | uint32 masked_crc32c(length bytes) | data | uint32 masked_crc32c(data), little-endian.
// Event:  1 wall_time (double) · 2 step (int64) · 3 file_version (string) · 5 summary (Summary)
// Summary.Value: 1 tag · 2 simple_value (float) · 9 metadata (SummaryMetadata{1 plugin_data{1 plugin_name, 2 content}})
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { maskedCrc32c } from './crc32c';
import { ProtoWriter } from './protobuf';

/** One TFRecord frame around `data`. */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length >>> 0, true);
  view.setUint32(4, Math.floor(data.length / 2 ** 32), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

function event(wallTime: number, step: number): ProtoWriter {
  return new ProtoWriter().double(1, wallTime).varint(2, step);
}

/** Serialized Event carrying scalars as Summary.Value.simple_value. */
export function scalarEvent(values: Record<string, number>, step: number, wallTime: number): Uint8Array {
  const summary = new ProtoWriter();
  for (const [tag, v] of Object.entries(values)) summary.message(1, new ProtoWriter().string(1, tag).float(2, v));
  return event(wallTime, step).message(5, summary).finish();
}

export type HParamValue = string | number | boolean;

// google.protobuf.Value: 2 number_value · 3 string_value · 4 bool_value
function protoValue(v: HParamValue): ProtoWriter {
  if (typeof v === 'number') return new ProtoWriter().double(2, v);
  if (typeof v === 'boolean') return new ProtoWriter().bool(4, v);
  return new ProtoWriter().string(3, v);
}

function pluginSummary(tag: string, pluginData: ProtoWriter, wallTime: number): Uint8Array {
  const metadata = new ProtoWriter().message(1, new ProtoWriter().string(1, 'hparams').bytes(2, pluginData.finish()));
  const value = new ProtoWriter().string(1, tag).message(9, metadata);
  return event(wallTime, 0).message(5, new ProtoWriter().message(1, value)).finish();
}

/**
 * The three summaries of TensorBoard's HParams plugin (tensorboard/plugins/hparams/plugin_data.proto), as
 * torch.utils.tensorboard.summary.hparams writes them: the experiment (hparam and metric names), the session start
 * (this run's values) and the session end (status success).
 */
export function hparamsEvents(hparams: Record<string, HParamValue>, metricTags: string[], wallTime: number): Uint8Array[] {
  // HParamInfo: 1 name · 4 type (1 string, 2 bool, 3 float64)
  const experiment = new ProtoWriter();
  for (const [name, v] of Object.entries(hparams)) {
    const type = typeof v === 'number' ? 3 : typeof v === 'boolean' ? 2 : 1;
    experiment.message(4, new ProtoWriter().string(1, name).varint(4, type));
  }
  // MetricInfo: 1 name (MetricName: 2 tag)
  for (const tag of metricTags) experiment.message(5, new ProtoWriter().message(1, new ProtoWriter().string(2, tag)));
  // SessionStartInfo: 1 map<string, Value> hparams (entries: 1 key · 2 value) · 5 start_time_secs
  const start = new ProtoWriter();
  for (const [name, v] of Object.entries(hparams)) start.message(1, new ProtoWriter().string(1, name).message(2, protoValue(v)));
  start.double(5, wallTime);
  // SessionEndInfo: 1 status (1 = STATUS_SUCCESS) · 2 end_time_secs
  const end = new ProtoWriter().varint(1, 1).double(2, wallTime);
  // HParamsPluginData: 1 version · 2 experiment · 3 session_start_info · 4 session_end_info
  return [
    pluginSummary('_hparams_/experiment', new ProtoWriter().varint(1, 0).message(2, experiment), wallTime),
    pluginSummary('_hparams_/session_start_info', new ProtoWriter().varint(1, 0).message(3, start), wallTime),
    pluginSummary('_hparams_/session_end_info', new ProtoWriter().varint(1, 0).message(4, end), wallTime),
  ];
}

let fileCounter = 0;

/** Appends events to one `events.out.tfevents.*` file in `dir` (created), starting with the file_version event. */
export class EventWriter {
  readonly file: string;
  private fd: number | undefined;
  private readonly now: () => number;

  constructor(dir: string, opts: { now?: () => number } = {}) {
    this.now = opts.now ?? (() => Date.now() / 1000);
    mkdirSync(dir, { recursive: true });
    const t = this.now();
    this.file = join(dir, `events.out.tfevents.${Math.floor(t)}.${hostname()}.${process.pid}.${fileCounter++}`);
    this.fd = openSync(this.file, 'a');
    this.write(new ProtoWriter().double(1, t).string(3, 'brain.Event:2').finish());
  }

  private write(eventBytes: Uint8Array): void {
    if (this.fd === undefined) throw new Error(`tensorboard: ${this.file} is closed`);
    writeSync(this.fd, tfRecord(eventBytes));
  }

  /** Scalars of one step (epoch), one Event with one Summary.Value per tag. */
  scalars(values: Record<string, number>, step: number): void {
    this.write(scalarEvent(values, step, this.now()));
  }

  scalar(tag: string, value: number, step: number): void {
    this.scalars({ [tag]: value }, step);
  }

  /** The run's hyperparameters for TensorBoard's HParams tab, linked to the given scalar tags. */
  hparams(values: Record<string, HParamValue>, metricTags: string[]): void {
    for (const e of hparamsEvents(values, metricTags, this.now())) this.write(e);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
