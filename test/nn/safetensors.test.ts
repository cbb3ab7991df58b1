import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSafetensors, encodeSafetensors } from '../../lib/nn/safetensors';

/** a file assembled by hand from the format's definition */
function handMade(header: string, data: number[], lengthOverride?: number): Uint8Array {
  const h = Buffer.from(header, 'utf8');
  const out = Buffer.alloc(8 + h.length + data.length * 4);
  out.writeBigUInt64LE(BigInt(lengthOverride ?? h.length), 0);
  h.copy(out, 8);
  data.forEach((v, i) => out.writeFloatLE(v, 8 + h.length + 4 * i));
  return new Uint8Array(out);
}

test('encode writes the documented bytes: u64 LE header length, JSON header padded to 8, raw F32 LE in order', () => {
  const bytes = encodeSafetensors([
    { name: 'a', shape: [2], data: new Float32Array([1, -2]) },
    { name: 'b', shape: [1, 1], data: new Float32Array([0.5]) },
  ], { format: 'pt' });
  const buf = Buffer.from(bytes);
  const n = Number(buf.readBigUInt64LE(0));
  assert.equal(n % 8, 0);
  const header = buf.subarray(8, 8 + n).toString('utf8');
  assert.equal(header.trimEnd(), '{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}}');
  assert.match(header, /^[^]*} *$/, 'padding is spaces');
  assert.equal(buf.length, 8 + n + 12);
  assert.deepEqual([0, 1, 2].map((i) => buf.readFloatLE(8 + n + 4 * i)), [1, -2, 0.5]);
});

test('decode reads a hand-made file (any tensor order in the header) and round-trips encode', () => {
  const f = decodeSafetensors(handMade('{"y":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"x":{"dtype":"F32","shape":[2,1],"data_offsets":[0,8]}}', [3, 4, 5]));
  assert.deepEqual(f.tensors.map((t) => [t.name, t.shape, [...t.data]]), [['x', [2, 1], [3, 4]], ['y', [1], [5]]]);
  assert.deepEqual(f.metadata, {});
  const t = [{ name: 'rnn.weight_ih_l0', shape: [3, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6].map((v) => v / 7)) },
    { name: 'fc.bias', shape: [3], data: new Float32Array([0, -0, Number.MIN_VALUE]) }];
  const back = decodeSafetensors(encodeSafetensors(t, { spec: '{"cell":"gru"}' }));
  assert.deepEqual(back.metadata, { spec: '{"cell":"gru"}' });
  assert.deepEqual(back.tensors.map((x) => [x.name, x.shape, [...x.data]]), t.map((x) => [x.name, x.shape, [...x.data]]));
});

test('decode rejects malformed files with the reason', () => {
  const ok = '{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
  assert.throws(() => decodeSafetensors(new Uint8Array(5), 'm.safetensors'), /m\.safetensors: 5 bytes, too short/);
  assert.throws(() => decodeSafetensors(handMade(ok, [1, 2], 9999)), /header length 9999 exceeds the file/);
  assert.throws(() => decodeSafetensors(handMade('{"x":', [])), /header is not JSON/);
  assert.throws(() => decodeSafetensors(handMade('{"x":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}', [1])), /tensor x: dtype "F16", only F32/);
  assert.throws(() => decodeSafetensors(handMade('{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', [1, 2])), /tensor x: shape \[3\] needs 12 bytes/);
  assert.throws(() => decodeSafetensors(handMade('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"y":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', [1])), /starts at byte 0, expected 4/);
  assert.throws(() => decodeSafetensors(handMade('{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', [1, 2])), /starts at byte 4, expected 0/);
  assert.throws(() => decodeSafetensors(handMade(ok, [1, 2, 3])), /data spans 8 bytes, the file holds 12/);
  assert.throws(() => decodeSafetensors(handMade(ok, [1])), /data spans 8 bytes, the file holds 4/);
  assert.throws(() => decodeSafetensors(handMade('{"__metadata__":{"k":1}}', [])), /__metadata__\.k is not a string/);
  assert.throws(() => encodeSafetensors([{ name: 'x', shape: [3], data: new Float32Array(2) }]), /shape \[3\] does not hold 2 values/);
  assert.throws(() => encodeSafetensors([{ name: '__metadata__', shape: [0], data: new Float32Array(0) }]), /reserved/);
});
