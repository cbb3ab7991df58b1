import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_ATTRIBUTE } from '../../lib/plots/bundle';
import { type CodeCell, joinSource, readNotebook } from '../../lib/report/notebook';
import { failIfMissing, jupyterPython, root, scratchDir, toolGate } from './helpers';

// The committed notebooks executed by a real Jupyter (nbconvert + nbclient) on the tslab kernel: proves that they
// work outside our own runner, as a user opening them in Jupyter would run them.
const { python, missing } = jupyterPython();
const scratch = scratchDir('jupyter');
const jupyterHome = mkdtempSync(join(tmpdir(), 'pirate-pain-jupyter-'));
after(() => {
  scratch.cleanup();
  rmSync(jupyterHome, { recursive: true, force: true });
});

test('nbconvert --execute runs every notebook in notebooks/ on the tslab kernel without errors', toolGate(missing), () => {
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
    // notebooks 03–06 train: the smoke profile keeps them to seconds (their results are cached under outputs/runs)
    PIRATE_PAIN_PROFILE: 'smoke',
  };
  const spec = spawnSync(python, ['-m', 'jupyter_client.kernelspecapp', 'list', '--json'], { env, encoding: 'utf8' });
  assert.ok(spec.status === 0 && JSON.parse(spec.stdout).kernelspecs.tslab, `tslab kernel not registered:\n${spec.stderr}`);

  // The committed notebooks, executed where they live (their `lib` link), written to a scratch folder.
  const names = readdirSync(join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();
  assert.ok(names.length > 0, 'no notebooks to execute');
  const run = spawnSync(
    python,
    ['-m', 'nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=300', '--output-dir', scratch.dir, ...names.map((n) => join(root, 'notebooks', n))],
    { cwd: root, env, encoding: 'utf8', timeout: 540_000 },
  );
  assert.equal(run.status, 0, `nbconvert failed:\n${run.stderr.slice(-3000)}`);

  for (const name of names) {
    const cells = readNotebook(join(scratch.dir, name)).cells.filter((c): c is CodeCell => c.cell_type === 'code');
    const all = cells.flatMap((c) => c.outputs);
    assert.deepEqual(all.filter((o) => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr')), [], name);
    assert.ok(cells.every((c) => c.outputs.length > 0), `${name}: every code cell shows something`);
    const stdout = all.map((o) => (o.output_type === 'stream' ? joinSource(o.text) : '')).join('');
    assert.match(stdout, /^profile: \w+/, `${name} prints the profile first`);
    assert.match(stdout, /\ndata: (real Kaggle files|synthetic stand-in)/, `${name} says which data it uses`);
    const html = all.filter((o) => o.output_type === 'display_data').map((o) => joinSource((o as { data: Record<string, string[]> }).data['text/html'] ?? ''));
    const charts = html.filter((h) => h.includes('window.Plotly.newPlot(el,')).length;
    assert.ok(charts >= 3, `${name}: ${charts} charts`);
    assert.equal(html.filter((h) => h.includes(`<script ${BUNDLE_ATTRIBUTE}=`)).length, 1, `${name}: plotly shipped once per kernel`);
  }
});
