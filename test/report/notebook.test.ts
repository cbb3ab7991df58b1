import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstLine, notebookTitle, parseNotebook, serializeNotebook, splitLines } from '../../lib/report/notebook';
import { notebook } from './helpers';

test('parseNotebook accepts nbformat 4 and names the file and the broken part otherwise', () => {
  const nb = notebook(['1 + 1', { md: '# T' }]);
  assert.deepEqual(parseNotebook(serializeNotebook(nb), 'x.ipynb'), nb);
  assert.throws(() => parseNotebook('{', 'a.ipynb'), /^Error: a\.ipynb: not valid JSON/);
  assert.throws(() => parseNotebook(JSON.stringify({ ...nb, nbformat: 3 }), 'b.ipynb'), /b\.ipynb: nbformat is 3, expected 4/);
  const badCell = { ...nb, cells: [{ cell_type: 'code', source: 1, outputs: [], metadata: {} }] };
  assert.throws(() => parseNotebook(JSON.stringify(badCell), 'c.ipynb'), /c\.ipynb: cells\[0\]\.source is not a string/);
  const noOutputs = { ...nb, cells: [{ cell_type: 'code', source: '', metadata: {} }] };
  assert.throws(() => parseNotebook(JSON.stringify(noOutputs), 'd.ipynb'), /d\.ipynb: cells\[0\]\.outputs is not an array/);
});

test('splitLines keeps newlines like Jupyter; firstLine skips blanks and shortens; title is the first heading', () => {
  assert.deepEqual(splitLines('a\nb\n'), ['a\n', 'b\n']);
  assert.deepEqual(splitLines('a\nb'), ['a\n', 'b']);
  assert.deepEqual(splitLines(''), []);
  assert.equal(firstLine(['\n', '  \n', 'const x = 1;\n', 'y']), 'const x = 1;');
  assert.equal(firstLine('x'.repeat(100)).length, 80);
  assert.equal(notebookTitle(notebook(['1', { md: 'intro' }, { md: 'text\n## The *real* title ##\n' }]), 'f'), 'The real title');
  assert.equal(notebookTitle(notebook(['1']), 'fallback'), 'fallback');
});
