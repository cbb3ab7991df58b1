// The safetensors format (huggingface/safetensors), F32 only: an 8-byte little-endian header length N, N bytes of
// JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}, then the raw tensor
// bytes; offsets count from the first byte after the header. Written here so a model leaves the workspace in a file
// PyTorch (safetensors.torch.load_file, or a few lines of json + struct) reads without this project.

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsFile {
  tensors: NamedTensor[];
  metadata: Record<string, string>;
}

const METADATA = '__metadata__';
/** a header larger than this is not a model file of ours (the reference reader caps it at 100 MB) */
const MAX_HEADER = 100_000_000;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('lib/nn/safetensors: big-endian platforms are not supported');
}

/** Tensors in the given order, contiguous; the header is padded with spaces to a multiple of 8 bytes. */
export function encodeSafetensors(tensors: NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new Error(`safetensors: metadata.${k} must be a string, got ${typeof v}`);
    }
    header[METADATA] = metadata;
  }
  let offset = 0;
  for (const t of tensors) {
    if (t.name === METADATA || Object.prototype.hasOwnProperty.call(header, t.name)) throw new Error(`safetensors: duplicate or reserved tensor name ${JSON.stringify(t.name)}`);
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0) || n !== t.data.length) {
      throw new Error(`safetensors: tensor ${t.name}: shape [${t.shape}] does not hold ${t.data.length} values`);
    }
    header[t.name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + 4 * n] };
    offset += 4 * n;
  }
  let json = JSON.stringify(header);
  const raw = Buffer.byteLength(json, 'utf8');
  json += ' '.repeat((8 - (raw % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let o = 8 + headerBytes.length;
  for (const t of tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), o);
    o += t.data.byteLength;
  }
  return out;
}

/**
 * Parses a safetensors file of F32 tensors, in data order. Rejects, naming `where` and the tensor: a truncated or
 * oversized header, bad JSON, another dtype, a shape that does not match its byte range, and byte ranges that overlap,
 * leave gaps or run past the end (the reference implementation's rules).
 */
export function decodeSafetensors(bytes: Uint8Array, where = 'safetensors'): SafetensorsFile {
  if (bytes.length < 8) throw new Error(`${where}: ${bytes.length} bytes, too short for the 8-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, bytes.length - 8))) throw new Error(`${where}: header length ${n} exceeds the file (${bytes.length} bytes)`);
  const start = 8 + Number(n);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, Number(n)).toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${where}: header is not JSON: ${(e as Error).message}`);
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw new Error(`${where}: header is not a JSON object`);
  const metadata: Record<string, string> = {};
  const entries: { name: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, v] of Object.entries(header)) {
    if (name === METADATA) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${where}: ${METADATA} is not an object`);
      for (const [k, s] of Object.entries(v as Record<string, unknown>)) {
        if (typeof s !== 'string') throw new Error(`${where}: ${METADATA}.${k} is not a string`);
        metadata[k] = s;
      }
      continue;
    }
    const info = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (!info || typeof info !== 'object') throw new Error(`${where}: tensor ${name}: entry is not an object`);
    if (info.dtype !== 'F32') throw new Error(`${where}: tensor ${name}: dtype ${JSON.stringify(info.dtype)}, only F32 is supported`);
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`${where}: tensor ${name}: bad shape ${JSON.stringify(shape)}`);
    const off = info.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((d) => Number.isInteger(d) && d >= 0) || off[1] < off[0]) {
      throw new Error(`${where}: tensor ${name}: bad data_offsets ${JSON.stringify(off)}`);
    }
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (off[1] - off[0] !== 4 * count) throw new Error(`${where}: tensor ${name}: shape [${shape}] needs ${4 * count} bytes, data_offsets span ${off[1] - off[0]}`);
    entries.push({ name, shape: shape as number[], begin: off[0], end: off[1] });
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expect = 0;
  for (const e of entries) {
    if (e.begin !== expect) throw new Error(`${where}: tensor ${e.name}: data starts at byte ${e.begin}, expected ${expect} (overlap or gap)`);
    expect = e.end;
  }
  if (start + expect !== bytes.length) throw new Error(`${where}: tensor data spans ${expect} bytes, the file holds ${bytes.length - start} after the header`);
  const tensors = entries.map((e) => {
    const data = new Float32Array((e.end - e.begin) / 4);
    new Uint8Array(data.buffer).set(bytes.subarray(start + e.begin, start + e.end));
    return { name: e.name, shape: e.shape, data };
  });
  return { tensors, metadata };
}
