// Queue URLs and Redis connections: redis://[user:pass@]host:port[/db] or rediss:// (TLS). Credentials are taken out
// of the URL once, here, and every message that names the queue uses the redacted form.
import { isIP } from 'node:net';
import IORedis, { type RedisOptions } from 'ioredis';

export interface QueueTarget {
  /** for messages: the URL without user name or password */
  display: string;
  options: RedisOptions;
}

/** The URL with any user name and password replaced by `***` (an unparsable URL is hidden entirely). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const auth = u.username || u.password ? '***@' : '';
    return `${u.protocol}//${auth}${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(unparsable queue URL)';
  }
}

/** Removes every occurrence of the URL's password (and the URL itself) from a message from a library. */
export function scrub(message: string, url: string): string {
  let out = message.split(url).join(redactUrl(url));
  try {
    const u = new URL(url);
    for (const secret of [u.password, decodeURIComponent(u.password)]) if (secret) out = out.split(secret).join('***');
  } catch {
    // nothing more to hide
  }
  return out;
}

/** Parses a queue URL into ioredis options; throws a message naming what is wrong (never the password). */
export function parseQueueUrl(url: string): QueueTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`queue URL: not a URL (expected redis://[user:pass@]host:port or rediss://…)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new Error(`queue URL ${redactUrl(url)}: expected the redis:// or rediss:// scheme, got ${u.protocol}`);
  }
  if (!u.hostname) throw new Error(`queue URL ${redactUrl(url)}: no host`);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new Error(`queue URL ${redactUrl(url)}: the path must be a database number, got ${u.pathname}`);
  const options: RedisOptions = {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port ? Number(u.port) : 6379,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    // SNI takes a host name only (RFC 6066): an IP address is checked against the certificate without it
    ...(u.protocol === 'rediss:' ? { tls: isIP(u.hostname.replace(/^\[|\]$/g, '')) ? {} : { servername: u.hostname } } : {}),
  };
  return { display: redactUrl(url), options };
}

/** Options BullMQ needs on its connections (blocking commands must not be retried per request). */
export function bullOptions(target: QueueTarget): RedisOptions {
  return { ...target.options, maxRetriesPerRequest: null, enableReadyCheck: true };
}

/**
 * Connects and checks the server answers PING within `timeoutMs`: an unreachable host or a wrong password becomes a
 * clear error in seconds instead of ioredis retrying forever. The connection is closed again.
 */
export async function checkQueue(url: string, timeoutMs = 5000): Promise<QueueTarget> {
  const target = parseQueueUrl(url);
  const client = new IORedis({
    ...target.options,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  client.on('error', (e: Error) => {
    lastError = e;
  });
  const timer = new Promise<never>((_, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    t.unref();
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), timer]);
    return target;
  } catch (e) {
    throw new Error(`queue ${target.display}: ${explain((lastError ?? e) as Error, url)}`);
  } finally {
    client.disconnect();
  }
}

/** A Redis error in words a user can act on (authentication, refused connection, TLS), credentials scrubbed. */
export function explain(e: Error, url: string): string {
  const m = scrub(e.message, url);
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(m)) return `authentication failed (wrong or missing user name/password): ${m}`;
  if (/ECONNREFUSED/.test(m)) return `connection refused (is redis-server running there?): ${m}`;
  if (/ENOTFOUND|EAI_AGAIN/.test(m)) return `host not found: ${m}`;
  if (/ETIMEDOUT|no answer within/.test(m)) return `unreachable: ${m}`;
  if (/SSL|TLS|certificate|wrong version number/i.test(m)) return `TLS failed (rediss:// needs a TLS port; redis:// a plain one): ${m}`;
  return m;
}
