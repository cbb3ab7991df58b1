export { stratifiedKFold, holdoutSplit } from './kfold';
export type { Fold } from './kfold';
export { mulberry32, shuffleInPlace } from './random';
