// The loop inside a pool worker: load the task module once, run tasks as the parent sends them, report progress,
// results and errors back. A `cancel` message aborts the running task's signal.
import { parentPort, workerData } from 'node:worker_threads';
import type { ToParent, ToWorker, WorkerData } from './pool';

const data = workerData as WorkerData;
const port = parentPort;
if (!port) throw new Error('worker-main: not started as a worker thread');

// eslint-disable-next-line @typescript-eslint/no-var-requires
const mod = require(data.module) as Record<string, unknown>;
const fn = mod[data.exportName];
const controllers = new Map<number, AbortController>();
const send = (m: ToParent): void => port.postMessage(m);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') {
    controllers.get(msg.id)?.abort(new Error('cancelled by the pool'));
    return;
  }
  const { id, task } = msg;
  const controller = new AbortController();
  controllers.set(id, controller);
  (async () => {
    if (typeof fn !== 'function') throw new Error(`${data.module} has no exported function ${data.exportName}`);
    return fn(task, { shared: data.shared, signal: controller.signal, progress: (line: string) => send({ type: 'progress', id, line }) });
  })().then(
    (result) => send({ type: 'result', id, result }),
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      send({ type: 'error', id, message: err.message, stack: err.stack });
    },
  ).finally(() => controllers.delete(id));
});
send({ type: 'ready' });
