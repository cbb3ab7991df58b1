import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, runCommand, UsageError } from '../../lib/cli/args';
import { DataError } from '../../lib/data/errors';

const spec = {
  out: { kind: 'string' },
  seed: { kind: 'int' },
  'train-subjects': { kind: 'int', min: 1 },
  verbose: { kind: 'flag' },
} as const;

test('parses --name value, --name=value and flags', () => {
  const a = parseArgs(['--out', 'dir', '--seed=-3', '--train-subjects', '12', '--verbose'], spec);
  assert.deepEqual(a, { options: { out: 'dir', seed: -3, 'train-subjects': 12, verbose: true }, positionals: [], help: false });
  assert.equal(parseArgs(['-h'], spec).help, true);
  assert.equal(parseArgs(['--out', 'x', '--help'], spec).help, true);
  assert.deepEqual(parseArgs(['a', '--', '--out'], spec, true).positionals, ['a', '--out']);
  // a value may start with one dash (a negative number, stdin's '-'); only `--name` ends the option before it
  assert.deepEqual(parseArgs(['--seed', '-3', '--out', '-'], spec).options, { seed: -3, out: '-' });
});

test('usage mistakes are UsageErrors with a clear message', () => {
  const msg = (argv: string[]): string => {
    try {
      parseArgs(argv, spec);
    } catch (e) {
      assert.ok(e instanceof UsageError);
      return e.message;
    }
    assert.fail('expected a UsageError');
  };
  assert.equal(msg(['--bogus']), 'unknown option --bogus (known: --out, --seed, --train-subjects, --verbose, --help)');
  assert.equal(msg(['--bogus=1']), 'unknown option --bogus (known: --out, --seed, --train-subjects, --verbose, --help)');
  assert.equal(msg(['-x']), 'unknown option -x (known: --out, --seed, --train-subjects, --verbose, --help)');
  assert.equal(msg(['--out']), '--out needs a value');
  assert.equal(msg(['--out', '--seed', '1']), '--out needs a value');
  assert.equal(msg(['--out=']), '--out needs a value');
  assert.equal(msg(['--seed', '1.5']), '--seed must be an integer, got "1.5"');
  assert.equal(msg(['--seed', 'abc']), '--seed must be an integer, got "abc"');
  assert.equal(msg(['--train-subjects', '0']), '--train-subjects must be at least 1, got 0');
  assert.equal(msg(['--verbose=yes']), '--verbose takes no value');
  assert.equal(msg(['stray']), 'unexpected argument "stray"');
  assert.equal(msg(['--help=yes']), '--help takes no value');
  assert.equal(msg(['-vx']), 'unknown option -v (known: --out, --seed, --train-subjects, --verbose, --help)');
  assert.equal(msg(['--seed', '99999999999999999999']), '--seed is out of range: 99999999999999999999');
});

test('runCommand maps help, usage errors and data errors to exit codes and messages', async () => {
  const errors: string[] = [];
  const logs: string[] = [];
  const origError = console.error;
  const origLog = console.log;
  console.error = (...a: unknown[]) => errors.push(a.join(' '));
  console.log = (...a: unknown[]) => logs.push(a.join(' '));
  try {
    assert.equal(await runCommand('demo', 'USAGE', ['--help'], spec, () => 5), 0);
    assert.deepEqual(logs, ['USAGE']);
    assert.equal(await runCommand('demo', 'USAGE', ['--nope'], spec, () => 5), 2);
    assert.match(errors.pop()!, /^demo: unknown option --nope .*\n\nUSAGE$/);
    assert.equal(await runCommand('demo', 'USAGE', ['--seed', '7'], spec, ({ options }) => options.seed! + 1), 8);
    assert.equal(await runCommand('demo', 'USAGE', [], spec, () => {
      throw new DataError('x.csv', 3, 'joint_01', 'not a number: "a"');
    }), 1);
    assert.equal(errors.pop(), 'demo: x.csv:3:joint_01: not a number: "a"');
    assert.equal(await runCommand('demo', 'USAGE', [], spec, () => {
      throw new UsageError('--out DIR is required');
    }), 2);
    assert.equal(errors.pop(), 'demo: --out DIR is required\n\nUSAGE');
  } finally {
    console.error = origError;
    console.log = origLog;
  }
});
