// Where the queue's URL (and its password) comes from without putting it on a command line, where `ps` shows it to
// every user of the machine: an environment variable, or a file only its owner can read. No Redis code here, so the
// experiment runner can ask for the URL without loading the queue.
import { readFileSync, statSync } from 'node:fs';

/** The queue URL itself (redis://[user:pass@]host:port or rediss://…). */
export const QUEUE_URL_ENV = 'PIRATE_PAIN_QUEUE';
/** A file whose first line (blank lines and # comments skipped) is the queue URL. */
export const QUEUE_FILE_ENV = 'PIRATE_PAIN_QUEUE_FILE';

/** The URL in `file`: its first line that is neither blank nor a # comment. Messages never show the file's content. */
export function readQueueFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`queue file ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  if (!line) throw new Error(`queue file ${file}: holds no URL (expected one line redis://[user:pass@]host:port)`);
  return line;
}

/** A warning when a file holding a password can be read by other users (the permissions ssh insists on). */
export function queueFileWarning(file: string): string | undefined {
  try {
    const mode = statSync(file).mode;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      return `queue file ${file} can be read by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it`;
    }
  } catch {
    // reported when it is read
  }
  return undefined;
}

/** A password written into a URL on the command line (visible to `ps`). */
export const hasPassword = (url: string): boolean => {
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
};

/**
 * The queue URL from, in order: an explicit URL (option), an explicit file (option), $PIRATE_PAIN_QUEUE,
 * $PIRATE_PAIN_QUEUE_FILE; with where it came from (for messages). undefined when none is given.
 */
export function queueUrlFrom(o: { url?: string; file?: string } = {}, env: NodeJS.ProcessEnv = process.env): { url: string; from: string } | undefined {
  if (o.url) return { url: o.url, from: '--queue' };
  if (o.file) return { url: readQueueFile(o.file), from: o.file };
  if (env[QUEUE_URL_ENV]) return { url: env[QUEUE_URL_ENV]!, from: `$${QUEUE_URL_ENV}` };
  if (env[QUEUE_FILE_ENV]) return { url: readQueueFile(env[QUEUE_FILE_ENV]!), from: env[QUEUE_FILE_ENV]! };
  return undefined;
}
