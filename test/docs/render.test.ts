// The renderer: figures to four decimals with their intervals, differences signed with a verdict computed from the
// interval, provenance on every table, a placeholder naming the command when a file was never recorded; and a
// changed recorded figure changes the text, so the check catches it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRegions, rewrite } from '../../lib/docs/regions';
import { REGIONS, difference, headline, withInterval } from '../../lib/docs/render';
import { excludesZero as beyondNoise } from '../../lib/evaluate/bootstrap';
import type { ExperimentRecord, Provenance, Results } from '../../lib/docs/results';

const provenance: Provenance = {
  computePath: 'builtin:avx512', cpu: 'AMD EPYC', cores: 2, node: 'v20.20.2', platform: 'linux-x64', date: '2026-12-03T18:00:00.000Z',
  commit: '148ff302225eda2139f7ca1376f894c178df8c0f', codeVersion: 'abc', profile: 'quick', dataSource: 'synthetic', dataFingerprint: 'files:x',
  generator: { version: 6, seed: 42 },
};

const final: ExperimentRecord = {
  experiment: 'final', provenance, reference: 'forest',
  models: [
    {
      model: 'rnn', name: 'RNN 1×64', report: { model: 'RNN 1×64', val: 0.9363, test: 0.9558 }, baseline: false, folds: 5,
      val: { estimate: 0.72994, lo: 0.68051, hi: 0.77032, std: 0.1458 }, optimistic: { estimate: 0.7447, lo: 0.6973, hi: 0.7837, std: 0.1593 },
      optimisticGap: { estimate: 0.015, lo: -0.005, hi: 0.039 }, oof: { estimate: 0.7561, lo: 0.7095, hi: 0.7975 }, test: { estimate: 0.8903, lo: 0.8619, hi: 0.9172 },
      vsReference: { reference: 'forest', oof: { estimate: -0.153, lo: -0.202, hi: -0.109 } },
    },
    {
      model: 'forest', name: 'random forest (200 trees)', baseline: true, folds: 5, val: { estimate: 0.9097, lo: 0.8738, hi: 0.9397, std: 0.02 },
      oof: { estimate: 0.9091, lo: 0.8733, hi: 0.9389 },
    },
  ],
};

test('figures carry their interval; a difference is signed and called beyond noise only when its interval excludes 0', () => {
  assert.equal(withInterval({ estimate: 0.72994, lo: 0.68051, hi: 0.77032 }), '0.7299 [0.6805, 0.7703]');
  assert.equal(difference({ estimate: -0.153, lo: -0.202, hi: -0.109 }), '−0.1530 [−0.2020, −0.1090]');
  assert.equal(beyondNoise({ estimate: 0.015, lo: -0.005, hi: 0.039 }), false);
  assert.equal(beyondNoise({ estimate: -0.153, lo: -0.202, hi: -0.109 }), true);
  const diffs = REGIONS['final-differences']({ final });
  assert.match(diffs, /RNN 1×64 − random forest \(200 trees\): out of fold −0\.1530 \[−0\.2020, −0\.1090\] \(beyond noise\)\./);
  assert.match(diffs, /RNN 1×64, optimistic − untouched validation: \+0\.0150 \[−0\.0050, \+0\.0390\] \(within noise\)\./);
});

test('the headline puts the report beside the reproduced figures, with the compute path', () => {
  const h = headline({ final });
  const rnn = h.split('\n').find((l) => l.startsWith('| RNN 1×64 |'));
  assert.equal(rnn, '| RNN 1×64 | 0.9363 | 0.7299 [0.6805, 0.7703] / 0.7447 [0.6973, 0.7837] | 0.7561 [0.7095, 0.7975] | 0.9558 | 0.8903 [0.8619, 0.9172] |');
  assert.match(h, /\| random forest \(200 trees\) — baseline \| — \| 0\.9097 \[0\.8738, 0\.9397\] \(no epoch chosen\)/);
  assert.match(h, /compute path `builtin:avx512`, AMD EPYC \(2 cores\), Node v20\.20\.2, 2026-12-03, commit `148ff30`; quick profile, generated data \(generator v6, seed 42\)/);
});

test('a file that was never recorded gives a placeholder naming the command that records it', () => {
  assert.equal(headline({}), '*Not recorded yet: `npm run report -- --record` writes `docs/results/quick-final.json`.*');
  assert.match(REGIONS.bench({}), /npm run bench -- --record/);
});

test('a recorded figure that changes makes the check fail on the region that quotes it', () => {
  const doc = `# x\n\n<!-- figures:headline -->\n<!-- /figures:headline -->\n`;
  const render = (r: Results) => (name: string) => REGIONS[name]?.(r);
  const written = rewrite(doc, 'README.md', render({ final }));
  assert.deepEqual(checkRegions(written, 'README.md', render({ final })), []);
  const moved: ExperimentRecord = { ...final, models: [{ ...final.models[0], test: { estimate: 0.8904, lo: 0.8619, hi: 0.9172 } }, final.models[1]] };
  const bad = checkRegions(written, 'README.md', render({ final: moved }));
  assert.equal(bad.length, 1);
  assert.equal(bad[0].region, 'headline');
  assert.match(bad[0].found, /0\.8903 \[0\.8619, 0\.9172\] \|$/);
  assert.match(bad[0].expected, /0\.8904 \[0\.8619, 0\.9172\] \|$/);
});
