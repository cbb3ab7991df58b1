// The committed docs against the committed results: every generated region of README.md, docs/ and data/README.md
// says what docs/results/*.json give (`npm run docs -- --check`), and the README stays a guide whose links resolve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkDocs, docFiles } from '../../lib/docs/main';
import { formatMismatch, findRegions } from '../../lib/docs/regions';
import { REGIONS } from '../../lib/docs/render';
import { readResults } from '../../lib/docs/results';

const root = join(__dirname, '..', '..');

test('npm run docs -- --check: every generated figure in the text is what the recorded results give', () => {
  const bad = checkDocs(root);
  assert.equal(bad.length, 0, bad.map(formatMismatch).join('\n'));
});

test('the headline, baseline and final regions are generated from recorded files, not placeholders', () => {
  const results = readResults(root);
  assert.ok(results.final, 'docs/results/quick-final.json is committed');
  assert.ok(results.baselines, 'docs/results/quick-baselines.json is committed');
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const names = findRegions(readme, 'README.md').map((r) => r.name);
  for (const n of ['headline', 'final-differences']) assert.ok(names.includes(n), `README.md has region ${n}`);
  // every region of every file is one the generator knows
  for (const f of docFiles(root)) for (const r of findRegions(readFileSync(f, 'utf8'), f)) assert.ok(REGIONS[r.name], `${f}:${r.line}: ${r.name}`);
});

test('the README is a guide: at most 250 lines, the two commands, the pipeline as Mermaid, and its links resolve', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.ok(readme.split('\n').length <= 250, `README.md has ${readme.split('\n').length} lines`);
  assert.match(readme, /^npm ci && npm run report {2,}#/m);
  assert.match(readme, /^npm test {2,}#/m);
  assert.match(readme, /```mermaid\nflowchart LR\n/);
  for (const f of docFiles(root)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\]\(((?!https?:|#)[^)#\s]+)(#[^)]*)?\)/g)) {
      assert.ok(existsSync(join(dirname(f), m[1])), `${f}: link to ${m[1]} does not resolve`);
    }
  }
});
