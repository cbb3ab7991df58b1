// A data blob from the queue is untrusted: a gzip bomb is refused within a bounded amount of memory, whether its
// header declares the huge size (refused before a byte is written) or lies about it (refused one chunk past what it
// declared). Memory is measured as the peak RSS of a child process that unpacks the bomb, against a child that only
// loads the same modules and reads the same blob: the unpack may add at most UNPACK_BOUND_MB, although the bomb
// unpacks to BOMB_MB (what gunzipSync would have to hold at once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import { FILES } from '../../../lib/data/schema';

const BOMB_MB = 400;
/** what the unpack may add to the peak RSS: the stated bound is the blob + 64 KiB header + one 64 KiB chunk; this allows for the runtime's own growth */
const UNPACK_BOUND_MB = 48;

/** gzip of a packed-blob header declaring `declared` bytes of train data, followed by `bytes` zero bytes. */
async function bomb(declared: number, bytes: number): Promise<Buffer> {
  const header = Buffer.from(JSON.stringify([[FILES.train, declared]]));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.byteLength);
  const gz = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gz.on('data', (c: Buffer) => parts.push(c));
  const ended = new Promise((r) => gz.on('end', r));
  gz.write(Buffer.concat([len, header]));
  const zeros = Buffer.alloc(1 << 20);
  for (let i = 0; i < bytes / zeros.byteLength; i++) if (!gz.write(zeros)) await new Promise((r) => gz.once('drain', r));
  gz.end();
  await ended;
  return Buffer.concat(parts);
}

/** Peak RSS (MB) of a child that reads the blob and, with `unpack`, unpacks it into dir; and what it printed. */
function child(blobFile: string, dir: string, unpack: boolean): { peakMB: number; said: string } {
  const script = `
    const { readFileSync } = require('node:fs');
    const { unpackDataFiles } = require(${JSON.stringify(resolve(__dirname, '../../../lib/experiments/remote/remote-fold.ts'))});
    const blob = readFileSync(${JSON.stringify(blobFile)});
    (${unpack} ? unpackDataFiles(blob, ${JSON.stringify(dir)}) : Promise.resolve()).then(
      () => console.log('ok'), (e) => console.log(e.message)).finally(() => console.log('peak ' + process.resourceUsage().maxRSS));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const peak = /peak (\d+)/.exec(r.stdout);
  assert.ok(peak, r.stdout + r.stderr);
  return { peakMB: Number(peak[1]) / 1024, said: r.stdout.split('\n')[0] };
}

test('a gzip bomb is refused within a bounded amount of memory, and writes at most what its header declared', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bomb-'));
  try {
    const lying = join(root, 'lying.gz');
    writeFileSync(lying, await bomb(10, BOMB_MB << 20));
    const honest = join(root, 'honest.gz');
    writeFileSync(honest, await bomb(3 * 2 ** 30, BOMB_MB << 20));
    assert.ok(statSync(lying).size < 2 << 20, `the bomb is small: ${statSync(lying).size} bytes`);
    const base = child(lying, join(root, 'none'), false);
    const a = child(lying, join(root, 'a'), true);
    assert.match(a.said, /^data blob: trailing bytes \(more data than its header declares\)$/);
    assert.deepEqual(readdirSync(join(root, 'a')), [FILES.train]);
    assert.equal(statSync(join(root, 'a', FILES.train)).size, 10, 'only the declared bytes were written');
    const b = child(honest, join(root, 'b'), true);
    assert.match(b.said, /^data blob: its header declares 3221225472 bytes, more than the 2147483647 a worker accepts$/);
    assert.ok(!existsSync(join(root, 'b')), 'refused before anything was written');
    for (const [what, r] of [['lying', a], ['honest', b]] as const) {
      assert.ok(r.peakMB - base.peakMB < UNPACK_BOUND_MB, `${what} bomb: peak ${r.peakMB.toFixed(0)} MB against ${base.peakMB.toFixed(0)} MB without unpacking (unpacked it is ${BOMB_MB} MB)`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
