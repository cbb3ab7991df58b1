// The CLI commands' shared option parser: `--name value`, `--name=value`, boolean flags, `-h/--help`. node:util
// parseArgs splits argv into tokens; this layer checks them against the command's spec (integers, minimums, a flag
// given a value, `--a --b` as a missing value) with messages that name the option (docs/libraries.md says why).
// Usage mistakes become UsageError (exit 2); data problems DataError (exit 1, message only, no stack).

import { parseArgs as tokenizeArgs } from 'node:util';
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
  const known = Object.keys(spec);
  // strict: false, so that an unknown option, a flag with a value or a value that looks like an option reach the
  // checks below (and their messages) instead of node's generic ERR_PARSE_ARGS_* texts
  const { tokens } = tokenizeArgs({
    args: [...argv],
    options: {
      ...Object.fromEntries(known.map((k) => [k, { type: spec[k].kind === 'flag' ? 'boolean' as const : 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const options: Record<string, string | number | boolean> = {};
  const rest: string[] = [];
  let help = false;
  for (const t of tokens) {
    if (t.kind === 'positional') rest.push(t.value);
    if (t.kind !== 'option') continue;
    if (t.rawName === '-h' || t.rawName === '--help') {
      if (t.inlineValue) throw new UsageError('--help takes no value');
      help = true;
      continue;
    }
    const o = t.rawName.startsWith('--') && Object.prototype.hasOwnProperty.call(spec, t.name) ? spec[t.name] : undefined;
    if (!o) throw new UsageError(`unknown option ${t.rawName} (known: ${known.map((k) => '--' + k).concat('--help').join(', ')})`);
    if (o.kind === 'flag') {
      if (t.inlineValue) throw new UsageError(`--${t.name} takes no value`);
      options[t.name] = true;
      continue;
    }
    // node takes the next argument as the value even when it is another option (`--out --seed 1`): a missing value
    const value = t.inlineValue || !t.value?.startsWith('--') ? t.value : undefined;
    if (value === undefined || value === '') throw new UsageError(`--${t.name} needs a value`);
    options[t.name] = o.kind === 'int' ? integerOption(t.name, value, o.min) : value;
  }
  if (!positionals && rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  return { options: options as OptionValues<S>, positionals: rest, help };
}

function integerOption(name: string, value: string, min: number | undefined): number {
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be an integer, got "${value}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} is out of range: ${value}`);
  if (min !== undefined && n < min) throw new UsageError(`--${name} must be at least ${min}, got ${n}`);
  return n;
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
