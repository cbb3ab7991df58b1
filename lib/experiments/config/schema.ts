// A small schema validator for experiment configs and queue tasks: rejects unknown keys (own properties only), wrong
// types and out-of-range values with the offending key path. Numeric ranges are lib/limits.ts Ranges, stated the same
// way the engine states them. Each config type is written once, as a schema, and its TypeScript type is inferred
// (Infer): no interface repeats what a schema says. Why not zod, valibot or TypeBox: docs/libraries.md, "Config schema".
import { describeRange, inRange, type Range } from '../../limits';
import { nameProblem } from '../../core/names';

interface Common {
  readonly optional?: boolean;
  readonly doc?: string;
}

export type Schema =
  | ({ readonly type: 'number' } & Range & Common)
  | ({ readonly type: 'string'; readonly enum?: readonly string[] } & Common)
  | ({ readonly type: 'boolean' } & Common)
  /** a string that may become part of a file name: lib/core/names.ts */
  | ({ readonly type: 'name' } & Common)
  | ({ readonly type: 'literal'; readonly value: string | number | boolean } & Common)
  | ({ readonly type: 'array'; readonly items: Schema; readonly minItems?: number } & Common)
  /** `partial`: every field, at any depth below, may be left out (profile overrides, model variants) */
  | ({ readonly type: 'object'; readonly fields: { readonly [key: string]: Schema }; readonly partial?: boolean } & Common)
  /** `keys: 'name'`: every key must be a name (lib/core/names.ts), e.g. model keys that name output files */
  | ({ readonly type: 'record'; readonly values: Schema; readonly keys?: 'name'; readonly partial?: boolean } & Common)
  | ({ readonly type: 'any' } & Common)
  | ({ readonly type: 'union'; readonly options: readonly Schema[] } & Common)
  /**
   * the one of `options` that `by` picks for the whole value (a trial by its model's kind), so errors come from that
   * one schema; `options` lists them all for the inferred type
   */
  | ({ readonly type: 'dispatch'; readonly options: readonly Schema[]; readonly by: (value: unknown) => Schema } & Common);

/** Every key optional, at every depth; arrays are replaced whole, so their items stay complete. */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

type Flatten<T> = { [K in keyof T]: T[K] } & {};
type OptionalKeys<F> = { [K in keyof F]: F[K] extends { readonly optional: true } ? K : never }[keyof F];
type InferFields<F> = Flatten<
  { -readonly [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & { -readonly [K in OptionalKeys<F>]?: Infer<F[K]> }
>;
type MaybePartial<S, T> = S extends { readonly partial: true } ? DeepPartial<T> : T;

/**
 * The values a schema accepts, as a TypeScript type. Schemas must keep their literal types for this (declare them
 * with `satisfies Schema` and the helpers in config.ts, never annotated `: Schema`).
 */
export type Infer<S> = S extends { readonly type: 'number' } ? number
  : S extends { readonly type: 'string'; readonly enum: readonly (infer E)[] } ? E
  : S extends { readonly type: 'string' | 'name' } ? string
  : S extends { readonly type: 'boolean' } ? boolean
  : S extends { readonly type: 'literal'; readonly value: infer V } ? V
  : S extends { readonly type: 'array'; readonly items: infer I } ? Infer<I>[]
  : S extends { readonly type: 'object'; readonly fields: infer F } ? MaybePartial<S, InferFields<F>>
  : S extends { readonly type: 'record'; readonly values: infer V } ? Record<string, MaybePartial<S, Infer<V>>>
  : S extends { readonly type: 'union' | 'dispatch'; readonly options: readonly (infer O)[] } ? Infer<O>
  : unknown;

/** A validation failure at a key path such as `train.lr` or `search.space."model.cell"[2]`. */
export class ConfigError extends Error {
  constructor(readonly path: string, readonly reason: string, readonly file?: string) {
    super(`${file ? `${file}: ` : ''}${path || '(root)'}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/**
 * Keys that mean something to JavaScript objects themselves: never a setting, rejected even where any key is allowed
 * (a record), so that no parsed key can reach an object's prototype.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Own properties only: `'toString' in {}` is true, `hasOwn({}, 'toString')` is not. */
export const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * A JSON/JSON5 reviver that builds every object without a prototype: `JSON.parse(text, noPrototype)`. A key such as
 * `__proto__` is then an ordinary own property (which the validator refuses), never the object's prototype.
 */
export function noPrototype(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.assign(Object.create(null) as Record<string, unknown>, value);
}

/** A checked value as plain data again (objects with Object.prototype, fresh arrays), for display and comparison. */
export function plainData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plainData) as T;
  if (typeof value !== 'object' || value === null) return value;
  // fromEntries defines properties: even a `__proto__` key would stay an own property
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainData(v)])) as T;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const k = IDENT.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${k}` : k;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'object' && !isPlainObject(v)) return `a ${(v as object).constructor?.name ?? 'non-data'} object`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function expected(s: Schema): string {
  switch (s.type) {
    case 'number': return describeRange(s);
    case 'string': return s.enum ? `one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}` : 'a string';
    case 'boolean': return 'true or false';
    case 'name': return 'a name';
    case 'literal': return JSON.stringify(s.value);
    case 'array': return 'an array';
    case 'object':
    case 'record': return 'an object';
    case 'union': return s.options.map(expected).join(' or ');
    case 'any':
    case 'dispatch': return 'a value';
  }
}

function valueKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

function kindOf(s: Schema): string {
  if (s.type === 'literal') return typeof s.value;
  if (s.type === 'record' || s.type === 'dispatch') return 'object';
  if (s.type === 'name') return 'string';
  return s.type;
}

/**
 * Data objects only: made by a JSON parser or an object literal (or without a prototype), not a Map, a Date or a class
 * instance. The prototype is tested as "a root", not as this realm's Object.prototype, so a literal from another
 * realm (a vm context) is data too.
 */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function checkKey(k: string, path: string): void {
  if (FORBIDDEN_KEYS.has(k)) throw new ConfigError(path, `forbidden key ${JSON.stringify(k)}`);
}

/**
 * Throws ConfigError at the first problem. With `partial` (or below a schema marked partial), object fields are all
 * optional: profile overrides and model variants give only the keys they change.
 */
export function validate(value: unknown, schema: Schema, path = '', partial = false): void {
  const fail = (reason: string): never => {
    throw new ConfigError(path, reason);
  };
  switch (schema.type) {
    case 'any':
      return;
    case 'dispatch':
      return validate(value, schema.by(value), path, partial);
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`expected ${expected(schema)}, got ${describe(value)}`);
      if (!inRange(value, schema)) fail(`expected ${expected(schema)}, got ${value}`);
      return;
    }
    case 'string':
      if (typeof value !== 'string') fail(`expected ${expected(schema)}, got ${describe(value)}`);
      if (schema.enum && !schema.enum.includes(value as string)) fail(`expected ${expected(schema)}, got ${describe(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail(`expected true or false, got ${describe(value)}`);
      return;
    case 'name': {
      const problem = nameProblem(value);
      if (problem !== undefined) fail(problem);
      return;
    }
    case 'literal':
      if (value !== schema.value) fail(`expected ${expected(schema)}, got ${describe(value)}`);
      return;
    case 'array': {
      if (!Array.isArray(value)) return fail(`expected an array, got ${describe(value)}`);
      if (schema.minItems !== undefined && value.length < schema.minItems) fail(`expected at least ${schema.minItems} items, got ${value.length}`);
      value.forEach((v, i) => validate(v, schema.items, joinPath(path, i), partial));
      return;
    }
    case 'record': {
      if (!isPlainObject(value)) return fail(`expected an object, got ${describe(value)}`);
      for (const [k, v] of Object.entries(value)) {
        checkKey(k, path);
        const problem = schema.keys === 'name' ? nameProblem(k) : undefined;
        if (problem !== undefined) throw new ConfigError(joinPath(path, k), `invalid key: ${problem}`);
        validate(v, schema.values, joinPath(path, k), partial || !!schema.partial);
      }
      return;
    }
    case 'object': {
      if (!isPlainObject(value)) return fail(`expected an object, got ${describe(value)}`);
      const part = partial || !!schema.partial;
      for (const k of Object.keys(value)) {
        if (FORBIDDEN_KEYS.has(k) || !hasOwn(schema.fields, k)) {
          fail(`unknown key ${JSON.stringify(k)} (known: ${Object.keys(schema.fields).join(', ')})`);
        }
      }
      for (const [k, s] of Object.entries(schema.fields)) {
        const v = hasOwn(value, k) ? value[k] : undefined;
        if (v === undefined) {
          if (!part && !s.optional) throw new ConfigError(joinPath(path, k), `missing (expected ${expected(s)})`);
          continue;
        }
        validate(v, s, joinPath(path, k), part);
      }
      return;
    }
    case 'union': {
      const errors: ConfigError[] = [];
      for (const option of schema.options) {
        try {
          validate(value, option, path, partial);
          return;
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          // an option of the value's own kind explains the problem best (e.g. an unknown key inside the object)
          if (kindOf(option) === valueKind(value)) errors.push(e);
        }
      }
      if (errors.length === 1) throw errors[0];
      fail(`expected ${expected(schema)}, got ${describe(value)}`);
    }
  }
}

/** The schema at a dotted path inside an object schema (for search-space keys such as "model.cell"). */
export function schemaAt(schema: Schema, dotted: string): Schema | undefined {
  let s: Schema | undefined = schema;
  for (const part of dotted.split('.')) {
    if (!s || s.type !== 'object' || FORBIDDEN_KEYS.has(part) || !hasOwn(s.fields, part)) return undefined;
    s = s.fields[part];
  }
  return s;
}
