// Marked regions in markdown: `<!-- figures:NAME -->` … `<!-- /figures:NAME -->`. Everything between the markers is
// written by the generator (render.ts); the rest of the file is prose and is never touched.

export interface Region {
  name: string;
  /** 1-based line of the opening marker */
  line: number;
  /** 1-based line where the body starts (the marker's own line for an inline region) */
  bodyLine: number;
  /** the text between the markers, without the newlines that follow the opening and precede the closing marker */
  body: string;
  /** offsets of what lies between the markers (a block region's trailing newline included) */
  start: number;
  end: number;
  /** on lines of its own, rather than inline */
  block: boolean;
}

const OPEN = /<!-- figures:([a-z0-9-]+) -->/g;

/** The regions of a file, in order; an unclosed or nested marker is an error naming the file and line. */
export function findRegions(text: string, file: string): Region[] {
  const out: Region[] = [];
  const lineAt = (i: number): number => text.slice(0, i).split('\n').length;
  let m: RegExpExecArray | null;
  OPEN.lastIndex = 0;
  while ((m = OPEN.exec(text))) {
    const name = m[1];
    const close = `<!-- /figures:${name} -->`;
    const end = text.indexOf(close, OPEN.lastIndex);
    if (end < 0) throw new Error(`${file}:${lineAt(m.index)}: region ${name} is not closed (${close})`);
    const inner = text.indexOf('<!-- figures:', OPEN.lastIndex);
    if (inner >= 0 && inner < end) throw new Error(`${file}:${lineAt(inner)}: a region inside region ${name}`);
    // a block region sits on lines of its own (its body ends with a newline before the closing marker); an inline
    // one shares its line with prose
    const block = text[OPEN.lastIndex] === '\n';
    const start = OPEN.lastIndex + (block ? 1 : 0);
    const stop = block && end > start && text[end - 1] === '\n' ? end - 1 : end;
    out.push({ name, line: lineAt(m.index), bodyLine: lineAt(start), body: text.slice(start, stop), start, end, block });
    OPEN.lastIndex = end + close.length;
  }
  return out;
}

/** The file with each region's body replaced by render(name); an unknown name is an error. */
export function rewrite(text: string, file: string, render: (name: string) => string | undefined): string {
  let out = '';
  let at = 0;
  for (const r of findRegions(text, file)) {
    const body = render(r.name);
    if (body === undefined) throw new Error(`${file}:${r.line}: unknown region ${r.name}`);
    out += text.slice(at, r.start) + body + (r.block ? '\n' : '');
    at = r.end;
  }
  return out + text.slice(at);
}

export interface Mismatch { file: string; region: string; line: number; expected: string; found: string }

/** The regions whose text differs from what render gives, with the first line that differs. */
export function checkRegions(text: string, file: string, render: (name: string) => string | undefined): Mismatch[] {
  const out: Mismatch[] = [];
  for (const r of findRegions(text, file)) {
    const want = render(r.name);
    if (want === undefined) throw new Error(`${file}:${r.line}: unknown region ${r.name}`);
    const glued = r.block && want !== '' && r.body === want && r.end > r.start && r.body.length === r.end - r.start;
    if (glued) {
      out.push({ file, region: r.name, line: r.bodyLine + want.split('\n').length - 1, expected: 'the closing marker on a line of its own', found: 'the closing marker after the last line' });
      continue;
    }
    if (want === r.body) continue;
    const a = want.split('\n');
    const b = r.body.split('\n');
    const k = a.findIndex((l, i) => l !== b[i]);
    const i = k < 0 ? a.length : k;
    out.push({ file, region: r.name, line: r.bodyLine + i, expected: a[i] ?? '(nothing)', found: b[i] ?? '(nothing)' });
  }
  return out;
}

export function formatMismatch(m: Mismatch): string {
  return `${m.file}:${m.line}: region ${m.region} differs from the recorded results\n  text:     ${m.found}\n  recorded: ${m.expected}`;
}
