// Configs and queue tasks are hostile until checked (issue #16, items 1-2): names are names, unknown keys are
// unknown (own properties only: `__proto__`, `constructor`, `toString` included), parsed objects have no prototype,
// and a profile overrides only models that exist. Each case is a file as a user would write it, loaded for real.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSON5 from 'json5';
import { deepMerge, loadConfig, mergeVariant, parseConfig, resolveProfile, type ExperimentConfig } from '../../../lib/experiments/config/config';
import { ConfigError, joinPath, noPrototype, validate } from '../../../lib/experiments/config/schema';
import { checkName, MAX_NAME_LENGTH, nameProblem, SAFE_NAME } from '../../../lib/core/names';
import { checkFoldTask, type RemoteFoldTask } from '../../../lib/experiments/remote/remote-fold';
import { trialHash } from '../../../lib/store/identity';
import { projectRoot } from '../../../lib/paths';
import { reportBase } from '../report-recipe';
import { trial } from '../trial-fixture';

const root = mkdtempSync(join(tmpdir(), 'pp-hostile-'));
after(() => rmSync(root, { recursive: true, force: true }));
const CONFIGS = join(projectRoot(), 'notebooks', 'configs');
const FINAL_TEXT = readFileSync(join(CONFIGS, 'final.json5'), 'utf8');
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` written to a file and loaded; the ConfigError's message (the test fails if the file loads). */
function loadError(text: string, name = 'c.json5'): string {
  const file = join(root, name);
  writeFileSync(file, text);
  try {
    loadConfig(file);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(e.file, file);
    return e.message.slice(file.length + 2); // the file is checked above; the rest is the key path and the reason
  }
  return assert.fail(`${name} loaded`);
}

/** final.json5 with one exact piece of text replaced (the piece must be there, so no case passes vacuously). */
function finalWith(from: string, to: string): string {
  assert.ok(FINAL_TEXT.includes(from), from);
  return FINAL_TEXT.replace(from, to);
}

test('the name rule: letters, digits, "-", "_", "."; not starting with "."; 1 to 64 characters', () => {
  for (const ok of ['final', 'lstm-2x256', 'v1.2', 'a_b', '0', 'x'.repeat(MAX_NAME_LENGTH)]) assert.equal(nameProblem(ok), undefined, ok);
  const bad: [unknown, RegExp][] = [
    ['../../x', /^expected a name \(letters, digits, "-", "_", "\." only\), got "\.\.\/\.\.\/x"$/],
    ['', /^expected a name, got the empty string$/],
    ['.x', /^expected a name not starting with "\.", got "\.x"$/],
    ['..', /not starting with "\."/],
    ['x'.repeat(MAX_NAME_LENGTH + 1), new RegExp(`^expected a name of at most ${MAX_NAME_LENGTH} characters, got ${MAX_NAME_LENGTH + 1}: `)],
    ['a/b', /only\), got "a\/b"$/],
    ['a\\b', /only\)/],
    ['a b', /only\)/],
    ['x\n', /only\)/],
    ['C:x', /only\)/],
    [7, /^expected a name, got number$/],
    [null, /^expected a name, got null$/],
  ];
  for (const [v, re] of bad) {
    assert.match(nameProblem(v) ?? 'accepted', re, JSON.stringify(v));
    assert.throws(() => checkName(v, 'labels.model'), (e: Error) => e.message.startsWith('labels.model: expected a name'));
  }
  assert.equal(SAFE_NAME.test('final'), true);
  assert.equal(checkName('final', 'name'), 'final');
});

test('config names that are not names are refused with the file and key path', () => {
  assert.equal(loadError(finalWith("name: 'final',", "name: '../../x',")), 'name: expected a name (letters, digits, "-", "_", "." only), got "../../x"');
  assert.equal(loadError(finalWith("name: 'final',", "name: '',")), 'name: expected a name, got the empty string');
  assert.equal(loadError(finalWith("name: 'final',", "name: '.x',")), 'name: expected a name not starting with ".", got ".x"');
  assert.match(loadError(finalWith("name: 'final',", `name: '${'n'.repeat(65)}',`)), /^name: expected a name of at most 64 characters, got 65: "n+"$/);
  assert.equal(loadError(finalWith("name: 'final',", "name: '/tmp/x',")), 'name: expected a name (letters, digits, "-", "_", "." only), got "/tmp/x"');
  // a profile cannot rename the experiment into a path either
  assert.equal(loadError(finalWith("quick: {\n", "quick: {\n      name: '../up',\n")), 'profiles.quick.name: expected a name (letters, digits, "-", "_", "." only), got "../up"');
  // 64 characters is a name: the limit is where it says
  assert.equal(loadConfig(writeFile('long-ok.json5', finalWith("name: 'final',", `name: '${'n'.repeat(64)}',`))).name, 'n'.repeat(64));
});

function writeFile(name: string, text: string): string {
  const file = join(root, name);
  writeFileSync(file, text);
  return file;
}

test('model keys that are not names are refused where they are written', () => {
  assert.equal(loadError(finalWith("    rnn: { model: { cell: 'rnn'", "    '../../y': { model: { cell: 'rnn'")),
    'models."../../y": invalid key: expected a name (letters, digits, "-", "_", "." only), got "../../y"');
  assert.equal(loadError(finalWith("    rnn: { model: { cell: 'rnn'", "    '': { model: { cell: 'rnn'")), 'models."": invalid key: expected a name, got the empty string');
  assert.equal(loadError(finalWith("    rnn: { model: { cell: 'rnn'", "    '.rnn': { model: { cell: 'rnn'")),
    'models.".rnn": invalid key: expected a name not starting with ".", got ".rnn"');
});

test('a profile overrides only models that exist: a typo (rnnn) is an error, not a fifth model', () => {
  const typo = finalWith("        rnn: { model: { hiddenSize: 8 } },", "        rnnn: { model: { hiddenSize: 8 } },");
  assert.equal(loadError(typo), 'profiles.smoke.models.rnnn: no model "rnnn" to override (models: lstm, rnn, logreg, forest)');
  // a config without models has none to override
  const none = { name: 'x', kind: 'sweep', base: structuredClone(reportBase), profiles: { quick: { models: { a: {} } } } };
  assert.throws(() => parseConfig(none, 'c.json5'), { message: 'c.json5: profiles.quick.models.a: no model "a" to override (models: none)' });
  // the shipped smoke profile overrides three of the four models and resolves to exactly four
  assert.deepEqual(Object.keys(resolveProfile(loadConfig(join(CONFIGS, 'final.json5')), 'smoke').models ?? {}), ['lstm', 'rnn', 'logreg', 'forest']);
});

test('__proto__, constructor and toString are unknown keys, at the top and nested, in files and in objects', () => {
  const keys = ['__proto__', 'constructor', 'toString', 'prototype', 'hasOwnProperty'];
  for (const key of keys) {
    const known = /^\(root\): unknown key .* \(known: name, kind, description, base, search, models, ensemble, profiles\)$/;
    const top = loadError(finalWith("kind: 'final',", `kind: 'final',\n  ${JSON.stringify(key)}: { polluted: true },`));
    assert.equal(top.startsWith(`(root): unknown key ${JSON.stringify(key)} `), true, top);
    assert.match(top, known);
    assert.match(loadError(finalWith('    seed: 42,', `    seed: 42,\n    ${JSON.stringify(key)}: 1,`)), new RegExp(`^base: unknown key ${esc(JSON.stringify(key))} `));
    assert.match(loadError(finalWith('      patience: 20,', `      patience: 20,\n      ${JSON.stringify(key)}: {},`)), new RegExp(`^base\\.train: unknown key ${esc(JSON.stringify(key))} `));
    // inside a model variant and a profile
    assert.match(loadError(finalWith("rnn: { model: { cell: 'rnn',", `rnn: { model: { ${JSON.stringify(key)}: 1, cell: 'rnn',`)), new RegExp(`^models\\.rnn\\.model: unknown key ${esc(JSON.stringify(key))} `));
    assert.match(loadError(finalWith('      base: { train: { epochs: 20,', `      base: { ${JSON.stringify(key)}: {}, train: { epochs: 20,`)), new RegExp(`^profiles\\.quick\\.base: unknown key ${esc(JSON.stringify(key))} `));
    // the same objects as JSON.parse makes them (an own "__proto__" key) handed to parseConfig
    const parsed = JSON.parse(`{"name":"x","kind":"sweep","base":${JSON.stringify(reportBase).replace('{"seed"', `{${JSON.stringify(key)}:{"x":1},"seed"`)}}`) as unknown;
    assert.throws(() => parseConfig(parsed, 'c.json'), { message: new RegExp(`^c\\.json: base: unknown key ${esc(JSON.stringify(key))} `) });
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
});

test('keys where any key is allowed (models, search.space) still refuse __proto__, constructor and prototype', () => {
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    assert.equal(loadError(finalWith('    lstm: {', `    ${JSON.stringify(key)}: {},\n    lstm: {`)), `models: forbidden key ${JSON.stringify(key)}`);
    const sweep = { name: 'x', kind: 'sweep', base: structuredClone(reportBase), search: { mode: 'grid', space: JSON.parse(`{${JSON.stringify(key)}: [1]}`) as unknown } };
    assert.throws(() => parseConfig(sweep, 'c.json5'), { message: `c.json5: search.space: forbidden key ${JSON.stringify(key)}` });
  }
  // a dotted search key through an inherited property is not a trial setting (it used to validate against a function)
  for (const key of ['model.constructor', 'train.toString', 'toString', 'model.__proto__']) {
    const sweep = { name: 'x', kind: 'sweep', base: structuredClone(reportBase), search: { mode: 'grid', space: { [key]: [1] } } };
    assert.throws(() => parseConfig(sweep, 'c.json5'), { message: `c.json5: ${joinPath('search.space', key)}: not a trial setting (e.g. "model.cell", "train.lr", "window.size")` }, key);
  }
});

test('deepMerge never gives a merged object a new prototype, whatever it is handed', () => {
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    const over = JSON.parse(`{"a":{${JSON.stringify(key)}:{"polluted":true}}}`) as unknown;
    assert.throws(() => deepMerge({ a: { b: 1 } }, over), { message: `deepMerge: forbidden key ${JSON.stringify(key)}` });
  }
  // an inherited name is not a key of the base: toString is added as a value, not merged into Object.prototype's
  const merged = deepMerge<Record<string, unknown>>({ a: 1 }, { toString: { x: 1 } });
  assert.deepEqual(Object.keys(merged), ['a', 'toString']);
  assert.deepEqual(merged.toString, { x: 1 });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('a name inside a union is explained as a name', () => {
  const s = { type: 'union', options: [{ type: 'literal', value: false }, { type: 'name' }] } as const;
  assert.throws(() => validate('../x', s), { message: '(root): expected a name (letters, digits, "-", "_", "." only), got "../x"' });
});

test('constructor never reaches a recipe or its hash', () => {
  // before the fix, `constructor` passed the unknown-key check and landed in the trial (and so in its hash)
  const text = finalWith('    model: { cell: \'lstm\', hiddenSize: 256', '    constructor: 1,\n    model: { cell: \'lstm\', hiddenSize: 256');
  assert.match(loadError(text), /^base: unknown key "constructor" /);
});

test('parsing builds no prototypes: a "__proto__" key is a plain key, and nothing is polluted', () => {
  const text = '{ a: { b: [{ c: 1 }] }, "__proto__": { polluted: true }, n: { "__proto__": { x: 1 } } }';
  const v = JSON5.parse<Record<string, Record<string, unknown>>>(text, noPrototype);
  for (const o of [v, v.a, (v.a.b as unknown[])[0], v.n]) assert.equal(Object.getPrototypeOf(o), null);
  assert.ok(Array.isArray(v.a.b));
  assert.deepEqual(Object.keys(v), ['a', '__proto__', 'n']);
  assert.equal((v.__proto__ as Record<string, unknown>).polluted, true); // an own property
  assert.deepEqual(Object.keys(v.n), ['__proto__']);
  // the same reviver works with JSON.parse (queue tasks)
  const j = JSON.parse('{"__proto__": {"polluted": true}}', noPrototype) as object;
  assert.equal(Object.getPrototypeOf(j), null);
  assert.deepEqual(Object.keys(j), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  // a loaded config is plain data again (display, comparison): it was checked key by key first
  const c = loadConfig(join(CONFIGS, 'final.json5'));
  assert.equal(Object.getPrototypeOf(c), Object.prototype);
  assert.equal(Object.getPrototypeOf(c.base.model), Object.prototype);
});

test('the shipped configs\' trial hashes are what they were: loading through the checks changes no recipe', () => {
  // The reference path parses the same text with no reviver, no copy and no check. Every trial (base and models,
  // every profile) must hash the same both ways, or stored results would silently lose their identity.
  let compared = 0;
  for (const name of ['baselines', 'final', 'grid', 'sweep']) {
    const file = join(CONFIGS, `${name}.json5`);
    const loaded = loadConfig(file);
    const reference = JSON5.parse<ExperimentConfig>(readFileSync(file, 'utf8'));
    for (const p of ['full', 'quick', 'smoke'] as const) {
      const a = resolveProfile(loaded, p);
      const b = resolveProfile(reference, p);
      assert.equal(trialHash(a.base, 'd', 'c'), trialHash(b.base, 'd', 'c'), `${name} ${p}`);
      compared++;
      assert.deepEqual(Object.keys(a.models ?? {}), Object.keys(b.models ?? {}));
      for (const [m, v] of Object.entries(a.models ?? {})) {
        assert.equal(trialHash(mergeVariant(a.base, v), 'd', 'c'), trialHash(mergeVariant(b.base, b.models?.[m]), 'd', 'c'), `${name} ${p} ${m}`);
        compared++;
      }
    }
  }
  assert.equal(compared, 36);
  // and the report's recipe still has the identity recorded with its results (measured before this change)
  assert.equal(trialHash(resolveProfile(loadConfig(join(CONFIGS, 'final.json5')), 'full').base, 'd', 'c'), '6a5f1514bf79');
});

test('queue tasks: an own "__proto__" key (as JSON.parse makes it) is refused by the same check, nested too', () => {
  const task: RemoteFoldTask = { trial, labels: { experiment: 'e', model: 'm' }, dataFingerprint: `files:${'a'.repeat(64)}`, codeVersion: 'b'.repeat(64), fold: 1 };
  const json = JSON.stringify(task);
  assert.doesNotThrow(() => checkFoldTask(JSON.parse(json)));
  const cases: [string, RegExp][] = [
    [json.replace('{"trial"', '{"__proto__":{"fold":0},"trial"'), /^task: unknown key "__proto__" /],
    [json.replace('{"trial"', '{"constructor":{},"trial"'), /^task: unknown key "constructor" /],
    [json.replace('"labels":{', '"labels":{"toString":"x",'), /^task\.labels: unknown key "toString" /],
    [json.replace('"model":{', '"model":{"__proto__":{"hiddenSize":1},'), /^task\.trial\.model: unknown key "__proto__" /],
    [json.replace('"labels":{', '"labels":{"point":{"__proto__":1},'), /^task\.labels\.point: forbidden key "__proto__"$/],
  ];
  for (const [text, re] of cases) {
    assert.ok(text !== json, String(re));
    for (const raw of [JSON.parse(text), JSON.parse(text, noPrototype)] as unknown[]) {
      assert.throws(() => checkFoldTask(raw), (e: Error) => e instanceof ConfigError && re.test(e.message), String(re));
    }
  }
});

test('the CLI: a config named "../../x" or a model keyed "../../y" exits 1, names file and key, and writes nothing', () => {
  const bin = resolve(__dirname, '../../../lib/cli/bin.cjs');
  for (const [text, key] of [
    [finalWith("name: 'final',", "name: '../../x',"), 'name'],
    [finalWith("    rnn: { model: { cell: 'rnn'", "    '../../y': { model: { cell: 'rnn'"), 'models\\."\\.\\./\\.\\./y"'],
    [finalWith("        rnn: { model: { hiddenSize: 8 } },", "        rnnn: { model: { hiddenSize: 8 } },"), 'profiles\\.smoke\\.models\\.rnnn'],
  ] as const) {
    const file = writeFile('cli.json5', text);
    const out = join(root, 'out', 'deep');
    const r = spawnSync(process.execPath, [bin, 'run', '--config', file, '--out', out, '--profile', 'smoke'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^run: ${esc(file)}: ${key}: `));
    assert.ok(!existsSync(join(root, 'out')), 'nothing is written');
    assert.ok(!existsSync(join(root, 'x')) && !existsSync(join(root, 'y.csv')));
  }
});
