// What an experiment needs to know about the queue path without loading it: the switch and the call's options.
// The queue path itself (queue-folds.ts) pulls in BullMQ and ioredis, whose ~110 declaration files tslab would
// type-check in every notebook cell that imports the experiment runner; it is loaded only when a queue is asked for.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Dataset } from '../../data/series';
import { projectRoot } from '../../paths';
import type { TrialTask } from '../run/trial-task';

/** The environment variable that sends every experiment's folds to a queue (a redis:// or rediss:// URL). */
export const QUEUE_ENV = 'PIRATE_PAIN_QUEUE';

export interface QueueFoldsOptions {
  url: string;
  data: Dataset;
  runsDir: string;
  queue?: string;
  log: (line: string) => void;
  /** progress line of fold task k (0-based), already naming the worker */
  onProgress?: (k: number, line: string) => void;
  signal?: AbortSignal;
  /** seconds between status lines while nothing finishes (default 10) */
  statusEvery?: number;
}

export type RunFoldsOnQueue = (tasks: (TrialTask & { fold: number })[], o: QueueFoldsOptions) => Promise<void>;

/**
 * queue-folds.ts's runFoldsOnQueue, loaded on first use through tsx's loader (as the pool's workers load their
 * task module): it works the same under tsx, the CLI and a tslab kernel, which compiles only what cells import.
 */
export function loadRunFoldsOnQueue(root: string = projectRoot()): RunFoldsOnQueue {
  const file = join(root, 'lib', 'experiments', 'remote', 'queue-folds.ts');
  const tsx = createRequire(join(root, 'package.json'))('tsx/cjs/api') as { require: (id: string, from: string) => unknown };
  const mod = tsx.require(file, file) as { runFoldsOnQueue?: RunFoldsOnQueue };
  if (typeof mod.runFoldsOnQueue !== 'function') throw new Error(`${file} exports no runFoldsOnQueue`);
  return mod.runFoldsOnQueue;
}
