import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { canonicalJSON } from '../../lib/store/hash';
import { importClosure, resetCodeVersionCache, runtimeImports, trialHash } from '../../lib/store/identity';
import { codeFiles, codeIdentity, codeVersion, computePath, FOLD_ENTRY } from '../../lib/experiments/run/code-identity';

const ROOT = resolve(__dirname, '../..');

test('canonical JSON sorts keys at every level; the hash follows content, not key order', () => {
  assert.equal(canonicalJSON({ b: 1, a: { d: [1, { z: 0, y: null }], c: 'x' } }), '{"a":{"c":"x","d":[1,{"y":null,"z":0}]},"b":1}');
  const h = trialHash({ a: 1, b: 2 }, 'd', 'c');
  assert.match(h, /^[0-9a-f]{12}$/);
  assert.equal(trialHash({ b: 2, a: 1 }, 'd', 'c'), h);
  assert.notEqual(trialHash({ a: 1, b: 3 }, 'd', 'c'), h);
  assert.notEqual(trialHash({ a: 1, b: 2 }, 'other data', 'c'), h);
  assert.notEqual(trialHash({ a: 1, b: 2 }, 'd', 'other code'), h);
});

test('runtimeImports: value imports, re-exports, side effects, require and import(); not types, not comments, not packages', () => {
  const src = [
    "import { a, b } from './a';",
    "import type { T } from './types-only';",
    "import { type U, type V } from './erased';",
    "import { type W, value } from './mixed';",
    'import {',
    '  multi,',
    '  line,',
    "} from '../multi';",
    "import * as ns from './ns';",
    "import def from './def';",
    "export { x } from './reexport';",
    "export type { Y } from './reexport-type';",
    "export * from './star';",
    "import './side-effect';",
    "const m = require('./required');",
    "const d = await import('./dynamic');",
    "import fs from 'node:fs';",
    "import * as aq from 'arquero';",
    "// import { no } from './commented';",
    ' * import { alsoNo } from \'./doc-comment\';',
  ].join('\n');
  assert.deepEqual(runtimeImports(src).sort(), [
    './a', './def', './dynamic', './mixed', './ns', './reexport', './required', './side-effect', './star', '../multi',
  ].sort());
});

test('the code on the training path is found from the fold entry: recipe assembly, engine, native sources; not plots, notebooks or the CLI', () => {
  const files = codeFiles(ROOT);
  for (const f of [
    FOLD_ENTRY, 'lib/experiments/run/trials.ts', 'lib/train/fold.ts', 'lib/train/loop.ts', 'lib/nn/model.ts', 'lib/nn/gemm/index.ts',
    'lib/features/pipeline.ts', 'lib/windows/windows.ts', 'lib/evaluate/metrics.ts', 'lib/split/kfold.ts', 'lib/train/ensemble.ts',
    'lib/nn/native/gemm.c', 'lib/nn/native/recurrent.c', 'lib/nn/native/recurrent.h', 'lib/nn/native/binding.gyp', 'lib/store/store.ts',
  ]) assert.ok(files.includes(f), `${f} is on the training path`);
  // every native source, whatever its extension (kernels included by #include), and no build output
  for (const name of readdirSync(join(ROOT, 'lib/nn/native'))) {
    if (name !== 'build') assert.ok(files.includes(`lib/nn/native/${name}`), `lib/nn/native/${name} is covered`);
  }
  assert.ok(!files.some((f) => f.includes('/build/')));
  for (const f of files) assert.match(f, /^lib\/(?!plots\/|report\/|cli\/|bench\/)/, `${f} should not be on the training path`);
  assert.ok(!files.some((f) => f.endsWith('.ipynb') || f.endsWith('.md')));
  // only files that exist, each once
  assert.equal(new Set(files).size, files.length);
  assert.deepEqual(importClosure(join(ROOT, FOLD_ENTRY)).length + files.filter((f) => f.startsWith('lib/nn/native/')).length, files.length);
});

/** A copy of the project's code (no build outputs, no node_modules) to edit. */
function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'identity-'));
  cpSync(join(ROOT, 'lib'), join(dir, 'lib'), { recursive: true, filter: (src) => !/[/\\](build|node_modules)$/.test(src) });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  mkdirSync(join(dir, 'notebooks'));
  writeFileSync(join(dir, 'notebooks', '06-kfold-ensemble.ipynb'), '{}');
  writeFileSync(join(dir, 'README.md'), '# readme\n');
  return dir;
}

test('one changed byte in any file on the training path gives a new code version; notebooks, plots and the README do not', () => {
  const dir = copyProject();
  try {
    resetCodeVersionCache();
    const base = codeVersion(dir);
    assert.match(base, /^[0-9a-f]{64}$/);
    const covered = codeFiles(dir);
    assert.ok(covered.length > 30, `${covered.length} files`);
    const flip = (rel: string, f: () => void): string => {
      const file = join(dir, rel);
      const before = readFileSync(file);
      const after = Buffer.from(before);
      // the last byte (a file's closing newline or brace): a byte in the middle can land inside an import path and
      // make the file unreadable as code rather than different
      after[after.length - 1] ^= 0x01;
      writeFileSync(file, after);
      try {
        resetCodeVersionCache();
        f();
        return codeVersion(dir);
      } finally {
        writeFileSync(file, before);
      }
    };
    const seen = new Set([base]);
    for (const rel of covered) {
      const v = flip(rel, () => {});
      assert.ok(!seen.has(v), `a byte changed in ${rel} changes the code version`);
      seen.add(v);
    }
    for (const rel of ['notebooks/06-kfold-ensemble.ipynb', 'README.md', 'lib/plots/figures.ts', 'lib/experiments/analysis/table.ts', 'lib/cli/run.ts', 'lib/report/report.ts']) {
      assert.equal(flip(rel, () => {}), base, `${rel} is not on the training path`);
    }
    // a new native source is covered without anyone listing it
    writeFileSync(join(dir, 'lib/nn/native/builtin.c'), 'int x;\n');
    resetCodeVersionCache();
    assert.notEqual(codeVersion(dir), base);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    resetCodeVersionCache();
  }
});

test('the compute path is part of the identity: another gemm path or library build gives another trial hash', () => {
  assert.equal(computePath({ name: 'typescript' }), 'typescript');
  assert.equal(computePath({ name: 'openblas', identity: 'openblas:0.3.21:haswell' }), 'openblas:0.3.21:haswell');
  const ids = [
    codeIdentity(ROOT, { name: 'typescript' }),
    codeIdentity(ROOT, { name: 'openblas' }),
    codeIdentity(ROOT, { name: 'openblas', identity: 'openblas:0.3.21:haswell' }),
    codeIdentity(ROOT, { name: 'openblas', identity: 'openblas:0.3.21:zen' }),
  ];
  const hashes = ids.map((c) => trialHash({ seed: 42 }, 'data', c));
  assert.equal(new Set(hashes).size, 4);
  // and this process's own path is what the experiments use
  assert.ok(codeIdentity(ROOT).endsWith(`+${computePath()}`));
});
