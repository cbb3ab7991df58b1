import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TSLAB_KERNELSPEC, readNotebook } from '../../lib/report/notebook';
import { root } from './helpers';

// Notebooks are committed clean: outputs come from `npm run report` (outputs/), never from git.
const dirs = [join(root, 'notebooks'), join(root, 'test', 'report', 'fixtures')];
const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.ipynb')).sort().map((f) => join(d, f)));

test('there is at least the fixture notebook to check', () => {
  assert.ok(files.some((f) => f.endsWith(join('fixtures', 'plots.ipynb'))));
});

for (const file of files) {
  test(`${file.slice(root.length + 1)}: tslab kernelspec, no outputs, no execution counts`, () => {
    const nb = readNotebook(file);
    assert.deepEqual(nb.metadata.kernelspec, TSLAB_KERNELSPEC);
    assert.equal(nb.metadata.language_info?.name, 'typescript');
    nb.cells.forEach((c, i) => {
      if (c.cell_type !== 'code') return;
      assert.deepEqual(c.outputs, [], `cell ${i} has outputs`);
      assert.equal(c.execution_count, null, `cell ${i} has an execution count`);
    });
  });
}
