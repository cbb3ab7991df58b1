import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { codeCells, joinSource, readNotebook } from '../../lib/report/notebook';
import { root } from './helpers';

// tslab loads the lib modules a notebook imports through its own resolver, which appends ".js" to a relative path
// and knows no folder index: `import './lib/plots'` fails in a kernel where tsx and tsc succeed. This follows every
// relative import reachable from the committed notebooks and names any that points at a folder.
const IMPORT = /(?:^|[\s;])(?:import|export)\b[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|(?:^|[\s;])import\s*['"](\.{1,2}\/[^'"]+)['"]|require\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function relativeImports(source: string): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    // The match may begin with the newline before the statement.
    const start = m.index! + (m[0].length - m[0].trimStart().length);
    out.push({ spec, line: source.slice(0, start).split('\n').length });
  }
  return out;
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();

/** Problems (folder imports, unresolvable imports) reachable from `source` located in `dir`. */
function check(source: string, dir: string, where: string, seen: Set<string>, problems: string[]): void {
  for (const { spec, line } of relativeImports(source)) {
    const base = resolve(dir, spec);
    const file = [base, `${base}.ts`, `${base}.js`, `${base}.cjs`].find((p) => /\.(ts|js|cjs|json)$/.test(p) && isFile(p));
    if (!file) {
      const folder = existsSync(base) && statSync(base).isDirectory();
      problems.push(folder ? `${where}:${line}: imports folder '${spec}' (tslab resolves no index; write '${spec}/index')` : `${where}:${line}: '${spec}' not found`);
      continue;
    }
    if (!file.endsWith('.ts') || seen.has(file)) continue;
    seen.add(file);
    check(readFileSync(file, 'utf8'), dirname(file), relative(root, file), seen, problems);
  }
}

const notebooks = [join(root, 'notebooks'), join(root, 'test', 'report', 'fixtures')].flatMap((d) =>
  readdirSync(d).filter((f) => f.endsWith('.ipynb')).map((f) => join(d, f)),
);

test('the import scanner finds folder imports and follows lib files (checked on an inline example)', () => {
  const problems: string[] = [];
  check("import { a } from './lib/plots';\nimport { b } from './lib/paths';", join(root, 'notebooks'), 'example', new Set(), problems);
  assert.deepEqual(problems, ["example:1: imports folder './lib/plots' (tslab resolves no index; write './lib/plots/index')"]);
});

for (const file of notebooks) {
  test(`${relative(root, file)}: every lib module it reaches imports files, not folders`, () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    codeCells(readNotebook(file)).forEach((c, i) => {
      // Resolved from notebooks/ (whose `lib` links ../lib), where fixtures are run from too (a copy with the link).
      check(joinSource(c.source), join(root, 'notebooks'), `${relative(root, file)} cell ${i + 1}`, seen, problems);
    });
    assert.deepEqual(problems, []);
  });
}
