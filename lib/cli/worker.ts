// `pirate-pain worker`: take fold tasks from a BullMQ queue on Redis, train them with the local pool's code and
// return the results to the coordinator, until stopped (SIGINT/SIGTERM: finish the running tasks, then exit).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { foldHandler } from '../experiments/remote/fold-worker';
import { serveQueue } from '../queue/worker';
import { UsageError, runCommand, enterProject } from './args';

export const usage = `pirate-pain worker --queue redis://[user:pass@]HOST:PORT [--concurrency N] [--data DIR] [--cache DIR]

Takes fold tasks that \`pirate-pain run --queue URL\` (or a notebook with $PIRATE_PAIN_QUEUE) put on the queue, trains
them with the same code as the local pool and sends the fold's files back; the coordinator checks and stores them.
Each task is validated like a config file; a task whose data or code identity differs from this worker's is
refused with a message shown at the coordinator. rediss:// URLs use TLS. Stop with Ctrl-C (running tasks finish;
a second Ctrl-C stops at once, and the queue gives the task to another worker).
Options:
  --queue URL        the Redis server (default: $PIRATE_PAIN_QUEUE); the password never appears in logs
  --concurrency N    fold tasks trained at the same time, one worker thread each (default 1; one per core)
  --data DIR         use this data folder instead of the copy the coordinator stores in Redis (must match it)
  --cache DIR        where received data sets are kept (default: $XDG_CACHE_HOME/pirate-pain, else ~/.cache/pirate-pain)
  --name NAME        this worker's name at the coordinator (default: host:pid)
  --lock-seconds S   a task's lock lifetime; a killed worker's task goes to another after about S s (default 30)`;

const spec = {
  queue: { kind: 'string' },
  concurrency: { kind: 'int', min: 1 },
  data: { kind: 'string' },
  cache: { kind: 'string' },
  name: { kind: 'string' },
  'lock-seconds': { kind: 'int', min: 1 },
} as const;

export async function run(argv: string[]): Promise<number> {
  return runCommand('worker', usage, argv, spec, async ({ options }) => {
    const url = options.queue ?? process.env.PIRATE_PAIN_QUEUE;
    if (!url) throw new UsageError('--queue URL is required (or set $PIRATE_PAIN_QUEUE)');
    const dataDir = options.data !== undefined ? resolve(options.data) : undefined;
    const cacheDir = resolve(options.cache ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'pirate-pain'));
    enterProject();
    const log = (line: string): void => console.log(line);
    const lock = (options['lock-seconds'] ?? 30) * 1000;
    const worker = await serveQueue({
      url,
      concurrency: options.concurrency ?? 1,
      name: options.name,
      handler: foldHandler({ cacheDir, dataDir, log }),
      log,
      lockDurationMs: lock,
      stalledIntervalMs: lock,
    });
    await new Promise<void>((done) => {
      let stopping = false;
      const stop = (): void => {
        if (stopping) process.exit(130);
        stopping = true;
        log(`worker ${worker.name}: stopping after the running task(s) (Ctrl-C again to stop now)`);
        void worker.close().then(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    log(`worker ${worker.name}: stopped after ${worker.finished} task(s)`);
    return 0;
  });
}
