// Shared by the report tests: notebooks built in code, and scratch folders inside the project that link `lib`
// the way notebooks/ does (tslab's rootDir is the notebook's folder, so imports must stay below it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../lib/paths';
import type { Cell, Notebook } from '../../lib/report/notebook';
import { TSLAB_KERNELSPEC } from '../../lib/report/notebook';

export const root = projectRoot();

export function notebook(cells: (string | { md: string })[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { ...TSLAB_KERNELSPEC }, language_info: { name: 'typescript' } },
    cells: cells.map((c, i): Cell =>
      typeof c === 'string'
        ? { cell_type: 'code', id: `c${i}`, metadata: {}, source: c, outputs: [], execution_count: null }
        : { cell_type: 'markdown', id: `m${i}`, metadata: {}, source: c.md },
    ),
  };
}

/** A fresh folder under <root>/.tmp with a `lib` link to the project's lib; removed by the returned cleanup. */
export function scratchDir(prefix: string): { dir: string; cleanup: () => void } {
  const base = join(root, '.tmp');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${prefix}-`));
  symlinkSync(join('..', '..', 'lib'), join(dir, 'lib'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Test options for a test that needs an external tool: skipped with the reason when the tool is missing, except
 * with CI=true, where the test runs and must fail through failIfMissing (the CI machine must have the tool).
 */
export function toolGate(missing: string | undefined): { skip?: string } {
  return missing !== undefined && process.env.CI !== 'true' ? { skip: missing } : {};
}

export function failIfMissing(missing: string | undefined): void {
  if (missing !== undefined) throw new Error(`CI=true but ${missing}`);
}

/** Debian's python3 with Jupyter (the first python3 on PATH may be another interpreter). */
export function jupyterPython(): { python: string; missing?: string } {
  // PIRATE_PAIN_PYTHON, when set, is the only candidate.
  const candidates = process.env.PIRATE_PAIN_PYTHON ? [process.env.PIRATE_PAIN_PYTHON] : ['/usr/bin/python3', 'python3'];
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import nbconvert, nbclient, jupyter_client'], { encoding: 'utf8' });
    if (r.status === 0) return { python };
  }
  return {
    python: '',
    missing: `no python3 with nbconvert, nbclient and jupyter_client (tried ${candidates.join(', ')}; apt-get install jupyter-nbconvert python3-nbclient jupyter-client python3-ipython)`,
  };
}

export function chromiumBinary(): { bin: string; missing?: string } {
  // CHROMIUM, when set, is the only candidate.
  const candidates = process.env.CHROMIUM ? [process.env.CHROMIUM] : ['chromium', 'chromium-browser', 'google-chrome'];
  for (const bin of candidates) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return { bin };
  }
  return { bin: '', missing: `no Chromium found (tried ${candidates.join(', ')}; apt-get install chromium)` };
}

export const exists = existsSync;
