// The report's first page (outputs/html/index.html): the problem, the pipeline, the headline table (the report's
// figures beside the reproduced ones, with intervals, compute path and baselines), then each notebook in reading
// order with its question, its finding computed from the results, a small static chart and a link; provenance last.
// Built from the same results as the README's figures (lib/docs): the run's own when it produced them, else the
// recorded docs/results. Self-contained: inline SVG and CSS, no script, no network (safe offline and for PDF).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { collectResults } from '../docs/record';
import { difference, provenanceLine, verdict, withInterval } from '../docs/render';
import { readResults, type Estimate, type ModelFigures, type Results, type SearchRecord } from '../docs/results';
import { projectRoot } from '../paths';

/** A notebook page as the index knows it (lib/report/html IndexEntry). */
export interface PageEntry { name: string; title: string; href: string; seconds?: number; ok: boolean; error?: string; profile?: string; executedAt?: string }

export interface FrontPageInput {
  results: Results;
  /** where the figures come from: this run's outputs, or the recorded files */
  source: 'run' | 'recorded';
  entries: readonly PageEntry[];
  generatedAt: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** A figure in the page, tagged so a test can check it against the results it came from. */
const fig = (key: string, text: string): string => `<span class="fig" data-figure="${esc(key)}">${esc(text)}</span>`;
/** Inline markdown code (`x`) of the shared provenance line, as HTML. */
const md = (s: string): string => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

/** The reading order: each notebook's question (the README's table says the same). */
export const READING_ORDER: readonly { prefix: string; question: string }[] = [
  { prefix: '01', question: 'What is in the data, and does it match the published profile of the real files?' },
  { prefix: '02', question: 'Which columns are redundant or carry no signal, and what does grouped PCA keep?' },
  { prefix: '03', question: 'How far do plain classifiers on per-subject statistics get on the same folds?' },
  { prefix: '04', question: 'Which window size and stride, and which differences are beyond noise?' },
  { prefix: '05', question: 'Which architecture and training settings does the search pick?' },
  { prefix: '06', question: 'How do the final 5-fold ensembles compare with the report and with the baselines?' },
];

// ---- pictures -------------------------------------------------------------------------------------------------

/** data → features → windows → models → folds → ensemble → report, as boxes and arrows. */
export function pipelineSvg(): string {
  const steps = ['data', 'features', 'windows', 'models', 'folds', 'ensemble', 'report'];
  const notes = ['validated CSV', 'fitted per fold', 'size × stride', 'LSTM / RNN', 'stratified by subject', 'logits + vote', 'HTML, CSV'];
  const w = 108;
  const gap = 22;
  const boxes = steps.map((s, i) => {
    const x = 4 + i * (w + gap);
    const arrow = i < steps.length - 1 ? `<path d="M${x + w + 2} 30 h${gap - 6}" class="arrow" marker-end="url(#head)"/>` : '';
    return `<rect x="${x}" y="6" width="${w}" height="48" rx="6" class="box"/><text x="${x + w / 2}" y="27" class="step">${s}</text>` +
      `<text x="${x + w / 2}" y="44" class="note">${notes[i]}</text>${arrow}`;
  });
  const width = 8 + steps.length * w + (steps.length - 1) * gap;
  return `<svg class="pipeline" viewBox="0 0 ${width} 60" role="img" aria-label="pipeline: ${steps.join(' to ')}">` +
    '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="#555"/></marker></defs>' +
    `${boxes.join('')}</svg>`;
}

export interface Bar { label: string; value: Estimate | number; marker?: number; /** the tooltip, when it says more than the label */ title?: string }

/**
 * Horizontal bars on a fixed 0–1 scale, each with its 95 % interval as a whisker when it has one, and an optional
 * marker (a report figure) drawn as a diamond.
 */
export function barsSvg(bars: readonly Bar[], title: string): string {
  const row = 22;
  const left = 150;
  const width = 260;
  const x = (v: number): number => left + Math.max(0, Math.min(1, v)) * width;
  const items = bars.map((b, i) => {
    const y = 18 + i * row;
    const v = typeof b.value === 'number' ? b.value : b.value.estimate;
    const whisker = typeof b.value === 'number' ? '' :
      `<path d="M${x(b.value.lo).toFixed(1)} ${y + 7} H${x(b.value.hi).toFixed(1)} M${x(b.value.lo).toFixed(1)} ${y + 3} v8 M${x(b.value.hi).toFixed(1)} ${y + 3} v8" class="ci"/>`;
    const marker = b.marker === undefined ? '' : `<path d="M${x(b.marker).toFixed(1)} ${y + 1} l5 6 l-5 6 l-5 -6 z" class="marker"/>`;
    // long labels (a grid point's settings) are cut; the whole label stays in the tooltip
    const short = b.label.length > 26 ? `${b.label.slice(0, 25)}…` : b.label;
    return `<text x="${left - 6}" y="${y + 11}" class="label"><title>${esc(b.title ?? b.label)}</title>${esc(short)}</text>` +
      `<rect x="${left}" y="${y + 2}" width="${(x(v) - left).toFixed(1)}" height="10" class="bar"/>${whisker}${marker}`;
  });
  const h = 26 + bars.length * row;
  const axis = [0, 0.5, 1].map((t) => `<path d="M${x(t)} 14 V${h - 6}" class="grid"/><text x="${x(t)}" y="${h}" class="tick">${t}</text>`).join('');
  return `<svg class="chart" viewBox="0 0 ${left + width + 20} ${h + 4}" role="img" aria-label="${esc(title)}"><text x="0" y="10" class="title">${esc(title)}</text>${axis}${items.join('')}</svg>`;
}

// ---- the headline table --------------------------------------------------------------------------------------

function headlineTable(r: Results): string {
  if (!r.final) return '<p class="missing">No final experiment recorded: run <code>npm run report -- --record</code>.</p>';
  const p = r.final.provenance;
  const rows = r.final.models.map((m) => {
    const k = `final.${m.model}`;
    const name = m.baseline ? `${m.name} (baseline)` : m.report && m.report.model !== m.name ? `${m.report.model} (${p.profile}: ${m.name})` : m.name;
    return `<tr><th scope="row">${esc(name)}</th>` +
      `<td>${m.report ? fig(`${k}.report.val`, m.report.val.toFixed(4)) : '—'}</td>` +
      `<td>${fig(`${k}.val`, withInterval(m.val))}${m.optimistic ? ` / ${fig(`${k}.optimistic`, withInterval(m.optimistic))}` : ''}</td>` +
      `<td>${fig(`${k}.oof`, withInterval(m.oof))}</td>` +
      `<td>${m.report ? fig(`${k}.report.test`, m.report.test.toFixed(4)) : '—'}</td>` +
      `<td>${m.test ? fig(`${k}.test`, withInterval(m.test)) : '—'}</td></tr>`;
  });
  const floor = r.baselines?.models.find((m) => m.model === 'majority');
  if (floor) {
    rows.push(`<tr class="floor"><th scope="row">${esc(floor.name)} (floor)</th><td>—</td><td>${fig('baselines.majority.val', withInterval(floor.val))}</td>` +
      `<td>${fig('baselines.majority.oof', withInterval(floor.oof))}</td><td>—</td><td>${floor.test ? fig('baselines.majority.test', withInterval(floor.test)) : '—'}</td></tr>`);
  }
  return '<table class="headline"><thead><tr><th>model</th><th>val (report)</th><th>val reproduced: untouched / optimistic [95 %]</th>' +
    '<th>out-of-fold [95 %]</th><th>test (report, Kaggle)</th><th>test reproduced (synthetic hidden labels) [95 %]</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table><p class="prov">Reproduced: ${md(provenanceLine(p))}. Baselines use no gemm: their figures hold on every path.</p>`;
}

// ---- the notebooks ------------------------------------------------------------------------------------------

interface Finding { text: string; chart: string }

function dataFinding(r: Results): Finding | undefined {
  const d = r.data;
  if (!d) return undefined;
  const n = d.classCounts.reduce((a, b) => a + b, 0);
  const shares = d.classes.map((c, i) => `${c} ${fig(`data.classes.${c}`, `${d.classCounts[i]} (${(100 * d.classCounts[i] / n).toFixed(1)} %)`)}`).join(', ');
  return {
    text: `${fig('data.trainSubjects', String(d.trainSubjects))} training subjects × ${fig('data.steps', String(d.steps))} steps; the classes are imbalanced: ${shares}.`,
    chart: barsSvg(d.classes.map((c, i) => ({ label: c, value: d.classCounts[i] / n })), 'share of training subjects per class'),
  };
}

function featureFinding(r: Results): Finding | undefined {
  const f = r.data?.features;
  if (!f) return undefined;
  const kept = f.groups.reduce((a, g) => a + g.kept, 0);
  const members = f.groups.reduce((a, g) => a + g.members.length, 0);
  const reasons = [...new Set(f.dropped.map((x) => x.reason))].map((why) => `${f.dropped.filter((x) => x.reason === why).length} ${why}`).join(', ');
  return {
    text: `${fig('data.features.dropped', String(f.dropped.length))} of ${fig('data.features.inputs', String(f.inputs))} encoded columns are dropped (${esc(reasons)}); ` +
      `${fig('data.features.groups', String(f.groups.length))} correlated joint groups (${members} joints) become ${fig('data.features.kept', String(kept))} principal components; ` +
      `${fig('data.features.outputs', String(f.outputs))} features reach the models.`,
    chart: barsSvg(f.groups.map((g) => ({ label: g.members.map((m) => m.replace('joint_', '')).join('-'), value: g.explained })), 'variance kept per correlated group'),
  };
}

function modelsFinding(e: Results['baselines'], key: string, what: string): Finding | undefined {
  if (!e) return undefined;
  const ref = e.models.find((m) => m.model === e.reference)!;
  const next = [...e.models].filter((m) => m !== ref).sort((a, b) => b.val.estimate - a.val.estimate)[0];
  const cmp = next?.vsReference ? ` Next, ${esc(next.name)}: ${fig(`${key}.${next.model}.vsReference.oof`, difference(next.vsReference.oof))} out of fold, ${verdict(next.vsReference.oof)}.` : '';
  return {
    text: `Best ${what}: ${esc(ref.name)}, out of fold ${fig(`${key}.${ref.model}.oof`, withInterval(ref.oof))}.${cmp}`,
    chart: barsSvg(e.models.map((m) => ({ label: m.name.replace(/ \(.*\)$/, ''), value: m.oof })), 'out-of-fold macro-F1 [95 %]'),
  };
}

function searchFinding(s: SearchRecord | undefined, key: string): Finding | undefined {
  if (!s || s.points.length === 0) return undefined;
  const best = s.points[0];
  const within = s.points.slice(1).filter((p) => verdict(p.vsBest) === 'within noise').length;
  const label = (p: Record<string, unknown>): string => Object.entries(p).filter(([k]) => s.points.some((q) => JSON.stringify(q.point[k]) !== JSON.stringify(p[k])))
    .map(([k, v]) => `${k.replace(/^.*\./, '')} ${String(v)}`).join(', ') || 'base';
  return {
    text: `Best: ${esc(label(best.point))} (${esc(best.model)}), validation ${fig(`${key}.best.val`, withInterval(best.val))}; ` +
      `${fig(`${key}.withinNoise`, String(within))} of the other ${s.points.length - 1} within noise of it.`,
    // a grid's points differ in many settings: the chart names each by rank and model (its settings in the tooltip)
    chart: barsSvg(s.points.map((p, i) => ({ label: new Set(s.points.map((q) => q.model)).size > 1 ? `${i + 1}. ${p.model}` : label(p.point), title: label(p.point), value: p.val })),
      'fold-mean validation macro-F1 [95 %]'),
  };
}

function finalFinding(r: Results): Finding | undefined {
  const e = r.final;
  if (!e) return undefined;
  const ref = e.models.find((m) => m.model === e.reference)!;
  const recurrent = e.models.filter((m) => !m.baseline);
  const parts = recurrent.map((m: ModelFigures) => `${esc(m.name)} ${fig(`final.${m.model}.val`, withInterval(m.val))}` +
    (m.report ? ` against the report's ${fig(`final.${m.model}.report.val`, m.report.val.toFixed(4))}` : '') +
    (m.vsReference ? `; ${esc(m.name)} − ${esc(ref.name)} out of fold ${fig(`final.${m.model}.vsReference.oof`, difference(m.vsReference.oof))}, ${verdict(m.vsReference.oof)}` : ''));
  return {
    text: `Untouched validation: ${parts.join('. ')}. Submitted: ${esc(ref.name)} (highest mean validation macro-F1).`,
    chart: barsSvg(e.models.map((m) => ({ label: m.name.replace(/ \(.*\)$/, ''), value: m.val, ...(m.report ? { marker: m.report.val } : {}) })),
      'validation macro-F1 [95 %]; ◆ the report'),
  };
}

function findingFor(prefix: string, r: Results): Finding | undefined {
  switch (prefix) {
    case '01': return dataFinding(r);
    case '02': return featureFinding(r);
    case '03': return modelsFinding(r.baselines, 'baselines', 'baseline');
    case '04': return searchFinding(r.sweep, 'sweep');
    case '05': return searchFinding(r.grid, 'grid');
    case '06': return finalFinding(r);
    default: return undefined;
  }
}

function notebookSection(e: PageEntry | undefined, order: { prefix: string; question: string }, r: Results): string {
  const f = findingFor(order.prefix, r);
  const title = e ? `<a href="${esc(e.href)}">${esc(e.title)}</a>` : `${order.prefix} (not run)`;
  const meta = e ? [e.name, e.seconds !== undefined ? `${e.seconds.toFixed(1)} s` : '', e.profile ? `profile ${e.profile}` : ''].filter(Boolean).join(' · ') : '';
  const failed = e && !e.ok ? ` <span class="failed">failed${e.error ? `: ${esc(e.error)}` : ''}</span>` : '';
  const chart = f ? (e ? `<a href="${esc(e.href)}" class="thumb">${f.chart}</a>` : f.chart) : '';
  return `<section class="nb"><div class="text"><h3>${title}</h3><p class="meta">${esc(meta)}${failed}</p><p class="q">${esc(order.question)}</p>` +
    `<p class="finding">${f ? f.text : 'No recorded figure for this notebook.'}</p></div>${chart}</section>`;
}

const CSS = `body{font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;max-width:1080px;margin:2rem auto;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}h3{margin:.2rem 0}
table.headline{border-collapse:collapse;font-size:13px;width:100%}table.headline th,table.headline td{border:1px solid #ddd;padding:4px 6px;text-align:left}
table.headline thead th{background:#f4f4f4}tr.floor{color:#666}.prov,.meta{color:#666;font-size:13px}.missing{color:#a00}
.failed{color:#b00;font-weight:600}.q{font-style:italic;margin:.2rem 0}section.nb{display:flex;gap:1rem;align-items:flex-start;border-bottom:1px solid #eee;padding:.6rem 0}
section.nb .text{flex:1}svg.chart{width:400px;flex:none}svg.pipeline{width:100%;max-width:960px}
.box{fill:#eef3fb;stroke:#4a6fa5}.step{font:600 13px sans-serif;text-anchor:middle}.note{font:10px sans-serif;text-anchor:middle;fill:#555}.arrow{stroke:#555;stroke-width:1.5}
.bar{fill:#9db7dd}.ci{stroke:#223;stroke-width:1.2;fill:none}.marker{fill:#d0731f}.grid{stroke:#ddd}.tick{font:9px sans-serif;text-anchor:middle;fill:#777}
.label{font:10px sans-serif;text-anchor:end}.title{font:11px sans-serif;fill:#444}footer{margin-top:2rem;color:#666;font-size:13px}`;

/** The page. Pure: the same input gives the same bytes. */
export function frontPageHtml(input: FrontPageInput): string {
  const r = input.results;
  const byPrefix = (p: string): PageEntry | undefined => input.entries.find((e) => e.name.startsWith(p));
  const known = new Set(READING_ORDER.map((o) => byPrefix(o.prefix)?.name));
  const others = input.entries.filter((e) => !known.has(e.name));
  const p = r.final?.provenance ?? r.baselines?.provenance;
  const from = input.source === 'run' ? 'this run’s results' : 'the results recorded in docs/results (this run did not produce them all)';
  const footer = p ? `Figures from ${esc(from)}: ${md(provenanceLine(p))}. Page generated ${esc(input.generatedAt)}.` : `Page generated ${esc(input.generatedAt)}; no recorded results.`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>The Big Batch Theory, reproduced</title><style>${CSS}</style></head><body>
<h1>The Big Batch Theory, reproduced</h1>
<p>Pirate Pain (AN2DL 2025/26, challenge 1): each subject is a 160-step recording of joint angles, pain surveys and body facts, and the task is to tell no pain, low pain and high pain apart, scored by macro-F1 over the three classes. The report's answer is a 5-fold ensemble of an LSTM 2×256 and of an RNN 1×64 on sliding windows; these notebooks rerun its pipeline, with every figure computed and carrying its 95 % interval.</p>
${pipelineSvg()}
<h2>Headline</h2>
<p>The report's figures come from the real Kaggle data; the reproduced ones from the generated stand-in on the ${esc(p?.profile ?? 'quick')} profile, so they agree in kind, not in value. <em>Untouched</em>: each fold picks its epoch on an inner split of its training subjects; <em>optimistic</em>: the report's procedure, each fold at its best validation epoch.</p>
${headlineTable(r)}
<h2>The notebooks, in reading order</h2>
${READING_ORDER.map((o) => notebookSection(byPrefix(o.prefix), o, r)).join('\n')}
${others.length ? `<h2>Other pages</h2><ul>${others.map((e) => `<li><a href="${esc(e.href)}">${esc(e.title)}</a>${e.ok ? '' : ` <span class="failed">failed${e.error ? `: ${esc(e.error)}` : ''}</span>`}</li>`).join('')}</ul>` : ''}
<footer>${footer}</footer>
</body></html>
`;
}

/**
 * The front page for a report's html folder, or undefined when its pages are not this project's notebooks (the
 * plain index is then kept). Figures: the run's own results when its outputs hold the final experiment, else the
 * recorded ones.
 */
export function frontPage(htmlDir: string, entries: readonly PageEntry[], generatedAt: string, root: string = projectRoot()): string | undefined {
  if (!READING_ORDER.some((o) => entries.some((e) => e.name.startsWith(`${o.prefix}-`) && known(e.name, root)))) return undefined;
  const profile = entries.find((e) => e.profile)?.profile ?? 'quick';
  let results: Results | undefined;
  try {
    const own = collectResults({ root, out: dirname(htmlDir), profile });
    if (own.final) results = own;
  } catch {
    // a run whose results cannot all be read back (damage, an unfinished trial) shows the recorded figures instead
  }
  return frontPageHtml({ results: results ?? readResults(root), source: results ? 'run' : 'recorded', entries, generatedAt });
}

/** A page named after one of this project's notebooks (notebooks/<name>.ipynb exists). */
function known(name: string, root: string): boolean {
  return existsSync(join(root, 'notebooks', `${name}.ipynb`));
}
