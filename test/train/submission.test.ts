import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

test('the submission writer does not load the data simulator to format ids', () => {
  // Follow the static (non type-only) imports of lib/train/submission.ts through lib/.
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'(\.[^']+)'/gm)) {
      const base = join(dirname(file), m[1]);
      visit(base.endsWith('.ts') ? base : existsSync(`${base}.ts`) ? `${base}.ts` : join(base, 'index.ts'));
    }
  };
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'lib');
  visit(join(root, 'train', 'submission.ts'));
  assert.ok(seen.has(join(root, 'data', 'schema.ts')), 'the scan follows imports');
  for (const f of ['simulate.ts', 'generate.ts', 'dataset.ts']) assert.ok(!seen.has(join(root, 'data', f)), `submission.ts reaches lib/data/${f}`);
});
