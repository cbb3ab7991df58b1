// Model (de)serialisation: JSON with base64 Float32 weights, or a raw little-endian buffer of all params in order.
import { checkSpec } from './types';
import type { ModelSpec, Param } from './types';

export const MODEL_FORMAT = 'pirate-pain-nn';

export interface ParamJSON {
  name: string;
  shape: number[];
  /** base64 of the Float32Array's little-endian bytes, or plain numbers */
  data: string | number[];
}

export interface ModelJSON {
  format: typeof MODEL_FORMAT;
  version: 1;
  spec: ModelSpec;
  seed?: number;
  params: ParamJSON[];
}

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  // base64 / buffer payloads are defined as little-endian; every platform Node ships on is
  throw new Error('lib/nn/serialize: big-endian platforms are not supported');
}

export function floatsToBase64(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

export function floatsFromBase64(s: string, where: string): Float32Array {
  const bytes = Buffer.from(s, 'base64');
  if (bytes.length % 4 !== 0) throw new Error(`${where}: base64 payload of ${bytes.length} bytes is not whole float32 values`);
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

export function modelToJSON(spec: ModelSpec, params: Param[], seed?: number): ModelJSON {
  return {
    format: MODEL_FORMAT,
    version: 1,
    spec: { ...spec },
    ...(seed !== undefined ? { seed } : {}),
    params: params.map((p) => ({ name: p.name, shape: [...p.shape], data: floatsToBase64(p.data) })),
  };
}

/** Builds a model with `make` and copies the weights in, checking names, shapes and sizes. */
export function modelFromJSON<M extends { params: Param[] }>(j: ModelJSON, make: (spec: ModelSpec, seed: number) => M): M {
  if (!j || typeof j !== 'object') throw new Error('model JSON: expected an object');
  if (j.format !== MODEL_FORMAT) throw new Error(`model JSON.format: expected "${MODEL_FORMAT}", got ${JSON.stringify(j.format)}`);
  if (j.version !== 1) throw new Error(`model JSON.version: expected 1, got ${JSON.stringify(j.version)}`);
  checkSpec(j.spec, 'model JSON.spec');
  const m = make(j.spec, j.seed ?? 0);
  if (!Array.isArray(j.params) || j.params.length !== m.params.length) {
    throw new Error(`model JSON.params: expected ${m.params.length} tensors, got ${Array.isArray(j.params) ? j.params.length : typeof j.params}`);
  }
  m.params.forEach((p, i) => {
    const q = j.params[i];
    const where = `model JSON.params[${i}]`;
    if (q.name !== p.name) throw new Error(`${where}.name: expected ${p.name}, got ${JSON.stringify(q.name)}`);
    if (!Array.isArray(q.shape) || q.shape.join(',') !== p.shape.join(',')) {
      throw new Error(`${where}.shape (${p.name}): expected [${p.shape}], got ${JSON.stringify(q.shape)}`);
    }
    const data = typeof q.data === 'string' ? floatsFromBase64(q.data, `${where}.data`) : Float32Array.from(q.data);
    if (data.length !== p.data.length) throw new Error(`${where}.data (${p.name}): expected ${p.data.length} values, got ${data.length}`);
    p.data.set(data);
  });
  return m;
}

/** All parameter values, concatenated in params order, as little-endian float32 bytes. */
export function paramsToBuffer(params: Param[]): Uint8Array {
  const total = params.reduce((a, p) => a + p.data.length, 0);
  const all = new Float32Array(total);
  let o = 0;
  for (const p of params) {
    all.set(p.data, o);
    o += p.data.length;
  }
  return new Uint8Array(all.buffer);
}

/** Inverse of paramsToBuffer into existing params (same model spec); throws on a size mismatch. */
export function paramsFromBuffer(params: Param[], buf: Uint8Array, where = 'weights buffer'): void {
  const total = params.reduce((a, p) => a + p.data.length, 0);
  if (buf.byteLength !== total * 4) {
    throw new Error(`${where}: ${buf.byteLength} bytes, expected ${total * 4} (${total} float32 values for this model)`);
  }
  const all = new Float32Array(total);
  new Uint8Array(all.buffer).set(buf);
  let o = 0;
  for (const p of params) {
    p.data.set(all.subarray(o, o + p.data.length));
    o += p.data.length;
  }
}
