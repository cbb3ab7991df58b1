export { stratifiedKFold, holdoutSplit } from './kfold';
export type { Fold } from './kfold';
