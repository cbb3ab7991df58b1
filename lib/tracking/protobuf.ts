// Just enough protobuf encoding for TensorBoard's Event and Summary messages: a field is (number << 3 | wire type)
// followed by a varint, 8 little-endian bytes, a length-delimited payload, or 4 little-endian bytes.

type Chunk = Uint8Array;

function varint(n: number): Chunk {
  if (!Number.isSafeInteger(n)) throw new Error(`protobuf: ${n} is not a safe integer`);
  // negative int32/int64 values take ten bytes as two's complement; compute with BigInt only on that rare path
  if (n < 0) {
    let v = BigInt.asUintN(64, BigInt(n));
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    return Uint8Array.from(out);
  }
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Uint8Array.from(out);
}

const key = (field: number, wire: number): Chunk => varint(field * 8 + wire);

/** Builds one message; fields are appended in call order (protobuf parsers accept any order). */
export class ProtoWriter {
  private chunks: Chunk[] = [];

  varint(field: number, value: number): this {
    this.chunks.push(key(field, 0), varint(value));
    return this;
  }

  bool(field: number, value: boolean): this {
    return this.varint(field, value ? 1 : 0);
  }

  double(field: number, value: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.chunks.push(key(field, 1), b);
    return this;
  }

  float(field: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.chunks.push(key(field, 5), b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.chunks.push(key(field, 2), varint(value.length), value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, m: ProtoWriter): this {
    return this.bytes(field, m.finish());
  }

  finish(): Uint8Array {
    let n = 0;
    for (const c of this.chunks) n += c.length;
    const out = new Uint8Array(n);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}
