// The report's timing as recorded from its manifest: each notebook's wall time, the whole report from the first start
// to the last end, how many notebooks ran at once, and how many trials the run trained (a fresh run or a cached one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportTiming } from '../../lib/docs/record';
import { REGIONS } from '../../lib/docs/render';

function outWith(entries: object[], computed: Record<string, number>): string {
  const out = mkdtempSync(join(tmpdir(), 'record-'));
  mkdirSync(join(out, 'html'), { recursive: true });
  writeFileSync(join(out, 'html', 'report.json'), JSON.stringify({ entries }));
  for (const [name, n] of Object.entries(computed)) {
    mkdirSync(join(out, 'experiments', name, 'quick'), { recursive: true });
    writeFileSync(join(out, 'experiments', name, 'quick', 'summary.json'), JSON.stringify({ computed: n }));
  }
  return out;
}

const at = (s: number): string => new Date(Date.UTC(2026, 11, 3, 18, 0, s)).toISOString();

test('two notebooks at a time: the total is first start to last end, and the overlap is counted', () => {
  const out = outWith([
    { name: '01-profiling', seconds: 20, ok: true, executedAt: at(0), profile: 'quick' },
    { name: '02-correlation-pca', seconds: 15, ok: true, executedAt: at(1), profile: 'quick' },
    { name: '03-baselines', seconds: 100, ok: true, executedAt: at(17), profile: 'quick' },
    { name: '04-x', seconds: 30, ok: false, executedAt: at(21), profile: 'quick' },
    { name: '05-old', seconds: 9, ok: true, executedAt: at(0), profile: 'smoke' },
  ], { sweep: 6, grid: 4 });
  const t = reportTiming({ root: out, out, profile: 'quick' })!;
  assert.equal(t.totalSeconds, 117);
  assert.equal(t.jobs, 2);
  assert.equal(t.trainedTrials, 10);
  assert.deepEqual(t.notebooks.map((n) => n.name), ['01-profiling', '02-correlation-pca', '03-baselines', '04-x']);
  const line = REGIONS['report-timing']({ timing: t });
  assert.match(line, /^a report that trained 10 trial\(s\) \(any others were read back from the store\): \*\*1 min 57 s\*\* wall, up to 2 notebook\(s\) at a time \(01 20\.0 s, 02 15\.0 s, 03 1 min 40 s, 04 30\.0 s failed\)/);
});

test('no manifest, no timing; a rerun that trained nothing says it was cached', () => {
  const empty = mkdtempSync(join(tmpdir(), 'record-'));
  assert.equal(reportTiming({ root: empty, out: empty, profile: 'quick' }), undefined);
  const out = outWith([{ name: '01-profiling', seconds: 20, ok: true, executedAt: at(0), profile: 'quick' }], { grid: 0 });
  assert.match(REGIONS['report-timing']({ timing: reportTiming({ root: out, out, profile: 'quick' })! }), /^a cached rerun \(every trial read back from the store\): \*\*20\.0 s\*\*/);
});
