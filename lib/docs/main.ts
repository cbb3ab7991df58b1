// npm run docs [-- --check] [-- --record [--out DIR] [--profile quick]]
// Rewrites the generated regions of README.md, data/README.md and docs/**/*.md from docs/results/*.json; --check
// changes nothing and exits 1 naming each file and region whose text differs; --record first records the results
// the last report left in the outputs folder.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { outputsDir, projectRoot } from '../paths';
import { recordResults } from './record';
import { checkRegions, formatMismatch, rewrite, type Mismatch } from './regions';
import { REGIONS } from './render';
import { readResults, writeResult, type Results } from './results';
import { collectFullBudget } from './full-budget';
import { loadDefaultDataset } from '../data/dataset';

/** The markdown files that may hold generated regions. */
export function docFiles(root: string): string[] {
  const out = ['README.md', join('data', 'README.md')].map((f) => join(root, f)).filter((f) => existsSync(f));
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const n of readdirSync(dir).sort()) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.md')) out.push(p);
    }
  };
  walk(join(root, 'docs'));
  return out;
}

export function renderer(results: Results): (name: string) => string | undefined {
  return (name) => REGIONS[name]?.(results);
}

/** Every region of every doc file that differs from the recorded results (file names relative to root). */
export function checkDocs(root: string, results: Results = readResults(root)): Mismatch[] {
  const render = renderer(results);
  return docFiles(root).flatMap((f) => checkRegions(readFileSync(f, 'utf8'), relative(root, f), render));
}

/** Rewrites every doc file's regions; returns the files that changed. */
export function writeDocs(root: string, results: Results = readResults(root)): string[] {
  const render = renderer(results);
  const changed: string[] = [];
  for (const f of docFiles(root)) {
    const text = readFileSync(f, 'utf8');
    const next = rewrite(text, relative(root, f), render);
    if (next !== text) {
      writeFileSync(f, next);
      changed.push(relative(root, f));
    }
  }
  return changed;
}

/**
 * `--record`: the results the last report left under `out` written to docs/results/*.json, then every generated
 * region rewritten from them. Returns the files written and the docs changed.
 */
export function recordAndRewrite(root: string, out: string, profile: string, log: (line: string) => void = console.log): { recorded: string[]; rewritten: string[] } {
  const recorded = recordResults({ root, out, profile, log });
  const rewritten = writeDocs(root);
  log(rewritten.length ? `docs: rewrote ${rewritten.join(', ')}` : 'docs: every generated region was already current');
  return { recorded, rewritten };
}

export function main(argv: string[], root: string = projectRoot()): number {
  const flag = (name: string): boolean => argv.includes(name);
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const known = new Set(['--check', '--record', '--out', '--profile', '--full-budget']);
  for (let i = 0; i < argv.length; i++) {
    if (!known.has(argv[i])) throw new Error(`unknown argument ${argv[i]} (usage: npm run docs [-- --check] [-- --record [--out DIR] [--profile NAME]] [-- --full-budget DIR])`);
    if (argv[i] === '--out' || argv[i] === '--profile' || argv[i] === '--full-budget') i++;
  }
  const fullBudgetOut = value('--full-budget');
  if (fullBudgetOut !== undefined) {
    // the one-fold run of notebooks/configs/full-budget.json5 (and a variant of it named full-budget-*) in that folder
    const runs = join(fullBudgetOut, 'runs');
    const record = collectFullBudget(runs, loadDefaultDataset(), (name) => /^full-budget(-[\w-]+)?$/.test(name));
    console.log(`recorded ${writeResult(root, 'fullBudget', record)}`);
    const changed = writeDocs(root);
    console.log(changed.length ? `docs: rewrote ${changed.join(', ')}` : 'docs: nothing to rewrite');
    return 0;
  }
  if (flag('--check')) {
    const bad = checkDocs(root);
    for (const m of bad) console.error(formatMismatch(m));
    if (bad.length > 0) {
      console.error(`docs: ${bad.length} region(s) differ from docs/results/*.json; run npm run docs to rewrite them`);
      return 1;
    }
    console.log('docs: every generated region matches docs/results/*.json');
    return 0;
  }
  if (flag('--record')) {
    recordAndRewrite(root, value('--out') ?? outputsDir(root), value('--profile') ?? 'quick');
    return 0;
  }
  const changed = writeDocs(root);
  console.log(changed.length ? `docs: rewrote ${changed.join(', ')}` : 'docs: nothing to rewrite');
  return 0;
}

if (require.main === module) {
  try {
    process.exit(main(process.argv.slice(2)));
  } catch (e) {
    console.error(`docs: ${(e as Error).message}`);
    process.exit(1);
  }
}
