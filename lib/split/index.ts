export { stratifiedKFold, holdoutSplit, innerSplit } from './kfold';
export type { Fold } from './kfold';
