import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { orphaned, removeOrphanTemps, tempName, writeFileAtomic } from '../../lib/store/durable';

test('writeFileAtomic: whole content, no temporary file left, folders created, an existing file replaced', () => {
  const dir = mkdtempSync(join(tmpdir(), 'durable-'));
  try {
    const file = join(dir, 'a', 'b', 'x.json');
    writeFileAtomic(file, '{"v":1}\n');
    writeFileAtomic(file, new Uint8Array([0x7b, 0x7d]));
    assert.equal(readFileSync(file, 'utf8'), '{}');
    assert.deepEqual(readdirSync(join(dir, 'a', 'b')), ['x.json']);
    assert.match(tempName(file), new RegExp(`x\\.json\\.tmp-${hostname()}-${process.pid}-[0-9a-z]+$`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('leftover temporary files of dead writers are removed; a live writer\'s and old foreign ones are judged apart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'durable-'));
  try {
    // a pid that surely ended: a child that has exited
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const deadTemp = `result.json.tmp-${hostname()}-${dead}-abc123`;
    const liveTemp = `result.json.tmp-${hostname()}-${process.pid}-def456`;
    const foreignNew = 'result.json.tmp-other-host-123-aaa';
    const foreignOld = 'config.json.tmp-other-host-456-bbb';
    for (const f of [deadTemp, liveTemp, foreignNew, foreignOld, 'result.json']) writeFileSync(join(dir, f), 'x');
    const old = (Date.now() - 2 * 3600_000) / 1000;
    utimesSync(join(dir, foreignOld), old, old);
    assert.equal(orphaned(join(dir, liveTemp), `${hostname()}-${process.pid}-def456`), false);
    assert.deepEqual(removeOrphanTemps(dir).sort(), [deadTemp, foreignOld].sort());
    assert.deepEqual(readdirSync(dir).sort(), [foreignNew, liveTemp, 'result.json'].sort());
    assert.deepEqual(removeOrphanTemps(join(dir, 'missing')), []);
    assert.ok(existsSync(join(dir, 'result.json')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
