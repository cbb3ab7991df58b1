// `pirate-pain worker`: take fold tasks from a BullMQ queue on Redis, train them with the local pool's code and
// return the results to the coordinator, until stopped (SIGINT/SIGTERM: finish the running tasks, then exit).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { foldHandler, sweepWorkerLeftovers } from '../experiments/remote/fold-worker';
import { hasPassword, queueFileWarning, queueUrlFrom } from '../queue/url-source';
import { serveQueue } from '../queue/worker';
import { UsageError, runCommand, enterProject } from './args';

export const usage = `pirate-pain worker [--queue-file FILE] [--concurrency N] [--data DIR] [--cache DIR]

Takes fold tasks that \`pirate-pain run\` (or a notebook) put on the queue, trains them with the same code as the local
pool and sends the fold's files back; the coordinator checks and stores them. Each task is validated like a config
file; a task whose data or code identity differs from this worker's is refused with a message shown at the
coordinator. rediss:// URLs use TLS.
The queue URL (redis://[user:pass@]HOST:PORT or rediss://…) comes from, in order: --queue URL, --queue-file FILE,
$PIRATE_PAIN_QUEUE, $PIRATE_PAIN_QUEUE_FILE. With a password, keep it off the command line (\`ps\` shows a command
line to every user of the machine): put the URL in a file only you can read (chmod 600) and give --queue-file or
$PIRATE_PAIN_QUEUE_FILE, or export $PIRATE_PAIN_QUEUE.
Stopping (Ctrl-C, SIGTERM): an idle worker exits within a few seconds whatever Redis is doing; running tasks get
--stop-seconds to finish, then are abandoned (the queue gives each to another worker once its lock expires). A
second signal stops at once. Task folders in the temporary folder are removed on exit, and those of killed workers
on the next start.
Options:
  --queue URL        the Redis server; the password never appears in logs (but a command line is visible to \`ps\`)
  --queue-file FILE  a file whose first line is the queue URL (blank lines and # comments skipped)
  --concurrency N    fold tasks trained at the same time, one worker thread each (default 1; one per core)
  --data DIR         use this data folder instead of the copy the coordinator stores in Redis (must match it)
  --cache DIR        where received data sets are kept (default: $XDG_CACHE_HOME/pirate-pain, else ~/.cache/pirate-pain)
  --name NAME        this worker's name at the coordinator (default: host:pid)
  --lock-seconds S   a task's lock lifetime; a killed worker's task goes to another after about S s (default 30)
  --stop-seconds S   on SIGTERM/Ctrl-C, how long running tasks may take to finish before they are abandoned (default 30)`;

const spec = {
  queue: { kind: 'string' },
  'queue-file': { kind: 'string' },
  concurrency: { kind: 'int', min: 1 },
  data: { kind: 'string' },
  cache: { kind: 'string' },
  name: { kind: 'string' },
  'lock-seconds': { kind: 'int', min: 1 },
  'stop-seconds': { kind: 'int', min: 0 },
} as const;

/** How long an idle worker waits for BullMQ to close before it exits anyway (Redis may be gone). */
export const IDLE_STOP_MS = 3000;

const sleep = (ms: number): Promise<'timeout'> => new Promise((r) => setTimeout(() => r('timeout'), ms).unref());

export async function run(argv: string[]): Promise<number> {
  return runCommand('worker', usage, argv, spec, async ({ options }) => {
    const source = queueUrlFrom({ url: options.queue, file: options['queue-file'] });
    if (!source) throw new UsageError('no queue: give --queue-file FILE or --queue URL, or set $PIRATE_PAIN_QUEUE or $PIRATE_PAIN_QUEUE_FILE');
    const log = (line: string): void => console.log(line);
    if (options.queue !== undefined && hasPassword(options.queue)) {
      log('worker: warning: the queue password is on the command line, where `ps` shows it to every user of this machine; use --queue-file or $PIRATE_PAIN_QUEUE');
    }
    const fileWarning = source.from !== '--queue' && !source.from.startsWith('$') ? queueFileWarning(source.from) : undefined;
    if (fileWarning) log(`worker: warning: ${fileWarning}`);
    const dataDir = options.data !== undefined ? resolve(options.data) : undefined;
    const cacheDir = resolve(options.cache ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'pirate-pain'));
    enterProject();
    for (const p of sweepWorkerLeftovers(cacheDir)) log(`worker: removed ${p} (left by a worker that was killed)`);
    const lock = (options['lock-seconds'] ?? 30) * 1000;
    const stopMs = (options['stop-seconds'] ?? 30) * 1000;
    const worker = await serveQueue({
      url: source.url,
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
        if (stopping) {
          log(`worker ${worker.name}: stopping now`);
          process.exit(130); // the exit hook removes the task folders
        }
        stopping = true;
        const busy = worker.running;
        log(busy ? `worker ${worker.name}: stopping; ${busy} running task(s) get up to ${stopMs / 1000} s to finish (again to stop now)`
          : `worker ${worker.name}: stopping (idle)`);
        void (async () => {
          // idle: a few seconds for BullMQ to let go of Redis (which may be unreachable); busy: the stop bound
          const r = await Promise.race([worker.close(false).then(() => 'closed' as const, () => 'closed' as const), sleep(busy ? stopMs : IDLE_STOP_MS)]);
          if (r === 'timeout' && worker.running > 0) {
            log(`worker ${worker.name}: abandoning ${worker.running} task(s) after ${stopMs / 1000} s; the queue hands them to another worker`);
            await Promise.race([worker.close(true).catch(() => {}), sleep(IDLE_STOP_MS)]);
          }
          done();
        })();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    log(`worker ${worker.name}: stopped after ${worker.finished} task(s)`);
    // nothing of a closed worker may keep the process alive (reconnect timers of a vanished Redis)
    process.exit(0);
  });
}
