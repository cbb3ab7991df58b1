// Runs lib/bench/torch_bench.py with Debian's PyTorch (single BLAS thread), when it is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths';
import type { BenchModel } from './models';
import type { BenchOptions, BenchResult } from './engine';

/**
 * python with torch: $PIRATE_PAIN_TORCH_PYTHON when set (the only candidate then), else Debian's /usr/bin/python3
 * (the pyenv python on PATH has none), else python3.
 */
export function torchPython(): { python?: string; version?: string; reason?: string } {
  const env = process.env.PIRATE_PAIN_TORCH_PYTHON;
  const candidates = env ? [env] : ['/usr/bin/python3', 'python3'];
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 60000 });
    if (r.status === 0) return { python: py, version: r.stdout.trim() };
  }
  return { reason: `no python with torch among ${candidates.join(', ')}` };
}

export function benchTorch(python: string, models: BenchModel[], o: BenchOptions): Map<string, BenchResult> {
  const script = join(projectRoot(), 'lib', 'bench', 'torch_bench.py');
  if (!existsSync(script)) throw new Error(`${script} missing`);
  const cfg = JSON.stringify({ ...o, models: models.map((m) => ({ name: m.name, spec: m.spec })) });
  const r = spawnSync(python, [script, cfg], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    timeout: 30 * 60 * 1000,
  });
  if (r.status !== 0) throw new Error(`PyTorch benchmark failed (${python} ${script}): ${(r.stderr || String(r.error)).trim().split('\n').pop()}`);
  const out = new Map<string, BenchResult>();
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const j = JSON.parse(line) as BenchResult & { name: string };
    out.set(j.name, j);
  }
  return out;
}
