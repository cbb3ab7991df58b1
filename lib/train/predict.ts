// Inference over many windows in batches; the windows' buffer is already contiguous, so batches are views.
import type { Windows } from '../windows/windows';
import type { TrainableModel } from './types';

/** Logits [windows.n][classes] of a model in inference mode (dropout off); classes as the model returns them. */
export function predictLogits(model: Pick<TrainableModel, 'forward'>, windows: Windows, batchSize = 512): Float32Array {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`predictLogits: batchSize must be a positive integer, got ${batchSize}`);
  const per = windows.size * windows.features;
  if (windows.x.length !== windows.n * per) {
    throw new Error(`predictLogits: windows hold ${windows.x.length} values, expected ${windows.n} × ${windows.size} × ${windows.features}`);
  }
  let out = new Float32Array(0);
  let classes = 0;
  for (let b0 = 0; b0 < windows.n; b0 += batchSize) {
    const nb = Math.min(batchSize, windows.n - b0);
    const logits = model.forward(windows.x.subarray(b0 * per, (b0 + nb) * per), nb, windows.size, false);
    if (b0 === 0) {
      classes = logits.length / nb;
      if (!Number.isInteger(classes) || classes < 1) throw new Error(`predictLogits: model returned ${logits.length} logits for ${nb} windows`);
      out = new Float32Array(windows.n * classes);
    } else if (logits.length !== nb * classes) {
      throw new Error(`predictLogits: model returned ${logits.length} logits for ${nb} windows × ${classes} classes`);
    }
    out.set(logits, b0 * classes);
  }
  return out;
}
