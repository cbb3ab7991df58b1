// What names a trial: its recipe, the data it trains on, the code on the training path, and the compute path.
//
// The code is found, not listed: starting from an entry module, follow every relative import that exists at run
// time (`import type` and type-only specifier lists are erased by the compiler and followed no further), and add
// every file of the given source folders (native code loaded as a binary). The caller names the entry and the
// folders (lib/experiments/run/code-identity.ts: the fold task and the addon's sources) and the compute path, so the
// store knows nothing of the engine or of the experiments above it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { canonicalJSON, sha256 } from './hash';

/** The module a worker loads to train one fold (relative to the project root). */
export const FOLD_ENTRY = 'lib/experiments/run/trial-task.ts';

/**
 * Native sources that the addon is compiled from (C files, headers, included kernels, binding.gyp): loaded as a
 * binary, not imported, so every file of the folder counts except build outputs.
 */
export const NATIVE_DIR = 'lib/nn/native';
const NOT_SOURCE = new Set(['build', 'node_modules']);

function nativeSources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_SOURCE.has(e.name) || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...nativeSources(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * Relative module specifiers a TypeScript/JavaScript source loads at run time: `import … from`, `export … from`,
 * side-effect `import '…'`, `require('…')` and `import('…')`. Type-only imports and exports are left out. Only
 * statements at the start of a line count, so a comment that mentions `import x from` does not.
 */
export function runtimeImports(source: string): string[] {
  const out: string[] = [];
  const statement = /^[ \t]*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm;
  for (let m = statement.exec(source); m; m = statement.exec(source)) {
    if (m[2]) continue; // import type … / export type …
    const clause = m[3].trim();
    const braces = /^\{([\s\S]*)\}$/.exec(clause);
    if (braces) {
      const names = braces[1].split(',').map((s) => s.trim()).filter((s) => s !== '');
      // `import { type A, type B } from` is erased entirely; `import {} from` still loads the module
      if (names.length > 0 && names.every((n) => /^type\s/.test(n))) continue;
    }
    out.push(m[4]);
  }
  const sideEffect = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;
  for (let m = sideEffect.exec(source); m; m = sideEffect.exec(source)) out.push(m[1]);
  const call = /\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = call.exec(source); m; m = call.exec(source)) out.push(m[1]);
  return [...new Set(out)].filter((s) => s.startsWith('./') || s.startsWith('../'));
}

/** The file a relative specifier loads: as written (.ts/.js/.cjs/.json), with .ts added, or its folder's index.ts. */
function resolveModule(fromFile: string, spec: string): string | undefined {
  const base = resolve(dirname(fromFile), spec);
  const candidates = /\.(ts|js|cjs|mjs|json)$/.test(base) ? [base] : [`${base}.ts`, join(base, 'index.ts')];
  return candidates.find((f) => existsSync(f) && statSync(f).isFile());
}

/** Every source file reachable from `entry` through run-time relative imports (absolute paths, sorted). */
export function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [resolve(entry)];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    if (!existsSync(file)) throw new Error(`code identity: ${file} is imported but does not exist`);
    seen.add(file);
    if (!/\.(ts|js|cjs|mjs)$/.test(file)) continue;
    for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
      const target = resolveModule(file, spec);
      if (!target) throw new Error(`code identity: ${relative(process.cwd(), file)} imports "${spec}", which resolves to no file`);
      stack.push(target);
    }
  }
  return [...seen].sort();
}

/** What decides a trial's numbers: an entry module's import closure plus every file of some source folders. */
export interface CodeRoots {
  /** the module whose run-time import closure counts (relative to root) */
  entry: string;
  /** folders whose every file counts (sources loaded as a binary, e.g. native code; relative to root) */
  sourceDirs?: readonly string[];
}

/** The files of `code` under `root` (relative, '/'-separated, sorted). */
export function codeFiles(root: string, code: CodeRoots): string[] {
  const files = importClosure(join(root, code.entry));
  for (const d of code.sourceDirs ?? []) files.push(...nativeSources(join(root, d)));
  return [...new Set(files)].map((f) => relative(root, f).split('\\').join('/')).sort();
}

const codeCache = new Map<string, string>();

/** sha256 over the path and bytes of every codeFiles() file (computed once per process, root and code roots). */
export function codeVersion(root: string, code: CodeRoots): string {
  const key = JSON.stringify([root, code.entry, code.sourceDirs ?? []]);
  const cached = codeCache.get(key);
  if (cached) return cached;
  const h = createHash('sha256');
  for (const f of codeFiles(root, code)) {
    h.update(`${f}\0`);
    h.update(readFileSync(join(root, f)));
    h.update('\0');
  }
  const v = h.digest('hex');
  codeCache.set(key, v);
  return v;
}

/** Forgets cached code versions (tests that edit files). */
export function resetCodeVersionCache(): void {
  codeCache.clear();
}

/** The code identity that goes into a trial's hash: code version and compute path (e.g. openblas:0.3.21:haswell). */
export function joinCodeIdentity(version: string, compute: string): string {
  return `${version}+${compute}`;
}

/** The 12-hex name of a trial: sha256 of its canonical recipe, data fingerprint and code identity. */
export function trialHash(trial: unknown, data: string, code: string): string {
  return sha256(canonicalJSON({ trial, data, code })).slice(0, 12);
}
