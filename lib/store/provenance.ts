// Where and how a fold or trial was computed: enough to tell two runs apart when their numbers differ.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../paths';
import { sha256 } from './hash';

export interface Provenance {
  /** gemm identity (e.g. openblas:0.3.21:haswell), as in the trial hash */
  compute: string;
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  host: string;
  /** sha256 of package-lock.json (the exact dependency tree), or null without one */
  packageLock: string | null;
  /** git commit of the working tree, or null outside git */
  gitCommit: string | null;
  /** ISO time */
  time: string;
}

let fixed: Omit<Provenance, 'time' | 'compute'> | undefined;

/** The git commit checked out at root, or null outside git. */
export function gitCommit(root: string): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

/** This process's provenance now (the machine facts are gathered once per process). */
export function provenance(compute: string, root: string = projectRoot()): Provenance {
  if (!fixed) {
    const lock = join(root, 'package-lock.json');
    fixed = {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      host: hostname(),
      packageLock: existsSync(lock) ? sha256(readFileSync(lock)) : null,
      gitCommit: gitCommit(root),
    };
  }
  return { compute, ...fixed, time: new Date().toISOString() };
}
