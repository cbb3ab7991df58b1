import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { submissionCsv, writeSubmission } from '../../lib/train/submission';

test('submission: header, zero-padded ids, label names, one line per subject', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sub-'));
  try {
    const file = join(dir, 'submission.csv');
    writeSubmission(file, [0, 7, 42, 1323], [0, 2, 1, 0]);
    assert.equal(readFileSync(file, 'utf8'), 'sample_index,label\n000,no_pain\n007,high_pain\n042,low_pain\n1323,no_pain\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => submissionCsv([1, 2], [0]), /2 ids but 1 labels/);
  assert.throws(() => submissionCsv([5], [3]), /label 3 of sample_index 5 is not a class 0\.\.2/);
});
