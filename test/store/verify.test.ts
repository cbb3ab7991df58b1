import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '../../lib/store/hash';
import { assertFiniteNumbers, checkContent, readSealedJSON, recordArtifact, sealJSON, verifyArtifact } from '../../lib/store/verify';

test('sealed JSON round-trips; an edit, a truncation, an empty file or a missing checksum is an error naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-'));
  try {
    const file = join(dir, 'manifest.json');
    const value = { a: 1, b: [0.1, 'x'], c: { d: null } };
    const text = sealJSON(value);
    assert.equal(JSON.parse(text).checksum, sha256(JSON.stringify(value)));
    writeFileSync(file, text);
    assert.deepEqual(readSealedJSON(file), { ...value, checksum: sha256(JSON.stringify(value)) });
    writeFileSync(file, text.replace('"a":1', '"a":2'));
    assert.throws(() => readSealedJSON(file), { message: `${file}: content changed: its checksum does not match` });
    writeFileSync(file, text);
    truncateSync(file, 20);
    assert.throws(() => readSealedJSON(file), new RegExp(`${file.replace(/[.]/g, '\\.')}: not valid JSON \\(truncated: it ends mid-value`));
    // an edit that breaks the JSON but keeps its end is not called a truncation
    writeFileSync(file, text.replace('"a":1', '"a":1,,'));
    assert.throws(() => readSealedJSON(file), new RegExp(`${file.replace(/[.]/g, '\\.')}: not valid JSON \\(edited or damaged: `));
    writeFileSync(file, '');
    assert.throws(() => readSealedJSON(file), /manifest\.json: not valid JSON \(empty file\)/);
    writeFileSync(file, JSON.stringify(value));
    assert.throws(() => readSealedJSON(file), /manifest\.json: no checksum field/);
    assert.throws(() => readSealedJSON(join(dir, 'none.json')), /none\.json: missing$/);
    assert.equal(JSON.parse(sealJSON({})).checksum, sha256('{}'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('artifacts: size and sha256 recorded; same-length overwrite, truncation, deletion and non-finite weights are named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-'));
  try {
    const weights = new Float32Array([0.5, -1.25, 3, 0]);
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(weights.buffer));
    const a = recordArtifact(dir, 'weights.bin', 'f32-finite');
    assert.deepEqual(a, { path: 'weights.bin', bytes: 16, sha256: sha256(new Uint8Array(weights.buffer)), check: 'f32-finite' });
    verifyArtifact(dir, a);
    const nan = new Float32Array([0.5, NaN, 3, 0]);
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(nan.buffer));
    assert.throws(() => verifyArtifact(dir, a), /weights\.bin: content changed: sha256 differs from the one recorded \(same size, 16 bytes\)/);
    assert.throws(() => recordArtifact(dir, 'weights.bin', 'f32-finite'), /weights\.bin: value 1 is NaN \(non-finite weights\)/);
    truncateSync(join(dir, 'weights.bin'), 10);
    assert.throws(() => verifyArtifact(dir, a), /weights\.bin: truncated: 10 of 16 bytes/);
    rmSync(join(dir, 'weights.bin'));
    assert.throws(() => verifyArtifact(dir, a), /weights\.bin: missing/);
    assert.throws(() => checkContent('m.jsonl', Buffer.from('{"a":1}\n{"a":\n'), 'jsonl'), /m\.jsonl: line 2: not valid JSON/);
    assert.throws(() => assertFiniteNumbers({ metrics: { valLoss: NaN } }, 'fold-0/result.json'), /fold-0\/result\.json: metrics\.valLoss is NaN/);
    assert.throws(() => assertFiniteNumbers({ h: [{ x: 1 }, { x: Infinity }] }, 'f'), /h\[1\]\.x is Infinity/);
    assertFiniteNumbers({ a: [1, 2, { b: null, c: 'x' }] }, 'f');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
