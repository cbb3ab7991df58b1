// The network's generator (weight init, dropout masks, batch shuffling) is the project's one seeded Rng, kept
// importable from here so lib/nn code and its callers need not know where it lives.
export { Rng } from '../core/random';
