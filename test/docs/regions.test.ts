// The generated regions: found, rewritten and checked; a changed figure is caught and named by file, region and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRegions, findRegions, formatMismatch, rewrite } from '../../lib/docs/regions';

const doc = [
  '# title',
  'Prose before, with a figure inline: <!-- figures:speed -->**7 min 36 s**<!-- /figures:speed --> and after.',
  '',
  '<!-- figures:table -->',
  '| a | b |',
  '|---|---|',
  '| x | 0.4357 |',
  '<!-- /figures:table -->',
  'Prose after.',
  '',
].join('\n');

const render = (name: string): string | undefined => ({ speed: '**7 min 36 s**', table: '| a | b |\n|---|---|\n| x | 0.4357 |' } as Record<string, string>)[name];

test('regions are found inline and as blocks, with their lines', () => {
  const rs = findRegions(doc, 'X.md');
  assert.deepEqual(rs.map((r) => [r.name, r.line, r.body]), [['speed', 2, '**7 min 36 s**'], ['table', 4, '| a | b |\n|---|---|\n| x | 0.4357 |']]);
});

test('rewrite replaces only the regions, and a rewritten file checks clean', () => {
  const stale = doc.replace('0.4357', '0.9999').replace('7 min 36 s', '1 min');
  const fresh = rewrite(stale, 'X.md', render);
  assert.equal(fresh, doc);
  assert.deepEqual(checkRegions(fresh, 'X.md', render), []);
  // prose outside the markers is never touched
  assert.equal(rewrite(doc.replace('Prose after.', 'Other prose.'), 'X.md', render), doc.replace('Prose after.', 'Other prose.'));
});

test('a figure edited by hand is caught, naming the file, the region and the line', () => {
  const edited = doc.replace('0.4357', '0.4358');
  const bad = checkRegions(edited, 'README.md', render);
  assert.equal(bad.length, 1);
  assert.equal(bad[0].region, 'table');
  assert.equal(bad[0].line, 7);
  assert.equal(bad[0].found, '| x | 0.4358 |');
  assert.equal(bad[0].expected, '| x | 0.4357 |');
  assert.match(formatMismatch(bad[0]), /^README\.md:7: region table differs/);
  const inline = checkRegions(doc.replace('7 min 36 s', '7 min 35 s'), 'README.md', render);
  assert.deepEqual(inline.map((m) => [m.region, m.line]), [['speed', 2]]);
});

test('an unknown, unclosed or nested region is an error naming the file and line', () => {
  assert.throws(() => rewrite('<!-- figures:nope -->\nx\n<!-- /figures:nope -->\n', 'A.md', render), /^Error: A\.md:1: unknown region nope$/);
  assert.throws(() => findRegions('a\n<!-- figures:table -->\nx\n', 'A.md'), /A\.md:2: region table is not closed/);
  assert.throws(() => findRegions('<!-- figures:table -->\n<!-- figures:speed -->x<!-- /figures:speed -->\n<!-- /figures:table -->', 'A.md'), /A\.md:2: a region inside region table/);
});

test('an empty block region is filled with its closing marker kept on a line of its own', () => {
  const empty = 'a\n<!-- figures:table -->\n<!-- /figures:table -->\nb\n';
  const filled = rewrite(empty, 'X.md', render);
  assert.equal(filled, 'a\n<!-- figures:table -->\n| a | b |\n|---|---|\n| x | 0.4357 |\n<!-- /figures:table -->\nb\n');
  assert.deepEqual(checkRegions(filled, 'X.md', render), []);
  // a closing marker glued to the last line is caught, and rewriting puts it back on its own line
  const glued = filled.replace('0.4357 |\n<!--', '0.4357 |<!--');
  assert.deepEqual(checkRegions(glued, 'X.md', render).map((m) => m.region), ['table']);
  assert.equal(rewrite(glued, 'X.md', render), filled);
});
