// A small shared option parser for the CLI commands: `--name value`, `--name=value`, boolean flags, `-h/--help`.
// Usage mistakes become UsageError (exit 2); data problems DataError (exit 1, message only, no stack).

import { DataError } from '../data/errors';
import { projectRoot } from '../paths';

export type OptionKind = 'string' | 'int' | 'flag';

export interface OptionSpec {
  kind: OptionKind;
  /** Smallest allowed value of an int option. */
  min?: number;
}

export type OptionValues<S extends Record<string, OptionSpec>> = {
  [K in keyof S]?: S[K]['kind'] extends 'flag' ? boolean : S[K]['kind'] extends 'int' ? number : string;
};

export interface ParsedArgs<S extends Record<string, OptionSpec>> {
  options: OptionValues<S>;
  positionals: string[];
  help: boolean;
}

/** A mistake in how the command was called (unknown option, missing or malformed value). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parses argv against `spec` (keys are option names without the leading dashes). Throws UsageError on an unknown
 * option, a missing value, a malformed integer, or a positional argument when `positionals` is false.
 */
export function parseArgs<S extends Record<string, OptionSpec>>(argv: readonly string[], spec: S, positionals = false): ParsedArgs<S> {
  const options: Record<string, string | number | boolean> = {};
  const rest: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (arg === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      rest.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq > 0 ? eq : undefined) : '';
    const o = Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined;
    if (!o) {
      const flag = eq > 0 ? arg.slice(0, eq) : arg;
      const known = Object.keys(spec).map((k) => '--' + k).concat('--help');
      throw new UsageError(`unknown option ${flag} (known: ${known.join(', ')})`);
    }
    if (o.kind === 'flag') {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    if (o.kind === 'int') {
      if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be an integer, got "${value}"`);
      const n = Number(value);
      if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} is out of range: ${value}`);
      if (o.min !== undefined && n < o.min) throw new UsageError(`--${name} must be at least ${o.min}, got ${n}`);
      options[name] = n;
    } else {
      options[name] = value;
    }
  }
  if (!positionals && rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  return { options: options as OptionValues<S>, positionals: rest, help };
}

/**
 * Runs one command body with the shared conventions: `--help` prints the usage (exit 0); a UsageError prints the
 * message and the usage (exit 2); a DataError or other Error prints `command: message` without a stack (exit 1;
 * set PIRATE_PAIN_DEBUG=1 for the stack).
 */
export async function runCommand<S extends Record<string, OptionSpec>>(
  command: string,
  usage: string,
  argv: readonly string[],
  spec: S,
  body: (args: ParsedArgs<S>) => Promise<number> | number,
  positionals = false,
): Promise<number> {
  let args: ParsedArgs<S>;
  try {
    args = parseArgs(argv, spec, positionals);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${command}: ${e.message}\n\n${usage}`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    console.log(usage);
    return 0;
  }
  try {
    return await body(args);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${command}: ${e.message}\n\n${usage}`);
      return 2;
    }
    if (process.env.PIRATE_PAIN_DEBUG) console.error(e);
    else if (e instanceof DataError) console.error(`${command}: ${e.message}`);
    else console.error(`${command}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

/** The project around the working directory, else the one these commands belong to (npx from elsewhere). */
export function commandRoot(): string {
  try {
    return projectRoot();
  } catch {
    return projectRoot(__dirname);
  }
}

/** Trials locate lib/ (worker entry, code version) from the working directory; run from elsewhere, use ours. */
export function enterProject(): void {
  try {
    projectRoot();
  } catch {
    process.chdir(projectRoot(__dirname));
  }
}
