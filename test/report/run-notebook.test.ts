import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CodeCell, type Notebook, joinSource, readNotebook, serializeNotebook } from '../../lib/report/notebook';
import { type RunProgress, describeFailure, runNotebook, writeExecuted } from '../../lib/report/run-notebook';
import { notebook, scratchDir } from './helpers';

const scratch = scratchDir('run-notebook');
after(scratch.cleanup);

function save(name: string, nb: Notebook): string {
  const file = join(scratch.dir, `${name}.ipynb`);
  writeFileSync(file, serializeNotebook(nb));
  return file;
}
const code = (nb: Notebook): CodeCell[] => nb.cells.filter((c): c is CodeCell => c.cell_type === 'code');
const text = (c: CodeCell, type: 'stdout' | 'stderr'): string =>
  c.outputs.filter((o) => o.output_type === 'stream' && o.name === type).map((o) => joinSource((o as { text: string[] }).text)).join('');

test('runs every cell in order in a kernel started in the notebook folder; outputs and counts filled', async () => {
  const file = save('ok', notebook([
    { md: '# Title' },
    "import { projectRoot } from './lib/paths';\n(globalThis as any).marker = process.pid;\nconsole.log('cwd', process.cwd());\nconsole.log('root', projectRoot());",
    "import * as tslab from 'tslab';\nconsole.log('before');\ntslab.display.html('<b>shown</b>');\nconsole.error('warn');\nconsole.log('after');\nconst d = tslab.newDisplay();\nd.text('first');\nd.text('second');\n6 * 7",
    "for (let i = 0; i < 3; i++) {\n  console.log(`tick ${i}`);\n  await new Promise((r) => setTimeout(r, 30));\n}\nconsole.log('profile', process.env.PIRATE_PAIN_PROFILE);",
  ]));
  const events: RunProgress[] = [];
  const run = await runNotebook(file, { env: { PIRATE_PAIN_PROFILE: 'smoke' }, onProgress: (p) => events.push(p) });
  assert.equal(run.ok, true, describeFailure(run));
  assert.equal(run.name, 'ok');
  const [c1, c2, c3] = code(run.executed);
  assert.deepEqual(code(run.executed).map((c) => c.execution_count), [1, 2, 3]);
  assert.equal(text(c1, 'stdout'), `cwd ${scratch.dir}\nroot ${join(scratch.dir, '..', '..')}\n`);
  // Interleaving of stdout, display and stderr is kept; the last expression is printed; an updated display
  // shows its last content.
  assert.deepEqual(c2.outputs.map((o) => o.output_type === 'stream' ? `${o.name}:${joinSource(o.text)}` : o.output_type === 'display_data' ? `display:${joinSource(Object.values(o.data)[0])}` : o.output_type), [
    'stdout:before\n', 'display:<b>shown</b>', 'stderr:warn\n', 'stdout:after\n', 'display:second', 'stdout:42\n',
  ]);
  assert.equal(text(c3, 'stdout'), 'tick 0\ntick 1\ntick 2\nprofile smoke\n');
  assert.equal(c3.outputs.length, 1, 'consecutive writes to one stream merge into one output');
  assert.ok(run.cells[2].seconds >= 0.08, `cell 3 awaited 90 ms, measured ${run.cells[2].seconds}`);
  assert.deepEqual(events.filter((e) => e.kind === 'cell-end').map((e) => (e.kind === 'cell-end' ? `${e.cell}/${e.of}` : '')), ['1/3', '2/3', '3/3']);
  assert.equal(events[0].kind, 'kernel-ready');

  // The executed copy round-trips through the on-disk format.
  const out = writeExecuted(run, join(scratch.dir, 'executed'));
  assert.deepEqual(readNotebook(out), JSON.parse(serializeNotebook(run.executed)));
  // The source notebook is untouched.
  assert.equal(code(readNotebook(file))[0].execution_count, null);
});

test('a compile error stops the run naming notebook, cell, first line and line:col diagnostic; fresh kernel per notebook', async () => {
  const file = save('bad-compile', notebook([
    "console.log('leak', typeof (globalThis as any).marker);",
    '// second cell\nconst n: number = "text";',
    "console.log('never');",
  ]));
  const run = await runNotebook(file);
  assert.equal(run.ok, false);
  const [c1, c2, c3] = code(run.executed);
  // A variable left on globalThis by the previous notebook's kernel is not here.
  assert.equal(text(c1, 'stdout'), 'leak undefined\n');
  assert.equal(run.failure?.kind, 'compile');
  assert.equal(run.failure?.cell, 2);
  assert.equal(
    describeFailure(run),
    "bad-compile.ipynb: cell 2/3 `// second cell` failed to compile:\n  2:7 - Type 'string' is not assignable to type 'number'.",
  );
  assert.deepEqual(c2.outputs, [{ output_type: 'error', ename: 'CompileError', evalue: "2:7 - Type 'string' is not assignable to type 'number'.", traceback: ["2:7 - Type 'string' is not assignable to type 'number'."] }]);
  assert.equal(c3.execution_count, null);
  assert.deepEqual(c3.outputs, []);
  assert.equal(run.cells.length, 2);
});

test('a runtime error reports the real error and its stack head; tslab pitfalls get a hint', async () => {
  const file = save('bad-runtime', notebook([
    'const w = 3;\nfunction check(x: number) {\n  if (x > 2) throw new RangeError(`x too large: ${x}`);\n}',
    'check(w);',
  ]));
  const run = await runNotebook(file);
  assert.equal(run.failure?.kind, 'runtime');
  assert.equal(run.failure?.cell, 2);
  assert.equal(run.failure?.message, 'RangeError: x too large: 3');
  assert.match(run.failure?.detail[0] ?? '', /^at (Proxy\.)?check \(evalmachine/);
  assert.match(describeFailure(run), /^bad-runtime\.ipynb: cell 2\/2 `check\(w\);` failed:\n  RangeError: x too large: 3\n {6}at (Proxy\.)?check/);

  // The shorthand bug of tslab 1.0.22 ({ w } of an earlier cell's w) and folder imports (no index resolution).
  const shorthand = await runNotebook(save('shorthand', notebook(['const w = 1;', 'const o = { w };'])));
  assert.equal(shorthand.failure?.message, 'ReferenceError: w is not defined');
  assert.ok(shorthand.failure?.detail.includes('hint: tslab cannot compile object shorthand for a variable of an earlier cell; write { w: w }'));
  const folder = await runNotebook(save('folder', notebook(["import { plot } from './lib/plots';"])));
  assert.equal(folder.failure?.message, "Error: Cannot find module './lib/plots'");
  assert.ok(folder.failure?.detail.includes("hint: tslab does not resolve a folder to its index.ts; import './lib/plots/index'"));
});

test('a kernel that dies mid-cell is reported with its exit code', async () => {
  const run = await runNotebook(save('exit', notebook(["console.log('bye');", 'process.exit(3);', '1'])));
  assert.equal(run.ok, false);
  assert.equal(run.failure?.ename, 'KernelDied');
  assert.equal(run.failure?.cell, 2);
  assert.match(run.failure?.message ?? '', /exit code 3/);
});
