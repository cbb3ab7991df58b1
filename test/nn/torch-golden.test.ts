// The engine against PyTorch itself: golden fixtures written by test/nn/torch/golden.py (Debian's python3-torch)
// replayed on every compute path; the fixtures regenerated live when torch is installed; and PyTorch's default
// initialisation (bounds and moments) checked on the engine and on torch's own draws.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecurrentClassifier, typescriptGemm } from '../../lib/nn';
import type { Gemm, ModelSpec } from '../../lib/nn';
import { torchPython } from '../../lib/bench/torch';
import { failIfMissing, toolGate } from '../report/helpers';
import { gemmPaths } from './gemm-paths';
import { committedDir, floats, readCases, readInit, relErr, replay } from './torch/fixtures';
import type { GoldenCase, InitStats } from './torch/fixtures';

const REL = 1e-4;
// every path, and the built-in kernels on every ISA this CPU runs
const { paths, skipped } = gemmPaths({ everyIsa: true });
for (const s of skipped) console.log(`# compute path not tested here: ${s}`);
const cases = readCases(committedDir);

test('the committed fixtures cover RNN, LSTM and GRU; 1–3 layers; both directions; weighted and smoothed losses', () => {
  const key = (c: GoldenCase): string => `${c.spec.cell}/${c.spec.layers}/${c.spec.bidirectional}`;
  const seen = new Set(cases.map(key));
  for (const cell of ['rnn', 'lstm', 'gru']) {
    for (const l of [1, 2, 3]) assert.ok(cases.some((c) => c.spec.cell === cell && c.spec.layers === l), `${cell} with ${l} layers`);
    for (const bi of [false, true]) assert.ok(cases.some((c) => c.spec.cell === cell && c.spec.bidirectional === bi), `${cell} bidirectional=${bi}`);
    assert.ok(cases.some((c) => c.spec.cell === cell && c.loss.weights && c.loss.labelSmoothing > 0), `${cell} weighted and smoothed together`);
  }
  assert.equal(seen.size, cases.length, 'no duplicate architectures');
  assert.ok(cases.some((c) => c.loss.weights && c.loss.labelSmoothing === 0));
  assert.ok(cases.some((c) => !c.loss.weights && c.loss.labelSmoothing > 0));
  assert.ok(cases.some((c) => c.optimizer.kind === 'adam') && cases.some((c) => c.optimizer.kind === 'adamw'));
  assert.ok(cases.some((c) => c.loss.l1 > 0) && cases.some((c) => c.loss.l2 > 0));
  assert.ok(cases.every((c) => c.optimizer.steps === 3 && c.spec.dropout === 0));
});

/** the optimizer implementations a path uses: the TypeScript loop, and the addon's when 'auto' finds one */
function optimizerImpls(gemm: Gemm): ('auto' | 'typescript')[] {
  return gemm.name === 'typescript' ? ['typescript'] : ['auto', 'typescript'];
}

for (const { label, gemm } of paths) {
  for (const impl of optimizerImpls(gemm)) {
    test(`every golden case on ${label} (optimizer ${impl}): logits, loss, gradients and 3 optimizer steps within ${REL} of PyTorch`, (t) => {
      const rows: string[] = [];
      for (const c of cases) {
        const r = replay(c, gemm, impl);
        for (const [what, e] of r.errors) assert.ok(e <= REL, `${c.name} ${what}: relative error ${e.toExponential(2)} > ${REL}`);
        const w = r.worst;
        rows.push(`${c.name}: logits ${w.logits.toExponential(1)} loss ${w.loss.toExponential(1)} grads ${w.grads.toExponential(1)} after ${w.after.toExponential(1)}`);
      }
      t.diagnostic(rows.join('; '));
    });
  }
}

test('a broken engine fails the comparison (the check can fail)', () => {
  const c = cases.find((k) => k.name === 'gru-l2-bi') as GoldenCase;
  // the update gate and the candidate swapped in PyTorch's [r, z, n] layout: a plausible transcription slip
  const bad: GoldenCase = JSON.parse(JSON.stringify(c));
  const p = bad.params[0];
  const w = floats(p.data, 'w');
  const H = c.spec.hiddenSize, I = c.spec.inputSize;
  const swapped = Float32Array.from(w);
  swapped.set(w.subarray(2 * H * I, 3 * H * I), H * I);
  swapped.set(w.subarray(H * I, 2 * H * I), 2 * H * I);
  p.data = Buffer.from(swapped.buffer).toString('base64');
  const r = replay(bad, typescriptGemm, 'typescript');
  assert.ok(r.worst.logits > 1e-3, `logits error only ${r.worst.logits}`);
});

// ---- initialisation: PyTorch's defaults (torch.nn.RNNBase.reset_parameters, torch.nn.Linear.reset_parameters)

/** U(-b, b) with b = 1/√hidden for every recurrent tensor; Linear weight and bias U(-1/√fan_in, 1/√fan_in) */
function expectedBound(spec: ModelSpec, name: string): number {
  if (name.startsWith('fc.')) return 1 / Math.sqrt(spec.hiddenSize * (spec.bidirectional ? 2 : 1));
  if (name.startsWith('rnn.')) return 1 / Math.sqrt(spec.hiddenSize);
  throw new Error(`unexpected parameter ${name}`);
}

function stats(name: string, shape: number[], v: Float32Array): InitStats {
  let min = Infinity, max = -Infinity, sum = 0;
  for (const x of v) { min = Math.min(min, x); max = Math.max(max, x); sum += x; }
  const mean = sum / v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) * (x - mean);
  return { name, shape, n: v.length, min, max, mean, var: ss / v.length };
}

/**
 * Failures of one tensor's sample against U(-b, b). With n draws: every value in [-b, b]; the extremes within
 * 30·b/n of ±b (P(miss) ≈ e^-15); the mean within 5 standard errors of 0 (SE = b/√(3n)); the variance within 5
 * standard errors of b²/3 (Var of the sample variance ≈ (μ4 - σ⁴)/n = (b⁴/5 - b⁴/9)/n = 4b⁴/(45n)).
 */
function initFailures(s: InitStats, b: number): string[] {
  const out: string[] = [];
  const slack = b * 1e-6; // float32 rounding of values drawn in double
  if (s.min < -b - slack || s.max > b + slack) out.push(`${s.name}: range [${s.min}, ${s.max}] outside ±${b}`);
  if (s.n >= 1000) {
    if (s.max < b * (1 - 30 / s.n) || s.min > -b * (1 - 30 / s.n)) out.push(`${s.name}: range [${s.min}, ${s.max}] does not reach ±${b} (n=${s.n})`);
    const seMean = b / Math.sqrt(3 * s.n);
    if (Math.abs(s.mean) > 5 * seMean) out.push(`${s.name}: mean ${s.mean} beyond 5·SE ${seMean}`);
    const seVar = b * b * Math.sqrt(4 / (45 * s.n));
    if (Math.abs(s.var - (b * b) / 3) > 5 * seVar) out.push(`${s.name}: variance ${s.var} vs ${(b * b) / 3} beyond 5·SE ${seVar}`);
  }
  return out;
}

const init = readInit(committedDir);

test('PyTorch draws what the engine assumes: init.json (torch\'s own defaults) fits U(±1/√H) and U(±1/√fan_in)', () => {
  assert.equal(init.models.length, 3);
  for (const { spec, params } of init.models) {
    const fails = params.flatMap((s) => initFailures(s, expectedBound(spec, s.name)));
    assert.deepEqual(fails, [], `${spec.cell}`);
    assert.ok(params.some((s) => s.n >= 100_000), 'a large model');
  }
});

test('the engine initialises like PyTorch: same names and shapes as torch, bounds and moments over a large model', () => {
  for (const [k, { spec, params }] of init.models.entries()) {
    const m = new RecurrentClassifier(spec, { seed: 100 + k, gemm: typescriptGemm });
    assert.deepEqual(m.params.map((p) => `${p.name} [${p.shape}]`), params.map((s) => `${s.name} [${s.shape}]`), `${spec.cell}: parameter layout`);
    const fails = m.params.flatMap((p) => initFailures(stats(p.name, p.shape, p.data), expectedBound(spec, p.name)));
    assert.deepEqual(fails, [], spec.cell);
  }
});

test('the init check can fail: a normal draw, a narrower uniform and a shifted one are caught', () => {
  const n = 200_000, b = 0.0625;
  const u = (f: (i: number) => number): Float32Array => Float32Array.from({ length: n }, (_, i) => f(i));
  let seed = 1;
  const rand = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const normal = (): number => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
  assert.deepEqual(initFailures(stats('ok', [n], u(() => (2 * rand() - 1) * b)), b), []);
  // same variance as U(±b) but normal: values escape the range
  assert.notDeepEqual(initFailures(stats('normal', [n], u(() => (normal() * b) / Math.sqrt(3))), b), []);
  // U(±b) compressed to 98 %: the range is not reached and the variance is 4 % low
  assert.notDeepEqual(initFailures(stats('narrow', [n], u(() => (2 * rand() - 1) * b * 0.98)), b), []);
  // mean shifted by 2 % of the bound
  assert.notDeepEqual(initFailures(stats('shifted', [n], u(() => Math.max(-b, Math.min(b, (2 * rand() - 1) * b + 0.02 * b)))), b), []);
});

// ---- live: torch regenerates the fixtures; they must equal the committed ones and the engine must match them

const torch = torchPython();
const missing = torch.python ? undefined : `PyTorch not found (${torch.reason}; apt-get install python3-torch)`;
const scratch = mkdtempSync(join(tmpdir(), 'pirate-pain-torch-golden-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('golden.py run live with PyTorch reproduces the committed fixtures, and the engine matches them', toolGate(missing), () => {
  failIfMissing(missing);
  const script = join(__dirname, 'torch', 'golden.py');
  const r = spawnSync(torch.python as string, [script, scratch], {
    encoding: 'utf8', timeout: 120_000, env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
  });
  assert.equal(r.status, 0, `golden.py failed:\n${r.stderr}`);
  const live = readCases(scratch);
  assert.deepEqual(live.map((c) => c.name), cases.map((c) => c.name), 'same cases');
  for (const [i, c] of live.entries()) {
    const k = cases[i];
    const hint = `regenerate with /usr/bin/python3 test/nn/torch/golden.py test/nn/fixtures/torch (committed with torch ${k.torch}, live ${c.torch})`;
    // what torch draws from its seeded generator is exact; what it computes may differ in the last bits across BLAS builds
    assert.deepEqual([c.x, c.y, c.params, c.spec, c.loss, c.optimizer], [k.x, k.y, k.params, k.spec, k.loss, k.optimizer], `${c.name}: inputs differ; ${hint}`);
    const pairs: [string, string, string][] = [['logits', c.logits, k.logits],
      ...c.grads.map((g, j): [string, string, string] => [`grad ${g.name}`, g.data, k.grads[j].data]),
      ...c.after.map((g, j): [string, string, string] => [`after ${g.name}`, g.data, k.after[j].data])];
    for (const [what, a, b] of pairs) {
      const e = relErr(floats(a, what), floats(b, what), what);
      assert.ok(e <= 1e-5, `${c.name} ${what}: live torch differs from the committed fixture by ${e}; ${hint}`);
    }
    assert.ok(relErr([c.objective], [k.objective], 'objective') <= 1e-6, `${c.name}: objective ${c.objective} vs ${k.objective}`);
    const w = replay(c, paths[0].gemm, 'auto').worst; // the fastest path here
    for (const [what, e] of Object.entries(w)) assert.ok(e <= REL, `${c.name} ${what}: engine vs live torch ${e}`);
  }
  // torch's own draws are exact; their sums may be reduced in another order by another CPU's kernels
  const liveInit = readInit(scratch);
  const exact = (g: typeof init): unknown => g.models.map((m) => [m.spec, m.params.map((s) => [s.name, s.shape, s.n, s.min, s.max])]);
  assert.deepEqual(exact(liveInit), exact(init), 'init: same tensors, same extremes');
  liveInit.models.forEach((m, i) => m.params.forEach((s, j) => {
    const k = init.models[i].params[j];
    assert.ok(Math.abs(s.mean - k.mean) <= 1e-9 && Math.abs(s.var - k.var) <= 1e-9 * k.var, `init ${s.name}: moments differ`);
  }));
});
