export { parseQueueUrl, redactUrl, scrub, checkQueue, explain } from './redis';
export type { QueueTarget } from './redis';
export { runQueue, getBlob, priorityOf, DEFAULT_QUEUE, QUEUE_PREFIX } from './coordinator';
export type { QueueTask, QueueStatus, RunQueueOptions, WorkerProgress } from './coordinator';
export { serveQueue, TaskRefused } from './worker';
export type { ServeOptions, ServingWorker, TaskContext } from './worker';
