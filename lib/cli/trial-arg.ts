// A trial named on the command line (`export --trial HASH`, `runs show HASH`): its folder in a runs directory, by its
// hash or a unique prefix of it.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './args';

/**
 * The trial folder named by `hash` or by a unique prefix of it. `what` names the argument in a usage error
 * ('--trial'), `hint` says how to point at another runs directory.
 */
export function resolveTrial(runsDir: string, hash: string, o: { what?: string; hint: string }): { hash: string; dir: string } {
  if (!/^[0-9a-zA-Z_-]+$/.test(hash)) throw new UsageError(`${o.what ? `${o.what}: ` : ''}expected a trial hash, got "${hash}"`);
  if (!existsSync(runsDir)) throw new Error(`${runsDir}: no such runs directory (${o.hint})`);
  if (existsSync(join(runsDir, hash))) return { hash, dir: join(runsDir, hash) };
  const matches = readdirSync(runsDir).filter((d) => d.startsWith(hash));
  if (matches.length === 1) return { hash: matches[0], dir: join(runsDir, matches[0]) };
  if (matches.length === 0) throw new Error(`${runsDir}: no trial ${hash}`);
  throw new Error(`${runsDir}: trial prefix ${hash} is ambiguous (${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''})`);
}
