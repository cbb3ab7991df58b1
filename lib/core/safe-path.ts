// Paths built from input (a config's name, a model key, a queue task's field, a command-line argument) stay under
// the folder they are meant for. Every writer that puts input into a path goes through safeJoin, so a name like
// '../../x', '/etc', '' or '.hidden' is refused where the path is made, even if the input's own validation were
// bypassed. The check is symlink-aware: the deepest part of the path that exists is resolved (realpath), so a link
// planted inside the folder cannot lead a write out of it.
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A path from input that would leave its folder, or a path segment that is not a plain name. */
export class UnsafePathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

/**
 * One plain path segment: no separator, not '.' or '..', not hidden (leading '.'), no control characters, at most
 * 255 bytes (what file systems allow for one name).
 */
export function checkSegment(segment: string, what = 'path segment'): string {
  const shown = JSON.stringify(String(segment).slice(0, 80));
  if (typeof segment !== 'string' || segment === '') throw new UnsafePathError(`${what}: an empty name cannot be a file or folder name`);
  if (/[/\\]/.test(segment)) throw new UnsafePathError(`${what}: ${shown} contains a path separator; expected a plain name`);
  if (segment.startsWith('.')) throw new UnsafePathError(`${what}: ${shown} starts with "."; expected a plain name (not hidden, not . or ..)`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(segment)) throw new UnsafePathError(`${what}: ${shown} contains a control character`);
  if (Buffer.byteLength(segment) > 255) throw new UnsafePathError(`${what}: ${shown}… is longer than 255 bytes`);
  return segment;
}

/** realpath of the deepest existing ancestor of `p` (inclusive), with the rest of `p` appended unresolved. */
function realish(p: string): string {
  let head = p;
  const tail: string[] = [];
  for (;;) {
    if (existsSync(head) || isLink(head)) {
      try {
        return join(realpathSync(head), ...tail.reverse());
      } catch {
        // a dangling link: it points nowhere we can check
        throw new UnsafePathError(`${head}: a symbolic link that leads nowhere`);
      }
    }
    const up = dirname(head);
    if (up === head) return p;
    tail.push(head.slice(up.length).replace(/^[/\\]/, ''));
    head = up;
  }
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Whether `child` is `parent` or lies under it (both absolute, normalised). */
export function isInside(parent: string, child: string): boolean {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r) && r.split(sep)[0] !== '..');
}

/**
 * Throws unless `path` stays under `base` once resolved, symbolic links included (an existing `base` is itself
 * resolved first, so a base that is a link to elsewhere is fine: it is the user's choice of folder).
 */
export function assertInside(base: string, path: string, what = 'path'): string {
  const b = resolve(base);
  const p = resolve(path);
  if (!isInside(b, p)) throw new UnsafePathError(`${what}: ${p} is outside ${b}`);
  const rb = realish(b);
  const rp = realish(p);
  if (!isInside(rb, rp)) throw new UnsafePathError(`${what}: ${p} leads to ${rp} through a symbolic link, outside ${rb}`);
  return p;
}

/**
 * `base` joined with plain name segments (each checked by checkSegment), resolved and checked to stay under `base`.
 * `what` names the input in messages (e.g. 'config name', 'model key').
 */
export function safeJoin(base: string, segments: readonly string[], what = 'path'): string {
  for (const s of segments) checkSegment(s, what);
  return assertInside(base, join(resolve(base), ...segments), what);
}
