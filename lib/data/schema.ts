// The Kaggle Pirate Pain layout: the one place that names columns, value sets and labels.

export const STEPS_PER_SUBJECT = 160;

export const SURVEY_COLUMNS = ['pain_survey_1', 'pain_survey_2', 'pain_survey_3', 'pain_survey_4'] as const;
export const CATEGORICAL_COLUMNS = ['n_legs', 'n_hands', 'n_eyes'] as const;
export const JOINT_COLUMNS: readonly string[] = Array.from({ length: 31 }, (_, i) => `joint_${String(i).padStart(2, '0')}`);

/** Column order of pirate_pain_train.csv and pirate_pain_test.csv, exactly. */
export const SERIES_COLUMNS: readonly string[] = [
  'sample_index', 'time', ...SURVEY_COLUMNS, ...CATEGORICAL_COLUMNS, ...JOINT_COLUMNS,
];
/** Columns that carry per-step values (everything except the two keys). */
export const VALUE_COLUMNS: readonly string[] = SERIES_COLUMNS.slice(2);

export type CategoricalColumn = (typeof CATEGORICAL_COLUMNS)[number];
/** Known categorical values; the code stored for a value is its index here. */
export const CATEGORY_VALUES: Record<CategoricalColumn, readonly [string, string]> = {
  n_legs: ['two', 'one+peg_leg'],
  n_hands: ['two', 'one+hook_hand'],
  n_eyes: ['two', 'one+eye_patch'],
};

export const LABELS = ['no_pain', 'low_pain', 'high_pain'] as const;
export type Label = (typeof LABELS)[number];
export const N_CLASSES = LABELS.length;

/** A sample_index as the labels and submission files write it: zero-padded to 3 digits. */
export function formatId(id: number): string {
  return String(id).padStart(3, '0');
}

export const FILES = {
  train: 'pirate_pain_train.csv',
  labels: 'pirate_pain_train_labels.csv',
  test: 'pirate_pain_test.csv',
  sampleSubmission: 'sample_submission.csv',
} as const;
