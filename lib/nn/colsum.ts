// Column sums of a row-major [rows][cols] matrix: the bias gradients (a bias is added to every row, so its gradient
// is the sum of the output gradient over rows).

/** out[j] += Σ_r m[r*cols + j] (accumulates, as gradients do). */
export function colSumInto(m: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) out[j] += m[o + j];
  }
}

let sumBuf = new Float64Array(0);
/** Σ_r m[r*cols + j] in float64, in a buffer reused across calls (valid until the next call). */
export function colSum(m: Float32Array, rows: number, cols: number): Float64Array {
  if (sumBuf.length < cols) sumBuf = new Float64Array(cols);
  const out = sumBuf;
  out.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) out[j] += m[o + j];
  }
  return out;
}
