import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c, maskedCrc32c } from '../../lib/tracking/crc32c';
import { EventWriter } from '../../lib/tracking/tensorboard';

// An independent reader: bit-at-a-time CRC-32C (no table) and a generic protobuf field decoder.
function crcBitwise(data: Uint8Array): number {
  let c = ~0 >>> 0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0x82f63b78 & -(c & 1));
  }
  return ~c >>> 0;
}
const mask = (c: number): number => ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;

type Field = { no: number; wire: number; int?: bigint; bytes?: Uint8Array; f64?: number; f32?: number };

function decode(b: Uint8Array): Field[] {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Field[] = [];
  let i = 0;
  const readVarint = (): bigint => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const x = b[i++];
      v |= BigInt(x & 0x7f) << shift;
      shift += 7n;
      if (!(x & 0x80)) return v;
    }
  };
  while (i < b.length) {
    const k = Number(readVarint());
    const no = k >> 3;
    const wire = k & 7;
    if (wire === 0) out.push({ no, wire, int: readVarint() });
    else if (wire === 1) { out.push({ no, wire, f64: view.getFloat64(i, true) }); i += 8; }
    else if (wire === 5) { out.push({ no, wire, f32: view.getFloat32(i, true) }); i += 4; }
    else if (wire === 2) { const n = Number(readVarint()); out.push({ no, wire, bytes: b.subarray(i, i + n) }); i += n; }
    else throw new Error(`wire type ${wire}`);
  }
  assert.equal(i, b.length, 'message ends exactly at its length');
  return out;
}
const get = (fs: Field[], no: number): Field[] => fs.filter((f) => f.no === no);
const one = (fs: Field[], no: number): Field => {
  const g = get(fs, no);
  assert.equal(g.length, 1, `field ${no} once`);
  return g[0];
};
const str = (f: Field): string => new TextDecoder().decode(f.bytes);

function readRecords(file: string): Uint8Array[] {
  const buf = new Uint8Array(readFileSync(file));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const records: Uint8Array[] = [];
  let o = 0;
  while (o < buf.length) {
    const len = Number(view.getBigUint64(o, true));
    assert.equal(view.getUint32(o + 8, true), mask(crcBitwise(buf.subarray(o, o + 8))), 'length CRC');
    const data = buf.subarray(o + 12, o + 12 + len);
    assert.equal(view.getUint32(o + 12 + len, true), mask(crcBitwise(data)), 'data CRC');
    records.push(data);
    o += 16 + len;
  }
  assert.equal(o, buf.length);
  return records;
}

test('crc32c matches the standard check value and a bitwise implementation', () => {
  const check = new TextEncoder().encode('123456789');
  assert.equal(crc32c(check), 0xe3069283);
  assert.equal(crcBitwise(check), 0xe3069283);
  // RFC 3720 (iSCSI) test vectors: 32 zero bytes and 32 0xff bytes
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  const random = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919 + 13) & 0xff);
  assert.equal(crc32c(random), crcBitwise(random));
  assert.equal(maskedCrc32c(random), mask(crcBitwise(random)));
});

test('event file: framing, CRCs, file_version first, scalar events with wall_time and step', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-'));
  try {
    let t = 1700000000.25;
    const w = new EventWriter(join(dir, 'fold-0'), { now: () => (t += 1) });
    w.scalars({ 'train/loss': 0.75, 'val/macro_f1': 0.5 }, 0);
    w.scalar('train/loss', 0.5, 1);
    w.close();
    const files = readdirSync(join(dir, 'fold-0'));
    assert.equal(files.length, 1);
    assert.match(files[0], /^events\.out\.tfevents\.1700000001\./);
    const events = readRecords(join(dir, 'fold-0', files[0])).map(decode);
    assert.equal(events.length, 3);

    assert.equal(one(events[0], 1).f64, 1700000001.25);
    assert.equal(str(one(events[0], 3)), 'brain.Event:2');

    assert.equal(one(events[1], 1).f64, 1700000002.25);
    assert.equal(one(events[1], 2).int, 0n);
    const values = get(decode(one(events[1], 5).bytes!), 1).map((v) => decode(v.bytes!));
    assert.deepEqual(values.map((v) => [str(one(v, 1)), one(v, 2).f32]), [['train/loss', 0.75], ['val/macro_f1', 0.5]]);

    assert.equal(one(events[2], 2).int, 1n);
    const v2 = decode(one(decode(one(events[2], 5).bytes!), 1).bytes!);
    assert.equal(str(one(v2, 1)), 'train/loss');
    assert.equal(one(v2, 2).f32, 0.5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('large steps are encoded as multi-byte varints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-'));
  try {
    const w = new EventWriter(dir, { now: () => 1 });
    w.scalar('x', 1, 300);
    w.scalar('x', 1, 2 ** 40 + 5);
    w.close();
    const events = readRecords(join(dir, readdirSync(dir)[0])).map(decode);
    assert.equal(one(events[1], 2).int, 300n);
    assert.equal(one(events[2], 2).int, 2n ** 40n + 5n);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hparams plugin summaries: experiment, session start with values, session end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-'));
  try {
    const w = new EventWriter(dir, { now: () => 5 });
    w.hparams({ cell: 'lstm', hidden: 256, bidirectional: false }, ['val/macro_f1']);
    w.close();
    const events = readRecords(join(dir, readdirSync(dir)[0])).map(decode).slice(1);
    const summaries = events.map((e) => decode(one(decode(one(e, 5).bytes!), 1).bytes!));
    assert.deepEqual(summaries.map((v) => str(one(v, 1))), [
      '_hparams_/experiment', '_hparams_/session_start_info', '_hparams_/session_end_info',
    ]);
    const plugin = summaries.map((v) => decode(one(decode(one(v, 9).bytes!), 1).bytes!));
    for (const p of plugin) assert.equal(str(one(p, 1)), 'hparams');
    const data = plugin.map((p) => decode(one(p, 2).bytes!));

    const experiment = decode(one(data[0], 2).bytes!);
    const infos = get(experiment, 4).map((f) => decode(f.bytes!));
    assert.deepEqual(infos.map((i) => [str(one(i, 1)), one(i, 4).int]), [['cell', 1n], ['hidden', 3n], ['bidirectional', 2n]]);
    const metric = decode(one(decode(one(experiment, 5).bytes!), 1).bytes!);
    assert.equal(str(one(metric, 2)), 'val/macro_f1');

    const start = decode(one(data[1], 3).bytes!);
    const entries = get(start, 1).map((f) => decode(f.bytes!));
    const values = Object.fromEntries(entries.map((e) => {
      const v = decode(one(e, 2).bytes!)[0];
      return [str(one(e, 1)), v.no === 2 ? v.f64 : v.no === 3 ? str(v) : v.int === 1n];
    }));
    assert.deepEqual(values, { cell: 'lstm', hidden: 256, bidirectional: false });
    assert.equal(one(start, 5).f64, 5);

    const end = decode(one(data[2], 4).bytes!);
    assert.equal(one(end, 1).int, 1n);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
