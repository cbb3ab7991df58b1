// Recurrent classifiers (RNN/LSTM/GRU, PyTorch semantics) on Float32Array with a pluggable gemm.
export type { CellType, ModelSpec, Param } from './types';
export { CELL_TYPES, checkSpec, gateCount } from './types';
export { RecurrentClassifier } from './model';
export type { ModelOptions } from './model';
export { classWeights, crossEntropy } from './loss';
export type { CrossEntropyOptions } from './loss';
export { applyPenalties } from './penalties';
export { Adam, AdamW } from './optim';
export type { AdamOptions } from './optim';
export { availableGemms, builtinUnavailableReason, getGemm, openblasUnavailableReason, typescriptGemm } from './gemm/index';
export type { Gemm, GemmName, GemmPreference } from './gemm/index';
export { Rng } from './rng';
export { MODEL_FORMAT, paramsFromBuffer, paramsToBuffer } from './serialize';
export type { ModelJSON, ParamJSON } from './serialize';
export { decodeSafetensors, encodeSafetensors } from './safetensors';
export type { NamedTensor, SafetensorsFile } from './safetensors';
