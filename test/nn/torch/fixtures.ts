// Reads the golden fixtures that golden.py writes and replays each case on the engine, measuring how far the
// engine's logits, loss, gradients and optimizer steps are from PyTorch's (relative to each tensor's scale).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Adam, AdamW, RecurrentClassifier, applyPenalties, classWeights, crossEntropy } from '../../../lib/nn';
import type { Gemm, ModelSpec } from '../../../lib/nn';
import { floatsFromBase64 } from '../../../lib/nn/serialize';

export const GOLDEN_FORMAT = 'pirate-pain-torch-golden';

interface Named {
  name: string;
  shape?: number[];
  data: string;
}

export interface GoldenCase {
  format: string;
  version: 1;
  torch: string;
  name: string;
  spec: ModelSpec;
  batch: number;
  steps: number;
  x: string;
  y: number[];
  loss: { counts: number[] | null; weights: number[] | null; labelSmoothing: number; l1: number; l2: number };
  optimizer: { kind: 'adamw' | 'adam'; lr: number; betas: [number, number]; eps: number; weightDecay: number; steps: number };
  params: Named[];
  logits: string;
  crossEntropy: number;
  objective: number;
  grads: Named[];
  stepObjectives: number[];
  after: Named[];
}

export interface InitStats {
  name: string;
  shape: number[];
  n: number;
  min: number;
  max: number;
  mean: number;
  var: number;
}

export interface GoldenInit {
  format: string;
  torch: string;
  models: { spec: ModelSpec; params: InitStats[] }[];
}

export const committedDir = join(__dirname, '..', 'fixtures', 'torch');

function readJSON<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

/** every case of a fixture folder, by name */
export function readCases(dir: string): GoldenCase[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'init.json').sort();
  if (files.length === 0) throw new Error(`${dir}: no golden cases`);
  return files.map((f) => {
    const c = readJSON<GoldenCase>(join(dir, f));
    if (c.format !== GOLDEN_FORMAT || c.version !== 1) throw new Error(`${join(dir, f)}: not a ${GOLDEN_FORMAT} v1 file`);
    return c;
  });
}

export function readInit(dir: string): GoldenInit {
  return readJSON<GoldenInit>(join(dir, 'init.json'));
}

export const floats = (s: string, where: string): Float32Array => floatsFromBase64(s, where);

/** max |a - b| / max |b| (0 when both are all zero) */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, what: string): number {
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} values, expected ${b.length}`);
  let err = 0, scale = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  if (Number.isNaN(err)) return Infinity;
  return err === 0 ? 0 : err / scale;
}

export interface CaseErrors {
  /** relative errors by quantity: logits, loss, objective, grad:<name>, after:<name>, stepObjective */
  errors: Map<string, number>;
  /** the largest of each group */
  worst: { logits: number; loss: number; grads: number; after: number };
}

/**
 * Replays a case: the fixture's parameters copied into a fresh engine model, one training forward/backward with the
 * engine's loss and penalties, then the optimizer's steps on the same batch (each step recomputes the gradients).
 */
export function replay(c: GoldenCase, gemm: Gemm, optimizerImpl: 'auto' | 'typescript'): CaseErrors {
  const { spec, batch: B, steps: T } = c;
  const m = new RecurrentClassifier(spec, { gemm, seed: 0 });
  if (m.params.length !== c.params.length) throw new Error(`${c.name}: engine has ${m.params.length} tensors, torch ${c.params.length}`);
  m.params.forEach((p, i) => {
    const q = c.params[i];
    if (q.name !== p.name || (q.shape ?? []).join(',') !== p.shape.join(',')) {
      throw new Error(`${c.name}: params[${i}] is ${p.name} [${p.shape}] in the engine, ${q.name} [${q.shape}] in torch`);
    }
    p.data.set(floats(q.data, `${c.name}.params[${i}]`));
  });
  const x = floats(c.x, `${c.name}.x`);
  let weights: Float32Array | undefined;
  if (c.loss.counts) {
    weights = classWeights(c.loss.counts);
    const e = relErr(weights, c.loss.weights as number[], 'class weights');
    if (e > 1e-6) throw new Error(`${c.name}: classWeights(${c.loss.counts}) differs from torch's 1/log1p(counts) by ${e}`);
  }
  const ceOpts = { weights, labelSmoothing: c.loss.labelSmoothing };
  const pen = { l1: c.loss.l1, l2: c.loss.l2 };
  const C = spec.classes;
  const errors = new Map<string, number>();

  const objective = (): { logits: Float32Array; ce: number; total: number } => {
    m.zeroGrad();
    const logits = m.forward(x, B, T, true);
    const { loss, dLogits } = crossEntropy(logits, c.y, B, C, ceOpts);
    m.backward(dLogits);
    return { logits: Float32Array.from(logits), ce: loss, total: loss + applyPenalties(m.params, pen) };
  };

  const first = objective();
  errors.set('logits', relErr(first.logits, floats(c.logits, 'logits'), 'logits'));
  errors.set('loss', relErr([first.ce], [c.crossEntropy], 'loss'));
  errors.set('objective', relErr([first.total], [c.objective], 'objective'));
  m.params.forEach((p, i) => errors.set(`grad:${p.name}`, relErr(p.grad, floats(c.grads[i].data, `grads[${i}]`), p.name)));

  const o = c.optimizer;
  const optOpts = { lr: o.lr, betas: o.betas, eps: o.eps, weightDecay: o.weightDecay, impl: optimizerImpl };
  const opt = o.kind === 'adamw' ? new AdamW(m.params, optOpts) : new Adam(m.params, optOpts);
  const objectives: number[] = [first.total];
  opt.step();
  for (let s = 1; s < o.steps; s++) {
    objectives.push(objective().total);
    opt.step();
  }
  errors.set('stepObjectives', relErr(objectives, c.stepObjectives, 'step objectives'));
  m.params.forEach((p, i) => errors.set(`after:${p.name}`, relErr(p.data, floats(c.after[i].data, `after[${i}]`), p.name)));

  const worstOf = (prefix: string): number => Math.max(...[...errors].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v));
  return {
    errors,
    worst: {
      logits: errors.get('logits') as number,
      loss: Math.max(errors.get('loss') as number, errors.get('objective') as number, errors.get('stepObjectives') as number),
      grads: worstOf('grad:'),
      after: worstOf('after:'),
    },
  };
}
