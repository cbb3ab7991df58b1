// plotly.js, inlined from node_modules so charts render offline (no CDN) in Jupyter, nbconvert HTML and exports.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths';

/** Attribute that marks the script tag holding the bundle, so the HTML exporter can keep exactly one copy. */
export const BUNDLE_ATTRIBUTE = 'data-plotly-bundle';

/** Matches every bundle script tag in an HTML string (the bundle never contains `</script`, see bundleScript). */
export const BUNDLE_SCRIPT_RE = new RegExp(`<script ${BUNDLE_ATTRIBUTE}(?:="[^"]*")?>[\\s\\S]*?</script>`, 'g');

let cached: { version: string; source: string } | undefined;

/** Where plotly.js is taken from: the minified build (~4.6 MB) when installed, else plotly.js-dist (~11 MB). */
const SOURCES: readonly [string, string][] = [
  ['plotly.js-dist-min', 'plotly.min.js'],
  ['plotly.js-dist', 'plotly.js'],
];

/** plotly.js's bundle and version (read once per process). */
export function plotlyBundle(root = projectRoot()): { version: string; source: string } {
  if (!cached) {
    const found = SOURCES.map(([pkg, file]) => [join(root, 'node_modules', pkg), file]).find(([dir, file]) => existsSync(join(dir, file)));
    if (!found) throw new Error(`plotly.js not found: install plotly.js-dist (looked in ${join(root, 'node_modules')})`);
    const [dir, file] = found;
    const version = String(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version);
    cached = { version, source: readFileSync(join(dir, file), 'utf8') };
  }
  return cached;
}

/**
 * A script tag that defines window.Plotly. `</script` and `<!--` are escaped (harmless inside JS strings, regexes
 * and comments) so the tag cannot end early whatever the bundle holds.
 */
export function bundleScript(root?: string): string {
  const { version, source } = plotlyBundle(root);
  const safe = source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  return `<script ${BUNDLE_ATTRIBUTE}="${version}">${safe}</script>`;
}
