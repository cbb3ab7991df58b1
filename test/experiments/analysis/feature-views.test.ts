import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CorrelationMatrix } from '../../../lib/features/correlation';
import type { FittedFeatures, PcaGroup } from '../../../lib/features/types';
import {
  classMeans, correlationOf, correlationView, cumulativeVarianceSeries, meanColumn, pcaRows, rawGroupRows, targetScoreBars, weakestLink,
} from '../../../lib/experiments/analysis/feature-views';
import { featureFindings } from '../../../lib/experiments/analysis/findings';

// four columns: a–b r 0.9, b–c r 0.85 (a–c only 0.7: one group by single linkage), d alone
const m: CorrelationMatrix = {
  names: ['a', 'b', 'c', 'd'],
  values: Float64Array.from([
    1, 0.9, 0.7, 0.1,
    0.9, 1, -0.85, 0.2,
    0.7, -0.85, 1, 0,
    0.1, 0.2, 0, 1,
  ]),
};

test('correlationView: groups by single linkage, group members first, pairs by |r|', () => {
  const v = correlationView(m, 0.8);
  assert.deepEqual(v.groups, [['a', 'b', 'c']]);
  assert.deepEqual(v.order, ['a', 'b', 'c', 'd']);
  assert.deepEqual(v.z[1], [0.9, 1, -0.85, 0.2]);
  assert.deepEqual(v.pairs.slice(0, 3).map((p) => `${p.a}${p.b} ${p.r}`), ['ab 0.9', 'bc -0.85', 'ac 0.7']);
  assert.equal(v.pairs.length, 6);
  assert.equal(correlationOf(m, 'c', 'b'), -0.85);
});

test('weakestLink and rawGroupRows: smallest |r| inside, and the pipeline group holding the members', () => {
  assert.equal(weakestLink(m, ['a', 'b', 'c']), 0.7);
  assert.equal(weakestLink(m, ['d']), 1);
  const rows = rawGroupRows(m, [['a', 'b', 'c'], ['d']], { groups: [{ members: ['b', 'c'] } as PcaGroup] });
  assert.equal(rows[0]['in the pipeline as'], 'pca1: b, c');
  assert.equal(rows[1]['in the pipeline as'], 'no group (members dropped or alone)');
  assert.equal(rows[0]['min |r| inside'], 0.7);
});

const group = (members: string[], ratio: number[], kept: number): PcaGroup =>
  ({ members, explainedRatio: ratio, kept, components: [members.map((_, i) => (i === 0 ? 0.8 : -0.6))] } as PcaGroup);

test('pcaRows and cumulativeVarianceSeries: explained share of the kept components, padded curves', () => {
  const fitted = { groups: [group(['a', 'b'], [0.96, 0.04], 1), group(['c', 'd', 'e'], [0.5, 0.3, 0.2], 2)] };
  const rows = pcaRows(fitted);
  assert.equal(rows[0]['explained by kept'], 0.96);
  assert.equal(rows[1]['explained by kept'], 0.8);
  assert.equal(rows[0]['PC1 loadings'], '0.80 / -0.60');
  const c = cumulativeVarianceSeries(fitted, 0.95);
  assert.deepEqual(c.x, ['PC1', 'PC2', 'PC3']);
  assert.deepEqual(c.series[0].y, [0.96, 1, 1]);
  assert.deepEqual(c.series[1].y.map((x) => Number(x.toFixed(10))), [0.5, 0.8, 1]);
  assert.deepEqual(c.series[2], { name: 'required share', y: [0.95, 0.95, 0.95], dash: 'dash', color: '#6c757d' });
  assert.equal(cumulativeVarianceSeries(fitted).series.length, 2);
});

test('targetScoreBars: highest first, grey below the bar', () => {
  const b = targetScoreBars({ targetCorrelation: [{ name: 'x', score: 0.02 }, { name: 'y', score: 0.3 }] as FittedFeatures['targetCorrelation'] }, 0.05);
  assert.deepEqual(b.categories, ['y', 'x']);
  assert.deepEqual(b.series[0].color, ['#2a6f97', '#adb5bd']);
});

test('meanColumn and classMeans: a column of a subjects × features matrix, averaged per class', () => {
  const means = { ids: Int32Array.of(1, 2, 3), names: ['p', 'q'], values: Float64Array.of(1, 10, 2, 20, 3, 30) };
  assert.deepEqual(meanColumn(means, 'q'), [10, 20, 30]);
  assert.deepEqual(classMeans([10, 20, 30], [0, 0, 1], 2), [15, 30]);
});

test('featureFindings: counts of dropped columns, components and features, computed', () => {
  const text = featureFindings({
    inputs: ['a', 'b', 'c', 'd', 'e', 'z', 'w'], names: ['a', 'pca1_1', 'pca2_1', 'pca2_2'],
    dropped: [{ name: 'z', reason: 'zero-variance', value: 0 }, { name: 'w', reason: 'weak-target-correlation', value: 0.01 }],
    groups: [group(['b', 'c'], [0.97, 0.03], 1), group(['d', 'e'], [0.9, 0.1], 2)],
    config: { pca: { groupThreshold: 0.8 } } as FittedFeatures['config'],
  }, 3);
  assert.match(text, /Of 7 encoded input columns, 2 are dropped: `z` for zero variance and `w` for a weak target correlation\./);
  // kept shares 0.97 and 1.0: the smallest is 97.0 %
  assert.match(text, /links 3 groups; among the kept joints the pipeline finds 2, and PCA replaces their 4 joints by 3 components that keep at least 97\.0 %/);
  assert.match(text, /receive 4 features per time step/);
});
