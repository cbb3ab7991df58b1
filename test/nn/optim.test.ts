import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adam, AdamW } from '../../lib/nn/optim';
import { applyPenalties } from '../../lib/nn/penalties';
import type { Param } from '../../lib/nn/types';

const near = (a: number, b: number, tol = 1e-6, what = ''): void => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b}`);
const param = (values: number[]): Param => ({ name: 'p', shape: [values.length], data: Float32Array.from(values), grad: new Float32Array(values.length) });

test('AdamW: two steps by hand (decoupled decay, bias correction)', () => {
  const p = param([1]);
  const opt = new AdamW([p], { lr: 0.1, weightDecay: 0.1 });
  p.grad[0] = 0.5;
  opt.step();
  // p·(1 − 0.1·0.1) = 0.99; m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25 → step 0.1·0.5/(0.5 + 1e-8)
  near(p.data[0], 0.99 - 0.1 * 0.5 / (0.5 + 1e-8));
  p.grad[0] = -1;
  opt.step();
  const m = 0.9 * 0.05 + 0.1 * -1; // −0.055
  const v = 0.999 * 0.00025 + 0.001 * 1; // 0.00124975
  const mhat = m / (1 - 0.81), vhat = v / (1 - 0.998001);
  near(p.data[0], 0.89 * 0.99 - (0.1 * mhat) / (Math.sqrt(vhat) + 1e-8)); // ≈ 0.917710
  near(p.data[0], 0.91771, 1e-5);
});

test('AdamW defaults are PyTorch\'s: lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 1e-2', () => {
  const opt = new AdamW([param([1])]);
  assert.equal(opt.lr, 1e-3);
  assert.deepEqual(opt.betas, [0.9, 0.999]);
  assert.equal(opt.eps, 1e-8);
  assert.equal(opt.weightDecay, 1e-2);
  assert.equal(new Adam([param([1])]).weightDecay, 0);
});

test('Adam: weight decay is added to the gradient (coupled L2)', () => {
  const p = param([2]);
  const opt = new Adam([p], { lr: 0.01, weightDecay: 0.5 });
  p.grad[0] = 0.25; // effective gradient 0.25 + 0.5·2 = 1.25, first step moves by lr·sign
  opt.step();
  near(p.data[0], 2 - 0.01 * 1.25 / (1.25 + 1e-8));
  assert.throws(() => new Adam([p], { lr: -1 }), /optimizer\.lr/);
});

test('applyPenalties adds l1·Σ|w| + l2·Σw² and its gradient', () => {
  const a = param([1, -2, 0]);
  const b = param([0.5]);
  a.grad[1] = 1;
  const pen = applyPenalties([a, b], { l1: 0.1, l2: 0.01 });
  near(pen, 0.1 * 3.5 + 0.01 * 5.25);
  near(a.grad[0], 0.1 + 0.02);
  near(a.grad[1], 1 - 0.1 - 0.04);
  assert.equal(a.grad[2], 0);
  near(b.grad[0], 0.1 + 0.01);
  assert.equal(applyPenalties([a], { l1: 0, l2: 0 }), 0);
});

test('the native update (when the addon is built) matches the TypeScript loop to float precision', () => {
  const mk = (): Param => {
    const p = param(Array.from({ length: 257 }, (_, i) => Math.sin(i)));
    return p;
  };
  const a = mk(), b = mk();
  const oa = new AdamW([a], { lr: 0.01, weightDecay: 0.05 });
  const ob = new AdamW([b], { lr: 0.01, weightDecay: 0.05, impl: 'typescript' });
  assert.equal(ob.implementation, 'typescript');
  if (oa.implementation !== 'native') console.log('# native Adam update not built: both run TypeScript');
  for (let s = 0; s < 5; s++) {
    for (let i = 0; i < a.data.length; i++) a.grad[i] = b.grad[i] = Math.cos(i * (s + 1));
    oa.step();
    ob.step();
  }
  for (let i = 0; i < a.data.length; i++) near(a.data[i], b.data[i], 1e-6, `p[${i}]`);
});
