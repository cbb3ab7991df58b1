// The code a trial's numbers depend on: the module a pool worker runs for a fold and everything it imports at run
// time, plus the native sources the addon is built from. A notebook, a plot module or the README is not on that
// path; trials.ts (which assembles each fold's recipe) and every C kernel are. Named here, above the store, which
// only hashes what it is told.
import type { Gemm } from '../../nn/gemm/types';
import { computePath } from '../../nn/gemm/index';
import { projectRoot } from '../../paths';
import { codeFiles as filesOf, codeVersion as versionOf, joinCodeIdentity, type CodeRoots } from '../../store/identity';

/** The module a worker loads to train one fold (relative to the project root). */
export const FOLD_ENTRY = 'lib/experiments/run/trial-task.ts';

/**
 * Native sources that the addon is compiled from (C files, headers, included kernels, binding.gyp): loaded as a
 * binary, not imported, so every file of the folder counts except build outputs.
 */
export const NATIVE_DIR = 'lib/nn/native';

export const TRAINING_CODE: CodeRoots = { entry: FOLD_ENTRY, sourceDirs: [NATIVE_DIR] };

/** The files whose bytes decide a trial's numbers. */
export const codeFiles = (root: string = projectRoot()): string[] => filesOf(root, TRAINING_CODE);

/** sha256 over the path and bytes of every codeFiles() file (computed once per process and root). */
export const codeVersion = (root: string = projectRoot()): string => versionOf(root, TRAINING_CODE);

/** The code identity that goes into a trial's hash: code version and this process's (or the given) compute path. */
export function codeIdentity(root?: string, gemm?: Pick<Gemm, 'name'> & { identity?: string }): string {
  return joinCodeIdentity(codeVersion(root), computePath(gemm));
}

export { computePath };
