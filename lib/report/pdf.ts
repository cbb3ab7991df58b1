// The whole report as one PDF: the exported folder's front page, a linked contents page, then every notebook page
// from a new page, printed by the system's headless Chromium (charts stay vector: plotly draws SVG), offline, with
// the document outline (PDF bookmarks) built from the headings.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sharedBundleScript, writeBundleFile } from '../plots/bundle';
import { Chromium } from './chromium';
import { FIT_TABLES_SCRIPT, PRINT_WIDTH_PX, type PrintPart, printDocument } from './print-document';

export interface PdfOptions {
  /** The exported folder (index.html and the pages). */
  htmlDir: string;
  /** The notebook pages in order: file name without .html, and title. */
  pages: readonly { name: string; title: string }[];
  /** Where the PDF goes. */
  out: string;
  /** Chromium binary (default: findChromium). */
  chromium?: string;
}

export interface PdfResult { file: string; bytes: number; seconds: number; plots: number; parts: number; pages: number }

const footer = '<div style="font:8px system-ui,sans-serif;color:#5b6672;width:100%;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>';

/** Prints the report; fails when a chart did not draw or the pages asked for anything off this machine. */
export async function exportPdf(o: PdfOptions): Promise<PdfResult> {
  const started = Date.now();
  const read = (f: string): string => readFileSync(join(o.htmlDir, f), 'utf8');
  const frontHtml = existsSync(join(o.htmlDir, 'index.html')) ? read('index.html') : '<main><h1>Report</h1></main>';
  const title = /<title>([\s\S]*?)<\/title>/i.exec(frontHtml)?.[1]?.replace(/&amp;/g, '&') ?? 'Report';
  const parts: PrintPart[] = o.pages.filter((p) => existsSync(join(o.htmlDir, `${p.name}.html`))).map((p) => ({ ...p, html: read(`${p.name}.html`) }));
  const doc = printDocument({ title, html: frontHtml }, parts, sharedBundleScript(writeBundleFile(o.htmlDir)));
  // beside the pages, so the bundle's relative src resolves; removed after printing
  const docFile = join(o.htmlDir, '.report-print.html');
  writeFileSync(docFile, doc);
  const browser = Chromium.launch(o.chromium);
  try {
    const page = await browser.page(PRINT_WIDTH_PX, 1100);
    const load = await page.open(pathToFileURL(docFile).href, 120_000);
    if (load.drawn !== load.plots) throw new Error(`pdf: ${load.plots - load.drawn} of ${load.plots} charts did not draw`);
    if (load.remoteRequests.length > 0) throw new Error(`pdf: the pages asked for ${load.remoteRequests.join(', ')} (they must load nothing off this machine)`);
    await page.evaluate(FIT_TABLES_SCRIPT);
    const { data } = (await page.send('Page.printToPDF', {
      printBackground: true,
      preferCSSPageSize: true,
      generateTaggedPDF: true,
      generateDocumentOutline: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footer,
    })) as { data: string };
    const pdf = Buffer.from(data, 'base64');
    writeFileSync(o.out, pdf);
    // Skia writes one "/Type /Page" dictionary per page (the tree's nodes are "/Type /Pages")
    const pages = (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
    return { file: o.out, bytes: pdf.length, seconds: (Date.now() - started) / 1000, plots: load.plots, parts: parts.length, pages };
  } finally {
    await browser.close();
    rmSync(docFile, { force: true });
  }
}
