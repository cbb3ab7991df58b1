// Small dense float64 linear algebra for PCA: covariance and the symmetric eigendecomposition (Jacobi).
// Matrices are row-major Float64Array n×n. Groups of joints are at most a few dozen columns, so the O(n³) per sweep
// of Jacobi is negligible, and it is simple, exact to machine precision and has no external dependency.

export interface Eigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** Row k (vectors[k*n .. k*n+n)) is the unit eigenvector of values[k]; its largest-|entry| is positive. */
  vectors: Float64Array;
}

/** Column means, float64. */
export function columnMeans(columns: readonly ArrayLike<number>[]): Float64Array {
  const means = new Float64Array(columns.length);
  columns.forEach((c, j) => {
    let s = 0;
    for (let r = 0; r < c.length; r++) s += c[r];
    means[j] = c.length ? s / c.length : 0;
  });
  return means;
}

/** Sample covariance (divisor rows - 1) of equally long columns, about their means. */
export function covariance(columns: readonly ArrayLike<number>[], means: ArrayLike<number> = columnMeans(columns)): Float64Array {
  const n = columns.length;
  const rows = n ? columns[0].length : 0;
  for (const c of columns) if (c.length !== rows) throw new Error(`covariance: columns of ${rows} and ${c.length} rows`);
  if (rows < 2) throw new Error(`covariance: needs at least 2 rows, got ${rows}`);
  const centred = columns.map((c, j) => {
    const d = new Float64Array(rows);
    for (let r = 0; r < rows; r++) d[r] = c[r] - means[j];
    return d;
  });
  const cov = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const a = centred[i];
      const b = centred[j];
      let s = 0;
      for (let r = 0; r < rows; r++) s += a[r] * b[r];
      cov[i * n + j] = cov[j * n + i] = s / (rows - 1);
    }
  }
  return cov;
}

const MAX_SWEEPS = 100;

/**
 * Eigen-decomposition of a symmetric matrix by the cyclic Jacobi method: rotate away each off-diagonal entry in
 * turn until the off-diagonal mass is negligible. Sign convention: each eigenvector's entry of largest magnitude
 * (the first, on ties) is positive, so the result is deterministic.
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): Eigen {
  if (matrix.length !== n * n) throw new Error(`symmetricEigen: ${matrix.length} entries for a ${n}×${n} matrix`);
  const a = Float64Array.from(matrix);
  let total = 0;
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(a[i])) throw new Error(`symmetricEigen: entry ${i} is ${a[i]}`);
    total += a[i] * a[i];
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(a[i * n + j] - a[j * n + i]) > 1e-12 * Math.sqrt(total)) {
        throw new Error(`symmetricEigen: matrix is not symmetric at (${i}, ${j})`);
      }
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  const offDiagonal = (): number => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += 2 * a[i * n + j] * a[i * n + j];
    return s;
  };
  let sweep = 0;
  for (; sweep < MAX_SWEEPS; sweep++) {
    const off = offDiagonal();
    if (Math.sqrt(off) <= 1e-14 * Math.sqrt(total)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        // Entries already at rounding level are left alone, so the sweeps end instead of churning noise.
        if (Math.abs(apq) <= 1e-18 * Math.sqrt(total)) continue;
        // Rotation angle that zeroes a[p][q] (Numerical Recipes' stable form: the smaller root for t = tan θ).
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A ← RᵀAR (columns p, q, then rows p, q); V ← VR accumulates the eigenvectors as columns.
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = a[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  if (sweep === MAX_SWEEPS && Math.sqrt(offDiagonal()) > 1e-9 * Math.sqrt(total)) {
    throw new Error(`symmetricEigen: no convergence after ${MAX_SWEEPS} sweeps`);
  }

  // Eigenvector k is column k of V; order by eigenvalue, descending (index breaks ties, for determinism).
  const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => a[y * n + y] - a[x * n + x] || x - y);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((k, row) => {
    values[row] = a[k * n + k];
    let big = 0;
    for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(v[i * n + k]));
    let lead = 0;
    while (Math.abs(v[lead * n + k]) < big - 1e-12) lead++;
    const sign = v[lead * n + k] < 0 ? -1 : 1;
    for (let i = 0; i < n; i++) vectors[row * n + i] = sign * v[i * n + k];
  });
  return { values, vectors };
}
