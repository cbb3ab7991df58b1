// Headless Chromium driven over the DevTools protocol through a pipe (--remote-debugging-pipe: NUL-separated JSON on
// fds 3 and 4), so no WebSocket client and no browser download are needed: the system's chromium prints the PDF and
// takes the screenshots, offline.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** The chromium binary: $CHROMIUM when set (the only candidate then), else the first of the usual names that runs. */
export function findChromium(): { bin: string; missing?: string } {
  const candidates = process.env.CHROMIUM ? [process.env.CHROMIUM] : ['chromium', 'chromium-browser', 'google-chrome'];
  for (const bin of candidates) {
    if (spawnSync(bin, ['--version'], { encoding: 'utf8' }).status === 0) return { bin };
  }
  return { bin: '', missing: `no Chromium found (tried ${candidates.join(', ')}; apt-get install chromium)` };
}

/** The flags every headless run here uses (TOOLCHAIN facts); SwiftShader so WebGL charts (parcoords) draw without a GPU. */
export const HEADLESS_FLAGS: readonly string[] = [
  '--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars', '--mute-audio',
];

type Json = Record<string, unknown>;
interface Pending { resolve: (v: Json) => void; reject: (e: Error) => void; method: string }

/** One browser process; `page()` opens a tab whose commands go to its own session. */
export class Chromium {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(method: string, params: Json, sessionId?: string) => void>();
  private buffer = '';
  private exited: Error | undefined;

  private constructor(private readonly proc: ChildProcess, private readonly profile: string) {
    const out = proc.stdio[4] as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => this.receive(chunk));
    proc.on('exit', (code, signal) => {
      this.exited = new Error(`chromium exited (${signal ?? code})`);
      for (const p of this.pending.values()) p.reject(this.exited);
      this.pending.clear();
    });
  }

  static launch(bin = findChromium().bin): Chromium {
    if (!bin) throw new Error(findChromium().missing);
    const profile = mkdtempSync(join(tmpdir(), 'pirate-pain-chromium-'));
    const proc = spawn(bin, [...HEADLESS_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    });
    return new Chromium(proc, profile);
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const msg = JSON.parse(this.buffer.slice(0, end)) as { id?: number; result?: Json; error?: { message: string }; method?: string; params?: Json; sessionId?: string };
      this.buffer = this.buffer.slice(end + 1);
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`${p.method}: ${msg.error.message}`));
        else p?.resolve(msg.result ?? {});
      } else if (msg.method) {
        for (const l of this.listeners) l(msg.method, msg.params ?? {}, msg.sessionId);
      }
    }
  }

  send(method: string, params: Json = {}, sessionId?: string): Promise<Json> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<Json>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      (this.proc.stdio[3] as Writable).write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  }

  on(listener: (method: string, params: Json, sessionId?: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new tab of `width`×`height` CSS pixels. */
  async page(width: number, height: number): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const page = new Page(this, sessionId, targetId);
    await page.send('Page.enable');
    await page.send('Network.enable');
    await page.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    return page;
  }

  async close(): Promise<void> {
    if (!this.exited) {
      const gone = new Promise<void>((r) => this.proc.once('exit', () => r()));
      this.send('Browser.close').catch(() => {});
      const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/** What loading a page showed: its charts drawn or not, and any request that left the machine. */
export interface PageLoad { plots: number; drawn: number; notLoaded: number; remoteRequests: string[] }

export class Page {
  constructor(private readonly browser: Chromium, readonly sessionId: string, private readonly targetId: string) {}

  async close(): Promise<void> {
    await this.browser.send('Target.closeTarget', { targetId: this.targetId });
  }

  send(method: string, params: Json = {}): Promise<Json> {
    return this.browser.send(method, params, this.sessionId);
  }

  /** Evaluates an expression (awaiting a promise) and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(`evaluate: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }

  /**
   * Opens `url`, waits for the load event and then for every .pp-plot to hold a drawn chart (or plotly's absence to
   * show), at most `timeoutMs`. Requests to anything but file: and data: URLs are reported, not blocked.
   */
  async open(url: string, timeoutMs = 60_000): Promise<PageLoad> {
    const remoteRequests: string[] = [];
    let loaded!: () => void;
    const load = new Promise<void>((r) => (loaded = r));
    const off = this.browser.on((method, params, sessionId) => {
      if (sessionId !== this.sessionId) return;
      if (method === 'Page.loadEventFired') loaded();
      if (method === 'Network.requestWillBeSent') {
        const u = String((params.request as { url: string }).url);
        if (!/^(file|data|about|blob):/.test(u)) remoteRequests.push(u);
      }
    });
    try {
      await this.send('Page.navigate', { url });
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`${url}: no load event in ${timeoutMs} ms`)), timeoutMs)));
      await Promise.race([load, late]).finally(() => clearTimeout(timer));
      const state = await this.evaluate<Omit<PageLoad, 'remoteRequests'>>(`new Promise((resolve) => {
        const t0 = Date.now();
        const check = () => {
          const plots = [...document.querySelectorAll('.pp-plot')];
          const drawn = plots.filter((p) => p.querySelector('.main-svg')).length;
          const notLoaded = plots.filter((p) => /plotly\\.js is not loaded/.test(p.textContent || '')).length;
          if (drawn + notLoaded === plots.length || Date.now() - t0 > ${timeoutMs}) resolve({ plots: plots.length, drawn, notLoaded });
          else setTimeout(check, 100);
        };
        check();
      })`);
      // let plotly finish its layout pass (legends, automargin redraws) before anything is captured
      await this.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 200))))');
      return { ...state, remoteRequests };
    } finally {
      off();
    }
  }
}
