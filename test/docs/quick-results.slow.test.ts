// The committed quick results are what the code produces now: the quick final and baseline experiments rerun from
// nothing on the builtin path (generated default data, a fresh output folder), and their figures must equal
// docs/results/quick-final.json and quick-baselines.json to full recorded precision. A change on the training path
// that moves a figure fails here: record again (npm run report -- --record) and commit the files with the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// before anything picks a gemm: the recorded headline path
process.env.PIRATE_PAIN_GEMM = 'builtin';

import { defaultDataDir, loadDataset } from '../../lib/data/dataset';
import { experimentFigures } from '../../lib/docs/figures';
import { readResults, type ExperimentRecord } from '../../lib/docs/results';
import { getGemm } from '../../lib/nn/gemm/index';
import { runExperiment } from '../../lib/experiments/run/experiment';

const root = join(__dirname, '..', '..');
const recorded = readResults(root);
const source = defaultDataDir(root).source;
const skip = source !== 'synthetic' ? 'real data in data/: the recorded quick results are for the generated data'
  : !recorded.final || !recorded.baselines ? 'no recorded quick results' : false;

/** The figures only: the provenance (date, commit, machine) of a rerun differs by design. */
const figures = (r: ExperimentRecord): unknown => JSON.parse(JSON.stringify({ reference: r.reference, models: r.models }));

test('the quick final and baseline experiments rerun on the builtin path give the committed figures exactly', { skip, timeout: 60 * 60 * 1000 }, async () => {
  const path = getGemm('builtin').identity;
  assert.equal(path, recorded.final!.provenance.computePath, `this CPU's builtin path is ${path}; the committed figures were recorded on ${recorded.final!.provenance.computePath}`);
  const out = mkdtempSync(join(tmpdir(), 'pirate-pain-quick-'));
  try {
    const data = loadDataset(defaultDataDir(root).dir, { test: true });
    data.source = 'synthetic';
    for (const [name, want] of [['final', recorded.final!], ['baselines', recorded.baselines!]] as const) {
      const started = performance.now();
      const r = await runExperiment(join(root, 'notebooks', 'configs', `${name}.json5`), 'quick', { data, out, log: () => {} });
      console.log(`${name}: ${r.computed} trial(s) trained in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      const now = experimentFigures(r, want.provenance);
      assert.deepEqual(figures(now), figures(want), `${name}: the figures the code produces now differ from docs/results (record again if the change is intended)`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
