import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const PACKAGE_NAME = 'pirate-pain-lab';

/**
 * The project root: the nearest folder above `from` (default: the working directory) whose package.json is this
 * project's. Notebooks run with their own folder as working directory, the CLI anywhere inside the project.
 */
export function projectRoot(from: string = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === PACKAGE_NAME) return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`not inside the ${PACKAGE_NAME} project: ${from}`);
    dir = up;
  }
}

export const outputsDir = (root = projectRoot()): string => join(root, 'outputs');
export const dataDir = (root = projectRoot()): string => join(root, 'data');
