// plotly.js from node_modules, so charts render offline (no CDN): inlined in Jupyter outputs and standalone pages,
// or written once as a file beside the exported pages, which load it by a relative src.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths';

/** Attribute that marks the script tag holding the bundle, so the HTML exporter can keep exactly one copy. */
export const BUNDLE_ATTRIBUTE = 'data-plotly-bundle';
/** Attribute of the script tag that loads the shared bundle file (no inline source). */
export const SHARED_BUNDLE_ATTRIBUTE = 'data-plotly-shared';

/** Matches every bundle script tag in an HTML string (the bundle never contains `</script`, see bundleScript). */
export const BUNDLE_SCRIPT_RE = new RegExp(`<script ${BUNDLE_ATTRIBUTE}(?:="[^"]*")?>[\\s\\S]*?</script>`, 'g');

let cached: { version: string; source: string; minified: boolean } | undefined;

/** Where plotly.js is taken from: the minified build (~4.9 MB) when installed, else plotly.js-dist (~11 MB). */
const SOURCES: readonly [string, string][] = [
  ['plotly.js-dist-min', 'plotly.min.js'],
  ['plotly.js-dist', 'plotly.js'],
];

/** plotly.js's bundle and version (read once per process). */
export function plotlyBundle(root = projectRoot()): { version: string; source: string; minified: boolean } {
  if (!cached) {
    const found = SOURCES.map(([pkg, file]) => [join(root, 'node_modules', pkg), file]).find(([dir, file]) => existsSync(join(dir, file)));
    if (!found) throw new Error(`plotly.js not found: install plotly.js-dist-min (looked in ${join(root, 'node_modules')})`);
    const [dir, file] = found;
    const version = String(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version);
    cached = { version, source: readFileSync(join(dir, file), 'utf8'), minified: file.endsWith('.min.js') };
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

/** File name of the shared bundle: versioned, so a page never loads a bundle other than the one it was made with. */
export function bundleFileName(root?: string): string {
  const { version, minified } = plotlyBundle(root);
  return `plotly-${version}${minified ? '.min' : ''}.js`;
}

/** Writes the shared bundle into `dir` (unless the same file is there) and returns its file name. */
export function writeBundleFile(dir: string, root?: string): string {
  const name = bundleFileName(root);
  const file = join(dir, name);
  const { source } = plotlyBundle(root);
  if (!existsSync(file) || statSync(file).size !== Buffer.byteLength(source)) writeFileSync(file, source);
  return name;
}

/** A script tag loading the shared bundle by a relative src (a classic script: it loads from file:// too). */
export function sharedBundleScript(src: string): string {
  return `<script ${SHARED_BUNDLE_ATTRIBUTE} src="${src.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}"></script>`;
}
