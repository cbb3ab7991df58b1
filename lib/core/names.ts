// The one rule for names that end up in file names: config names, model keys. A name is a single path segment that
// cannot climb out of its folder or hide (no '/', '\', no leading '.', not empty), short enough for any file system.

/** Letters, digits, `-`, `_` and `.`, not starting with `.`, 1 to MAX_NAME_LENGTH characters. */
export const MAX_NAME_LENGTH = 64;
export const SAFE_NAME = new RegExp(`^[A-Za-z0-9_-][A-Za-z0-9._-]{0,${MAX_NAME_LENGTH - 1}}$`);

/** What is wrong with `value` as a name, or undefined when it is one. */
export function nameProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `expected a name, got ${value === null ? 'null' : typeof value}`;
  if (SAFE_NAME.test(value)) return undefined;
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === '') return 'expected a name, got the empty string';
  if (value.length > MAX_NAME_LENGTH) return `expected a name of at most ${MAX_NAME_LENGTH} characters, got ${value.length}: ${shown}`;
  if (/[^A-Za-z0-9._-]/.test(value)) return `expected a name (letters, digits, "-", "_", "." only), got ${shown}`;
  return `expected a name not starting with ".", got ${shown}`;
}

/** `value` as a name; throws an Error prefixed with `what` (a key path) otherwise. */
export function checkName(value: unknown, what: string): string {
  const problem = nameProblem(value);
  if (problem !== undefined) throw new Error(`${what}: ${problem}`);
  return value as string;
}
