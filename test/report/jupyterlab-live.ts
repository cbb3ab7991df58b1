// Live check of the notebooks in a real JupyterLab: starts a JupyterLab server on loopback, opens each notebook in
// headless Chromium, runs all cells on the tslab kernel through JupyterLab's own `notebook:run-all-cells` command,
// and checks that no cell failed or wrote to stderr and that every plotly chart the cells emitted was drawn in the
// page. Saves a PNG of the first chart of each notebook.
//
// Not a *.test.ts file on purpose: it needs a JupyterLab install that CI does not have, and minutes of kernel time.
//
//   JUPYTERLAB_PYTHON=/path/to/venv/bin/python node --import tsx test/report/jupyterlab-live.ts [notebook.ipynb ...]
//
// JUPYTERLAB_PYTHON: a Python with `jupyterlab` (e.g. `python3 -m venv /tmp/jlab && /tmp/jlab/bin/pip install
// jupyterlab`). Notebooks default to every notebooks/*.ipynb. Other variables: CHROMIUM (browser binary, default
// chromium / chromium-browser / google-chrome), JUPYTERLAB_LIVE_OUT (folder for screenshots and the server log,
// default a new /tmp/pirate-pain-jupyterlab-* folder), JUPYTERLAB_LIVE_TIMEOUT (seconds per notebook, default 600).
// Exit status: 0 all notebooks passed, 1 a notebook failed, 2 a tool is missing or the setup failed.
//
// No dependencies: Chromium is driven over the DevTools protocol with Node's WebSocket (global from Node 22; on
// Node 20 the script re-executes itself with --experimental-websocket). The tslab kernel is registered in a
// temporary Jupyter prefix, user settings live in a temporary folder (autosave off, so the committed notebooks are
// never written; their bytes are compared before and after), and the server, kernels and browser are stopped at the
// end.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { projectRoot } from '../../lib/paths';

// ---------- a minimal DevTools protocol client ----------

interface MessageEventLike { data: unknown }
interface WebSocketLike {
  send(data: string): void;
  close(): void;
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: (event: unknown) => void): void;
}
type WebSocketCtor = new (url: string) => WebSocketLike;

interface CdpReply { id?: number; method?: string; params?: Record<string, unknown>; sessionId?: string; result?: unknown; error?: { message: string } }
type CdpListener = (method: string, params: Record<string, unknown>, sessionId: string | undefined) => void;

class Cdp {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
  private readonly listeners: CdpListener[] = [];

  private constructor(private readonly ws: WebSocketLike) {
    ws.addEventListener('message', (event) => {
      const msg = JSON.parse(String(event.data)) as CdpReply;
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
        else p.resolve(msg.result);
      } else if (msg.method) {
        for (const l of this.listeners) l(msg.method, msg.params ?? {}, msg.sessionId);
      }
    });
    ws.addEventListener('close', () => {
      for (const p of this.pending.values()) p.reject(new Error(`${p.method}: DevTools connection closed`));
      this.pending.clear();
    });
  }

  static connect(url: string, WebSocketImpl: WebSocketCtor): Promise<Cdp> {
    return new Promise((resolveConnect, rejectConnect) => {
      const ws = new WebSocketImpl(url);
      ws.addEventListener('open', () => resolveConnect(new Cdp(ws)));
      ws.addEventListener('error', () => rejectConnect(new Error(`cannot connect to DevTools at ${url}`)));
    });
  }

  send<T>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((res, rej) => {
      this.pending.set(id, { resolve: res as (v: unknown) => void, reject: rej, method });
      this.ws.send(JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params }));
    });
  }

  on(listener: CdpListener): void {
    this.listeners.push(listener);
  }

  close(): void {
    this.ws.close();
  }
}

/** One browser tab: evaluates JavaScript given as source text (the page's code is not type-checked here). */
class Page {
  constructor(readonly cdp: Cdp, readonly sessionId: string) {}

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    return this.cdp.send<T>(method, params, this.sessionId);
  }

  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send<{ result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true },
    );
    if (r.exceptionDetails) throw new Error(`in page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  }
}

// ---------- processes ----------

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, last?: () => string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last state: ${last()})` : ''}`);
    await sleep(250);
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Stops a process started with `detached` (its own process group): SIGTERM to the group, SIGKILL after a grace. */
async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const killed = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (killed) {
    signal('SIGKILL');
    await exited;
  }
}

class SetupError extends Error {}

function pickChromium(): string {
  const candidates = process.env.CHROMIUM ? [process.env.CHROMIUM] : ['chromium', 'chromium-browser', 'google-chrome'];
  for (const bin of candidates) if (spawnSync(bin, ['--version'], { encoding: 'utf8' }).status === 0) return bin;
  throw new SetupError(`no Chromium found (tried ${candidates.join(', ')}; apt-get install chromium, or set CHROMIUM)`);
}

function pickPython(): string {
  const python = process.env.JUPYTERLAB_PYTHON;
  if (!python) throw new SetupError('set JUPYTERLAB_PYTHON to a Python with jupyterlab installed (e.g. a venv\'s bin/python)');
  const r = spawnSync(python, ['-c', 'import jupyterlab, jupyter_client; print(jupyterlab.__version__)'], { encoding: 'utf8' });
  if (r.status !== 0) throw new SetupError(`${python} cannot import jupyterlab:\n${r.stderr || r.error?.message}`);
  return python;
}

// ---------- the checks run in the page ----------

/** The open notebook panel for `path`, its kernel and cells, as one JSON-able state. */
const PANEL_JS = (path: string): string => `
  (() => {
    const app = window.jupyterapp;
    if (!app) return { phase: 'no jupyterapp' };
    const dialog = document.querySelector('.jp-Dialog');
    if (dialog) return { phase: 'dialog', dialog: dialog.innerText.slice(0, 500) };
    const panel = Array.from(app.shell.widgets('main')).find((w) => w.context && w.context.path === ${JSON.stringify(path)});
    if (!panel || !panel.content || !panel.content.model) return { phase: 'no notebook panel' };
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    const cells = [];
    for (let i = 0; i < panel.content.model.cells.length; i++) cells.push(panel.content.model.cells.get(i));
    const code = cells.filter((c) => c.type === 'code');
    return {
      phase: 'open',
      kernel: kernel ? kernel.name : null,
      status: kernel ? kernel.status : null,
      connection: kernel ? kernel.connectionStatus : null,
      ready: panel.sessionContext.isReady,
      codeCells: code.length,
      executed: code.filter((c) => c.executionCount !== null).length,
      running: code.filter((c) => c.executionState === 'running').length,
    };
  })()`;

/** Starts Run All without awaiting it here (it resolves when the last cell is done); progress is polled. */
const RUN_ALL_JS = (path: string): string => `
  (() => {
    const app = window.jupyterapp;
    const panel = Array.from(app.shell.widgets('main')).find((w) => w.context && w.context.path === ${JSON.stringify(path)});
    app.shell.activateById(panel.id);
    window.__ppRun = { done: false, ok: null, error: null };
    app.commands.execute('notebook:run-all-cells').then(
      (ok) => { window.__ppRun = { done: true, ok: ok, error: null }; },
      (e) => { window.__ppRun = { done: true, ok: false, error: String(e && e.stack || e) }; },
    );
    return true;
  })()`;

interface CellOutcome { index: number; executionCount: number | null; outputs: number; errors: string[]; stderr: string[]; charts: number }
interface ChartOutcome { id: string; types: string[]; drawn: boolean; why: string }
interface PageOutcome { cells: CellOutcome[]; expectedCharts: number; charts: ChartOutcome[]; fallbackTexts: number; stderrNodes: number }

/**
 * What the model holds (outputs per cell) and what the DOM shows: every chart div plotly took over, and whether it
 * drew its traces (SVG trace groups, heatmap images, or WebGL canvases without plotly's "no WebGL" notice).
 */
const OUTCOME_JS = (path: string): string => `
  (() => {
    const app = window.jupyterapp;
    const panel = Array.from(app.shell.widgets('main')).find((w) => w.context && w.context.path === ${JSON.stringify(path)});
    const join = (t) => Array.isArray(t) ? t.join('') : String(t == null ? '' : t);
    const cells = [];
    for (let i = 0; i < panel.content.model.cells.length; i++) {
      const c = panel.content.model.cells.get(i);
      if (c.type !== 'code') continue;
      const outs = [];
      for (let j = 0; j < c.outputs.length; j++) outs.push(c.outputs.get(j).toJSON());
      cells.push({
        index: i,
        executionCount: c.executionCount,
        outputs: outs.length,
        errors: outs.filter((o) => o.output_type === 'error').map((o) => (o.ename + ': ' + o.evalue).slice(0, 2000)),
        stderr: outs.filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => join(o.text).slice(0, 2000)),
        charts: outs.filter((o) => o.data && /Plotly\\.newPlot\\(/.test(join(o.data['text/html']))).length,
      });
    }
    const root = panel.node;
    const charts = Array.from(root.querySelectorAll('.js-plotly-plot')).map((p) => {
      const types = (p._fullData || []).map((t) => t.type);
      const width = p.getBoundingClientRect().width;
      const svg = p.querySelectorAll('.main-svg').length;
      const marks = p.querySelectorAll('.trace, .hm image').length;
      const canvases = p.querySelectorAll('.gl-container canvas').length;
      const noWebGl = p.querySelector('.no-webgl') !== null;
      const why = !p._fullLayout ? 'plotly did not lay it out' : types.length === 0 ? 'no traces' : width === 0 ? 'zero width'
        : svg === 0 ? 'no SVG' : noWebGl ? 'plotly says WebGL is not supported' : marks + canvases === 0 ? 'nothing drawn' : '';
      return { id: p.id, types: types, drawn: why === '', why: why };
    });
    return {
      cells: cells,
      expectedCharts: cells.reduce((s, c) => s + c.charts, 0),
      charts: charts,
      fallbackTexts: Array.from(root.querySelectorAll('.pp-plot')).filter((p) => /plotly\\.js is not loaded/.test(p.textContent)).length,
      stderrNodes: root.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length,
    };
  })()`;

/**
 * Scrolls a chart to the middle of the viewport and returns its box (viewport coordinates, plus a margin). Cells
 * outside the viewport are laid out with estimated heights (content-visibility), which become real ones as they
 * scroll past: scroll again until the chart stays put.
 */
const CHART_BOX_JS = (id: string): string => `
  (async () => {
    const el = document.getElementById(${JSON.stringify(id)});
    let top = NaN;
    for (let i = 0; i < 20; i++) {
      el.scrollIntoView({ block: 'center' });
      await new Promise((r) => setTimeout(r, 150));
      const now = el.getBoundingClientRect().top;
      if (Math.abs(now - top) < 1) break;
      top = now;
    }
    const r = el.getBoundingClientRect();
    const x = Math.max(0, r.left - 8), y = Math.max(0, r.top - 8);
    return { x: x, y: y, width: Math.min(window.innerWidth - x, r.width + 16), height: Math.min(window.innerHeight - y, r.height + 16) };
  })()`;

// ---------- one notebook ----------

interface NotebookResult { path: string; ok: boolean; problems: string[]; timings: Record<string, number>; screenshots?: string[]; cells?: number; charts?: number }

async function checkNotebook(page: Page, base: string, rel: string, outDir: string, timeoutMs: number): Promise<NotebookResult> {
  const problems: string[] = [];
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  let state: Record<string, unknown> = {};
  const probe = async (): Promise<Record<string, unknown>> => (state = await page.evaluate<Record<string, unknown>>(PANEL_JS(rel)).catch((e: Error) => ({ phase: `evaluate failed: ${e.message}` })));

  const url = `${base}/lab/tree/${rel.split('/').map(encodeURIComponent).join('/')}?reset`;
  await page.send('Page.navigate', { url });
  await until('the notebook to open with the tslab kernel idle', 120_000, async () => {
    const s = await probe();
    if (s.phase === 'dialog') throw new Error(`JupyterLab shows a dialog: ${String(s.dialog)}`);
    if (s.phase === 'open' && s.kernel !== null && s.kernel !== 'tslab') throw new Error(`notebook started kernel ${String(s.kernel)}, not tslab`);
    return s.phase === 'open' && s.kernel === 'tslab' && s.ready === true && s.status === 'idle' && s.connection === 'connected' ? s : undefined;
  }, () => JSON.stringify(state));
  timings.open_s = (Date.now() - t0) / 1000;

  const t1 = Date.now();
  await page.evaluate(RUN_ALL_JS(rel));
  let shown = -1;
  const run = await until<{ done: boolean; ok: boolean | null; error: string | null }>('Run All to finish', timeoutMs, async () => {
    const s = await probe();
    if (s.executed !== shown) {
      shown = Number(s.executed);
      console.log(`  ${((Date.now() - t1) / 1000).toFixed(1).padStart(6)} s  ${shown}/${String(s.codeCells)} code cells executed`);
    }
    const r = await page.evaluate<{ done: boolean; ok: boolean | null; error: string | null }>('window.__ppRun');
    return r.done && s.status === 'idle' ? r : undefined;
  }, () => JSON.stringify(state));
  timings.run_all_s = (Date.now() - t1) / 1000;
  if (Number(state.executed) !== shown) console.log(`  ${timings.run_all_s.toFixed(1).padStart(6)} s  ${String(state.executed)}/${String(state.codeCells)} code cells executed`);
  if (run.error) problems.push(`notebook:run-all-cells threw: ${run.error}`);
  else if (run.ok !== true) problems.push('notebook:run-all-cells reported failure (a cell failed; later cells were not run)');

  // Charts draw asynchronously (Plotly.newPlot returns a promise): wait until every emitted chart is drawn.
  const t2 = Date.now();
  const drawn = (o: PageOutcome): number => o.charts.filter((c) => c.drawn).length;
  let outcome = await page.evaluate<PageOutcome>(OUTCOME_JS(rel));
  try {
    await until('every chart to be drawn', 30_000, async () => {
      outcome = await page.evaluate<PageOutcome>(OUTCOME_JS(rel));
      return drawn(outcome) >= outcome.expectedCharts ? true : undefined;
    });
  } catch {
    // reported below from the last outcome
  }
  timings.render_s = (Date.now() - t2) / 1000;

  for (const c of outcome.cells) {
    if (c.executionCount === null) problems.push(`cell ${c.index}: not executed`);
    if (c.outputs === 0) problems.push(`cell ${c.index}: no output`);
    for (const e of c.errors) problems.push(`cell ${c.index}: error output: ${e}`);
    for (const s of c.stderr) problems.push(`cell ${c.index}: stderr: ${s.trimEnd()}`);
  }
  if (outcome.expectedCharts === 0) problems.push('no cell emitted a plotly chart');
  if (drawn(outcome) !== outcome.expectedCharts) problems.push(`${drawn(outcome)} of ${outcome.expectedCharts} charts drawn by plotly in the page`);
  for (const c of outcome.charts) if (!c.drawn) problems.push(`chart ${c.id} (${c.types.join(', ') || 'no traces'}): ${c.why}`);
  if (outcome.fallbackTexts > 0) problems.push(`${outcome.fallbackTexts} charts show "plotly.js is not loaded"`);
  if (outcome.stderrNodes > 0) problems.push(`${outcome.stderrNodes} stderr/error outputs rendered in the page`);

  // One picture per kind of chart (first trace type), to look at: the DOM checks cannot judge what it looks like.
  const screenshots: string[] = [];
  const seen = new Set<string>();
  const stem = rel.replace(/[^\w.-]+/g, '_').replace(/\.ipynb$/, '');
  for (const [i, c] of outcome.charts.entries()) {
    const kind = c.types[0] ?? 'empty';
    if (seen.has(kind)) continue;
    seen.add(kind);
    const box = await page.evaluate<{ x: number; y: number; width: number; height: number }>(CHART_BOX_JS(c.id));
    const shot = await page.send<{ data: string }>('Page.captureScreenshot', { format: 'png', clip: { ...box, scale: 1 } });
    const file = join(outDir, `${stem}-chart${i + 1}-${kind}.png`);
    writeFileSync(file, Buffer.from(shot.data, 'base64'));
    screenshots.push(file);
  }

  // Stop the kernel and mark the document clean, so leaving the page neither asks nor saves.
  await page.evaluate(`
    (async () => {
      const panel = Array.from(window.jupyterapp.shell.widgets('main')).find((w) => w.context && w.context.path === ${JSON.stringify(rel)});
      await panel.sessionContext.shutdown();
      panel.context.model.dirty = false;
      return true;
    })()`);
  return { path: rel, ok: problems.length === 0, problems, timings, screenshots, cells: outcome.cells.length, charts: drawn(outcome) };
}

// ---------- main ----------

async function main(WebSocketImpl: WebSocketCtor): Promise<number> {
  const root = projectRoot();
  const python = pickPython();
  const chromium = pickChromium();
  const timeoutMs = Number(process.env.JUPYTERLAB_LIVE_TIMEOUT ?? 600) * 1000;

  const args = process.argv.slice(2);
  const notebooks = (args.length > 0 ? args.map((a) => resolve(a)) : readdirSync(join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort().map((f) => join(root, 'notebooks', f)))
    .map((abs) => {
      const rel = relative(root, abs);
      if (rel.startsWith('..') || isAbsolute(rel)) throw new SetupError(`${abs} is outside the project ${root}`);
      if (!existsSync(abs)) throw new SetupError(`${abs} does not exist`);
      return rel.split('\\').join('/');
    });
  const digest = (rel: string): string => createHash('sha256').update(readFileSync(join(root, rel))).digest('hex');
  const before = new Map(notebooks.map((n) => [n, digest(n)]));
  const checkpointDirs = [...new Set(notebooks.map((n) => join(root, n, '..', '.ipynb_checkpoints')))].filter((d) => !existsSync(d));

  const outDir = process.env.JUPYTERLAB_LIVE_OUT ? resolve(process.env.JUPYTERLAB_LIVE_OUT) : mkdtempSync(join(tmpdir(), 'pirate-pain-jupyterlab-'));
  mkdirSync(outDir, { recursive: true });
  const home = mkdtempSync(join(tmpdir(), 'pirate-pain-jupyterlab-home-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_PATH: join(home, 'share', 'jupyter'),
    JUPYTER_DATA_DIR: join(home, 'data'),
    JUPYTER_RUNTIME_DIR: join(home, 'runtime'),
    JUPYTER_CONFIG_DIR: join(home, 'config'),
    JUPYTERLAB_SETTINGS_DIR: join(home, 'settings'),
    JUPYTERLAB_WORKSPACES_DIR: join(home, 'workspaces'),
    IPYTHONDIR: join(home, 'ipython'),
  };
  // Autosave off: Run All must never write outputs into the committed notebooks.
  mkdirSync(join(home, 'settings', '@jupyterlab', 'docmanager-extension'), { recursive: true });
  writeFileSync(join(home, 'settings', '@jupyterlab', 'docmanager-extension', 'plugin.jupyterlab-settings'), JSON.stringify({ autosave: false }));
  // No "receive Jupyter news?" toast over the notebook (and no request to the news feed).
  mkdirSync(join(home, 'settings', '@jupyterlab', 'apputils-extension'), { recursive: true });
  writeFileSync(join(home, 'settings', '@jupyterlab', 'apputils-extension', 'notification.jupyterlab-settings'), JSON.stringify({ fetchNews: 'false' }));

  let server: ChildProcess | undefined;
  let browser: ChildProcess | undefined;
  let cdp: Cdp | undefined;
  const serverLog = join(outDir, 'jupyterlab-server.log');
  const results: NotebookResult[] = [];
  try {
    const install = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'tslab', 'bin', 'tslab'), 'install', `--python=${python}`, `--binary=${join(root, 'node_modules', '.bin', 'tslab')}`, `--prefix=${home}`],
      { env, encoding: 'utf8' },
    );
    if (install.status !== 0) throw new SetupError(`tslab install failed:\n${install.stdout}\n${install.stderr}`);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const tServer = Date.now();
    const log: string[] = [];
    server = spawn(
      python,
      [
        '-m', 'jupyterlab', '--no-browser', `--ServerApp.root_dir=${root}`, '--ServerApp.ip=127.0.0.1', `--ServerApp.port=${port}`,
        '--ServerApp.port_retries=0', "--IdentityProvider.token=", '--ServerApp.password=', '--LabApp.expose_app_in_browser=True',
        '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate', '--LabApp.news_url=None',
        // Scratch notebooks under <root>/.tmp (as the report tests make them) can be checked too.
        '--ContentsManager.allow_hidden=True',
        // Containers often run as root, which jupyter refuses without this flag.
        ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
      ],
      { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer): void => void log.push(chunk.toString());
    server.stdout!.on('data', keep);
    server.stderr!.on('data', keep);
    server.on('exit', () => writeFileSync(serverLog, log.join('')));
    const srv = server;
    await until('the JupyterLab server', 60_000, async () => {
      if (srv.exitCode !== null) throw new SetupError(`jupyter lab exited with ${srv.exitCode}:\n${log.join('').slice(-3000)}`);
      const r = await fetch(`${base}/api/status`).catch(() => undefined);
      return r?.ok ? true : undefined;
    });
    const serverStart = (Date.now() - tServer) / 1000;
    console.log(`JupyterLab ${spawnSync(python, ['-c', 'import jupyterlab; print(jupyterlab.__version__)'], { encoding: 'utf8' }).stdout.trim()} at ${base} (ready in ${serverStart.toFixed(1)} s)`);

    const profile = join(home, 'chromium');
    browser = spawn(
      chromium,
      [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--no-first-run', '--no-default-browser-check', `--user-data-dir=${profile}`, '--remote-debugging-address=127.0.0.1',
        '--remote-debugging-port=0', 'about:blank',
      ],
      { env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let browserErr = '';
    const wsUrl = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new SetupError(`Chromium printed no DevTools address:\n${browserErr.slice(-2000)}`)), 30_000);
      browser!.stderr!.on('data', (chunk: Buffer) => {
        browserErr += chunk.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(browserErr);
        if (m) {
          clearTimeout(timer);
          res(m[1]);
        }
      });
      browser!.on('exit', (code) => rej(new SetupError(`Chromium exited with ${code}:\n${browserErr.slice(-2000)}`)));
    });
    cdp = await Cdp.connect(wsUrl, WebSocketImpl);
    const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const page = new Page(cdp, sessionId);
    const pageErrors: string[] = [];
    cdp.on((method, params, sid) => {
      if (sid !== sessionId) return;
      // "Leave site?" on navigation: accept (the document is marked clean first, so this is only a fallback).
      if (method === 'Page.javascriptDialogOpening') void page.send('Page.handleJavaScriptDialog', { accept: true });
      if (method === 'Runtime.exceptionThrown') {
        const d = params.exceptionDetails as { text?: string; exception?: { description?: string } };
        pageErrors.push(`uncaught: ${d.exception?.description ?? d.text ?? '?'}`.slice(0, 500));
      }
    });
    await page.send('Page.enable');
    await page.send('Runtime.enable');
    await page.send('Emulation.setDeviceMetricsOverride', { width: 1400, height: 1000, deviceScaleFactor: 1, mobile: false });

    for (const rel of notebooks) {
      console.log(`${rel}:`);
      pageErrors.length = 0;
      let result: NotebookResult;
      try {
        result = await checkNotebook(page, base, rel, outDir, timeoutMs);
      } catch (e) {
        result = { path: rel, ok: false, problems: [(e as Error).message], timings: {} };
      }
      // Uncaught page exceptions that name plotly come from the charts' scripts; others are reported, not judged.
      const counted = new Map<string, number>();
      for (const err of pageErrors) counted.set(err, (counted.get(err) ?? 0) + 1);
      for (const [err, n] of counted) {
        const times = n > 1 ? ` (${n} times)` : '';
        if (/plotly|newPlot/i.test(err)) {
          result.problems.push(`page: ${err}${times}`);
          result.ok = false;
        } else console.log(`  note: page error outside the charts${times}: ${err.split('\n')[0]}`);
      }
      const t = Object.entries(result.timings).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
      console.log(`  ${result.ok ? 'PASS' : 'FAIL'} ${rel}${result.cells !== undefined ? `: ${result.cells} code cells, ${result.charts} charts drawn` : ''}${t ? ` (${t})` : ''}`);
      for (const p of result.problems) console.log(`    - ${p}`);
      for (const file of result.screenshots ?? []) console.log(`  screenshot: ${file}`);
      results.push(result);
    }
  } finally {
    if (cdp) {
      await cdp.send('Browser.close').catch(() => undefined);
      cdp.close();
    }
    if (browser) await stopGroup(browser, 5_000);
    if (server) await stopGroup(server, 15_000);
    rmSync(home, { recursive: true, force: true });
    for (const d of checkpointDirs) rmSync(d, { recursive: true, force: true });
  }

  for (const n of notebooks) {
    if (digest(n) !== before.get(n)) {
      console.log(`FAIL ${n} changed on disk during the check (JupyterLab saved it); restore it with git`);
      return 1;
    }
  }
  console.log(`server log: ${serverLog}`);
  const failed = results.filter((r) => !r.ok);
  console.log(failed.length === 0 ? `all ${results.length} notebooks passed in JupyterLab` : `${failed.length} of ${results.length} notebooks failed in JupyterLab`);
  return failed.length === 0 ? 0 : 1;
}

const WebSocketImpl = (globalThis as { WebSocket?: WebSocketCtor }).WebSocket;
if (!WebSocketImpl) {
  // Node 20: WebSocket is behind a flag; run this script again with it.
  const again = spawnSync(process.execPath, ['--experimental-websocket', ...process.execArgv, process.argv[1], ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
} else {
  main(WebSocketImpl).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(e instanceof SetupError ? `setup: ${e.message}` : (e.stack ?? String(e)));
      process.exit(e instanceof SetupError ? 2 : 1);
    },
  );
}
