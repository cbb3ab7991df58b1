// Every chart of a page as a reader sees it: a screenshot of each, and what cannot be read, found in the laid-out
// SVG (titles and legends cut off, bar labels across error bars, rotated or tiny, tick labels on top of each other).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Chromium, PageLoad } from './chromium';

export interface ChartCheck {
  /** 1-based position of the chart on the page. */
  index: number;
  title: string;
  /** What a reader cannot read; empty when the chart is legible. */
  problems: string[];
  /** The screenshot, when a folder was given. */
  png?: string;
  box: { x: number; y: number; width: number; height: number };
}

export interface PageCheck extends PageLoad { url: string; charts: ChartCheck[] }

// Runs in the page. Bounding boxes are compared with half a pixel of slack; hidden elements (uniformtext's hidden
// labels, empty legends) are left out.
const CHECK_SCRIPT = `(() => {
  const inter = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0') return false;
    }
    return r.width > 0 && r.height > 0 && (el.textContent === null || el.tagName !== 'text' || el.textContent.trim() !== '');
  };
  const outside = (r, box) => r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
  return [...document.querySelectorAll('.pp-plot')].map((plot, i) => {
    const box = plot.getBoundingClientRect();
    const out = { index: i + 1, title: '', problems: [], box: { x: box.left + scrollX, y: box.top + scrollY, width: box.width, height: box.height } };
    if (!plot.querySelector('.main-svg')) { out.problems.push('not drawn'); return out; }
    const title = plot.querySelector('.gtitle');
    if (title) {
      out.title = title.textContent;
      const r = title.getBoundingClientRect();
      if (outside(r, box)) out.problems.push('title cut off');
      const under = [...plot.querySelectorAll('.parcoords .axis-title, .xtick text, .ytick text, .legend text, .g-xtitle text, .g-ytitle text')]
        .filter(visible).find((t) => inter(r, t.getBoundingClientRect()));
      if (under) out.problems.push('title over chart text: ' + under.textContent);
    }
    const axisText = [...plot.querySelectorAll('.g-xtitle text, .g-ytitle text, .xtick text, .ytick text')].filter(visible);
    for (const legend of plot.querySelectorAll('.legend')) {
      if (!visible(legend)) continue;
      const r = legend.getBoundingClientRect();
      if (outside(r, box)) out.problems.push('legend cut off');
      const under = axisText.find((t) => inter(r, t.getBoundingClientRect()));
      if (under) out.problems.push('legend over axis text: ' + under.textContent);
    }
    const labels = [...plot.querySelectorAll('text.bartext')].filter(visible);
    const errors = [...plot.querySelectorAll('.errorbar path')].filter(visible).map((e) => e.getBoundingClientRect());
    const across = labels.find((t) => errors.some((e) => inter(t.getBoundingClientRect(), e)));
    if (across) out.problems.push('bar label across an error bar: ' + across.textContent);
    const rotated = labels.find((t) => /rotate\\(\\s*-?[1-9]/.test(t.getAttribute('transform') || ''));
    if (rotated) out.problems.push('rotated bar label: ' + rotated.textContent);
    const tiny = labels.find((t) => parseFloat(getComputedStyle(t).fontSize) < 10);
    if (tiny) out.problems.push('bar label under 10 px: ' + tiny.textContent);
    const cut = labels.find((t) => outside(t.getBoundingClientRect(), box));
    if (cut) out.problems.push('bar label cut off: ' + cut.textContent);
    for (const axis of ['xtick', 'ytick']) {
      const ticks = [...plot.querySelectorAll('.' + axis + ' text')].filter(visible);
      // plotly turns labels that would collide; the boxes of turned labels overlap while the text does not
      const turned = ticks.some((t) => /rotate\\(\\s*-?[1-9]/.test(t.getAttribute('transform') || ''));
      const rects = turned ? [] : ticks.map((t) => t.getBoundingClientRect());
      const clash = rects.findIndex((r, a) => rects.some((q, b) => b > a && inter(r, q)));
      if (clash >= 0) out.problems.push(axis + ' labels overlap: ' + ticks[clash].textContent);
      const off = ticks.find((t) => outside(t.getBoundingClientRect(), box));
      if (off) out.problems.push(axis + ' label cut off: ' + off.textContent);
    }
    const axisLabels = [...plot.querySelectorAll('.parcoords .axis-title')].filter(visible);
    if (!axisLabels.some((t) => /rotate\\(\\s*-?[1-9]/.test(t.getAttribute('transform') || ''))) {
      const rects = axisLabels.map((t) => t.getBoundingClientRect());
      const clash = rects.findIndex((r, a) => rects.some((q, b) => b > a && inter(r, q)));
      if (clash >= 0) out.problems.push('axis labels overlap: ' + axisLabels[clash].textContent);
    }
    for (const t of plot.querySelectorAll('.g-xtitle text, .g-ytitle text')) {
      if (visible(t) && outside(t.getBoundingClientRect(), box)) out.problems.push('axis title cut off: ' + t.textContent);
    }
    return out;
  });
})()`;

/**
 * Opens `file` in a tab `width` CSS px wide, checks every chart, and when `pngDir` is given writes chart-NN.png for
 * each (what the reader sees, at device scale 1).
 */
export async function checkPage(browser: Chromium, file: string, width: number, pngDir?: string): Promise<PageCheck> {
  const page = await browser.page(width, 1000);
  const url = pathToFileURL(file).href;
  const load = await page.open(url);
  // plotly's toolbar shows only while the pointer is over a chart; a reader's first look is without it
  await page.evaluate(`document.head.insertAdjacentHTML('beforeend', '<style>.modebar-container{display:none!important}</style>')`);
  const charts = await page.evaluate<ChartCheck[]>(CHECK_SCRIPT);
  if (pngDir) {
    mkdirSync(pngDir, { recursive: true });
    for (const c of charts) {
      if (c.box.width === 0 || c.box.height === 0) continue;
      const { data } = (await page.send('Page.captureScreenshot', {
        format: 'png',
        captureBeyondViewport: true,
        clip: { ...c.box, scale: 1 },
      })) as { data: string };
      c.png = join(pngDir, `chart-${String(c.index).padStart(2, '0')}.png`);
      writeFileSync(c.png, Buffer.from(data, 'base64'));
    }
  }
  await page.close();
  return { url, ...load, charts };
}
