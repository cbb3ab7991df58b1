import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { run, usage } from '../../lib/cli/report';

function captured(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out = mock.method(console, 'log', () => {});
  const err = mock.method(console, 'error', () => {});
  return fn()
    .then((code) => ({
      code,
      out: out.mock.calls.map((c) => c.arguments.join(' ')).join('\n'),
      err: err.mock.calls.map((c) => c.arguments.join(' ')).join('\n'),
    }))
    .finally(() => {
      out.mock.restore();
      err.mock.restore();
    });
}

test('report --help prints the usage; bad options exit 2 with the reason and the usage', async () => {
  const help = await captured(() => run(['--help']));
  assert.equal(help.code, 0);
  assert.equal(help.out, usage);
  const bad = await captured(() => run(['--profile', 'huge']));
  assert.equal(bad.code, 2);
  assert.ok(bad.err.startsWith('report: --profile huge: expected one of smoke, quick, full\n\npirate-pain report'));
  const unknown = await captured(() => run(['--fast']));
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /^report: unknown option --fast/);
});

test('report --only with a prefix no notebook has exits 1 before running anything', async () => {
  const r = await captured(() => run(['--only=zz-none', '--profile=smoke']));
  assert.equal(r.code, 1);
  assert.match(r.err, /^report: --only zz-none: no notebook in .*notebooks starts with "zz-none"/);
});
