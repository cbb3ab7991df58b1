import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_ATTRIBUTE } from '../../lib/plots/bundle';
import { type CodeCell, joinSource, readNotebook } from '../../lib/report/notebook';
import { failIfMissing, jupyterPython, root, scratchDir, toolGate } from './helpers';

// The same fixture the runner tests use, executed by a real Jupyter (nbconvert + nbclient) on the tslab kernel:
// proves that notebooks importing ./lib/... and drawing plotly charts work outside our own runner.
const { python, missing } = jupyterPython();
const scratch = scratchDir('jupyter');
const jupyterHome = mkdtempSync(join(tmpdir(), 'pirate-pain-jupyter-'));
after(() => {
  scratch.cleanup();
  rmSync(jupyterHome, { recursive: true, force: true });
});

test('nbconvert --execute runs the fixture notebook on the tslab kernel without errors', toolGate(missing), () => {
  failIfMissing(missing);
  // Register the kernel in a private prefix (not the user's Jupyter), with an absolute path to this project's tslab.
  const install = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'tslab', 'bin', 'tslab'), 'install', `--python=${python}`, `--binary=${join(root, 'node_modules', '.bin', 'tslab')}`, `--prefix=${jupyterHome}`],
    { encoding: 'utf8' },
  );
  assert.equal(install.status, 0, `tslab install failed:\n${install.stdout}\n${install.stderr}`);
  const env = {
    ...process.env,
    JUPYTER_PATH: join(jupyterHome, 'share', 'jupyter'),
    JUPYTER_DATA_DIR: join(jupyterHome, 'data'),
    JUPYTER_RUNTIME_DIR: join(jupyterHome, 'runtime'),
    JUPYTER_CONFIG_DIR: join(jupyterHome, 'config'),
    IPYTHONDIR: join(jupyterHome, 'ipython'),
  };
  const spec = spawnSync(python, ['-m', 'jupyter_client.kernelspecapp', 'list', '--json'], { env, encoding: 'utf8' });
  assert.ok(spec.status === 0 && JSON.parse(spec.stdout).kernelspecs.tslab, `tslab kernel not registered:\n${spec.stderr}`);

  copyFileSync(join(root, 'test', 'report', 'fixtures', 'plots.ipynb'), join(scratch.dir, 'plots.ipynb'));
  const run = spawnSync(
    python,
    ['-m', 'nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=120', '--output', 'executed.ipynb', 'plots.ipynb'],
    { cwd: scratch.dir, env, encoding: 'utf8', timeout: 180_000 },
  );
  assert.equal(run.status, 0, `nbconvert failed:\n${run.stderr.slice(-3000)}`);

  const cells = readNotebook(join(scratch.dir, 'executed.ipynb')).cells.filter((c): c is CodeCell => c.cell_type === 'code');
  const all = cells.flatMap((c) => c.outputs);
  assert.deepEqual(all.filter((o) => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr')), []);
  assert.deepEqual(cells[0].outputs, [{ output_type: 'stream', name: 'stdout', text: ['classes: no_pain, low_pain, high_pain\n'] }]);
  const html = all.filter((o) => o.output_type === 'display_data').map((o) => joinSource((o as { data: Record<string, string[]> }).data['text/html']));
  assert.equal(html.length, 3, 'two charts and a table');
  assert.equal(html.filter((h) => h.includes(`<script ${BUNDLE_ATTRIBUTE}=`)).length, 1, 'plotly shipped once per kernel');
  assert.equal(html.filter((h) => h.includes('window.Plotly.newPlot(el,')).length, 2);
  assert.ok(readFileSync(join(scratch.dir, 'executed.ipynb'), 'utf8').includes('step 2'));
});
