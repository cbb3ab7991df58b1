import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvScanner, parseDecimal } from '../../lib/data/csv';
import { Rng } from '../../lib/core/random';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const parse = (s: string): number => parseDecimal(bytes(s), 0, s.length);

test('parseDecimal reads the decimal forms pandas writes and rejects the rest', () => {
  assert.equal(parse('0'), 0);
  assert.equal(parse('2'), 2);
  assert.equal(parse('-1.25'), -1.25);
  assert.equal(parse('+3.5'), 3.5);
  assert.equal(parse('.5'), 0.5);
  assert.equal(parse('5.'), 5);
  assert.equal(parse('1e-06'), 1e-6);
  assert.equal(parse('1.0440036363e-06'), 1.0440036363e-6);
  assert.equal(parse('2.5E+3'), 2500);
  assert.equal(parse('000123'), 123);
  assert.ok(Object.is(parse('-0.0'), -0));
  for (const bad of ['', '-', '.', 'e5', '1e', '1e+', '1.2.3', 'abc', ' 1', '1 ', '0x10', 'nan', 'inf', '1,5']) {
    assert.ok(Number.isNaN(parse(bad)), JSON.stringify(bad));
  }
});

test('parseDecimal rounds to float32 exactly like parseFloat, long mantissas and large exponents included', () => {
  const rng = new Rng(1);
  const cases: string[] = ['0.30000000000000004', '1.7976931348623157e308', '4.9e-324', '123456789012345678901234567890',
    '0.1000000014901161193847656250', '0.10000000149011612', '1.00000005960464477539062500001'];
  for (let i = 0; i < 20000; i++) {
    const v = (rng.next() - 0.5) * 10 ** (rng.int(30) - 15);
    cases.push(String(v), v.toPrecision(1 + rng.int(21)), v.toExponential(rng.int(20)));
    // a value right at a float32 rounding boundary, written with many digits
    const f = Math.fround(rng.next());
    const next = Math.fround(f * (1 + 2 ** -23));
    cases.push(((f + next) / 2).toPrecision(21));
  }
  for (const s of cases) {
    const got = parse(s);
    assert.equal(Math.fround(got), Math.fround(parseFloat(s)), s);
  }
});

test('the scanner splits rows and cells and tracks physical lines', () => {
  const sc = new CsvScanner(bytes('\ufeffa,b\r\n\n1,"x ""y"""\n,\n3'.replace('\ufeff', '\xef\xbb\xbf')), 'f.csv');
  const rows: Array<[number, string[]]> = [];
  while (sc.next()) rows.push([sc.line, Array.from({ length: sc.count }, (_, i) => sc.text(i))]);
  assert.deepEqual(rows, [[1, ['a', 'b']], [3, ['1', 'x "y"']], [4, ['', '']], [5, ['3']]]);
  assert.equal(CsvScanner.countLines(bytes('a\nb\n')), 2);
  assert.equal(CsvScanner.countLines(bytes('a\nb')), 2);
  assert.equal(CsvScanner.countLines(bytes('')), 0);
});

test('the scanner reports text after a closing quote', () => {
  const sc = new CsvScanner(bytes('a,b\n"1"x,2\n'), 'f.csv');
  sc.next();
  sc.names = ['a', 'b'];
  assert.throws(() => sc.next(), /^DataError: f\.csv:2:a: text after the closing quote of a cell$/);
});
