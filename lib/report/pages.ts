// Writing notebook pages into the exported folder: light pages that share one plotly bundle file beside them, or
// standalone pages (plotly inlined, ~5 MB each) that can be mailed on their own.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeBundleFile } from '../plots/bundle';
import { type PageMeta, hasPlotly, notebookToHtml } from './html';
import type { Notebook } from './notebook';

export interface PageOptions {
  /** Inline plotly.js into every page instead of sharing one file (default false). */
  standalone?: boolean;
}

/** Writes <htmlDir>/<meta.name>.html (and the shared bundle when the page has charts); returns the page's path. */
export function writeNotebookPage(nb: Notebook, meta: PageMeta, htmlDir: string, opts: PageOptions = {}): string {
  const bundleSrc = opts.standalone || !hasPlotly(nb) ? undefined : writeBundleFile(htmlDir);
  const file = join(htmlDir, `${meta.name}.html`);
  writeFileSync(file, notebookToHtml(nb, { ...meta, bundleSrc }));
  return file;
}
