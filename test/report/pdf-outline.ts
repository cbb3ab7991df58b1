// Reads the outline (bookmarks) and page tree of a PDF as Chromium's Skia writes it: plain objects, no object streams.
// Enough to check the report's PDF without a PDF library; throws on a file it cannot read instead of guessing.

export interface OutlineItem {
  title: string;
  /** 1-based page the bookmark jumps to, and the height on it (PDF points from the bottom). */
  page: number;
  y: number;
  children: OutlineItem[];
}

function decodeString(raw: string): string {
  if (raw.startsWith('<')) {
    const bytes = Buffer.from(raw.slice(1, -1).replace(/\s/g, ''), 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      let s = '';
      for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
      return s;
    }
    return bytes.toString('latin1');
  }
  return raw.slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, e: string) =>
    /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e);
}

interface Parsed { objects: Map<number, string>; pages: number[] }

function parse(pdf: Buffer): Parsed {
  const text = pdf.toString('latin1');
  if (text.includes('/ObjStm')) throw new Error('pdf: object streams are not supported');
  const objects = new Map<number, string>();
  // stream bodies are skipped: only the dictionaries matter here
  for (const m of text.matchAll(/(?:^|[\r\n])(\d+) 0 obj([\s\S]*?)(?:stream[\r\n][\s\S]*?endstream\s*)?endobj/g)) objects.set(Number(m[1]), m[2]);
  const root = [...objects].find(([, b]) => /\/Type \/Pages\b/.test(b) && !/\/Parent /.test(b));
  if (!root) throw new Error('pdf: no page tree');
  const pages: number[] = [];
  const walk = (id: number): void => {
    const body = objects.get(id);
    if (body === undefined) throw new Error(`pdf: page tree names missing object ${id}`);
    if (/\/Type \/Pages\b/.test(body)) {
      const kids = /\/Kids \[([^\]]*)\]/.exec(body)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+) 0 R/g)) walk(Number(k[1]));
    } else pages.push(id);
  };
  walk(root[0]);
  return { objects, pages };
}

/** The PDF's outline tree, top level first; [] when it has none. */
export function pdfOutline(pdf: Buffer): OutlineItem[] {
  const { objects, pages } = parse(pdf);
  const ref = (body: string, key: string): number | undefined => {
    const m = new RegExp(`/${key} (\\d+) 0 R`).exec(body);
    return m ? Number(m[1]) : undefined;
  };
  const root = [...objects.values()].find((b) => /\/Type \/Outlines\b/.test(b));
  if (!root) return [];
  const walk = (first: number | undefined): OutlineItem[] => {
    const items: OutlineItem[] = [];
    const seen = new Set<number>();
    for (let id = first; id !== undefined; id = ref(objects.get(id)!, 'Next')) {
      if (seen.has(id) || !objects.has(id)) throw new Error(`pdf: broken outline chain at object ${id}`);
      seen.add(id);
      const body = objects.get(id)!;
      const t = /\/Title (\((?:\\[\s\S]|[^\\)])*\)|<[0-9A-Fa-f\s]*>)/.exec(body);
      const dest = /\/Dest \[(\d+) 0 R \/XYZ [-\d.]+ ([-\d.]+)/.exec(body);
      items.push({
        title: t ? decodeString(t[1]) : '',
        page: dest ? pages.indexOf(Number(dest[1])) + 1 : 0,
        y: dest ? Number(dest[2]) : NaN,
        children: walk(ref(body, 'First')),
      });
    }
    return items;
  };
  return walk(ref(root, 'First'));
}

/** Number of pages (leaves of the page tree). */
export function pdfPageCount(pdf: Buffer): number {
  return parse(pdf).pages.length;
}

/** The named destinations internal links point at (Chromium writes one per link target id). */
export function pdfLinkTargets(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  return [...new Set([...text.matchAll(/\/Subtype \/Link[^>]*?\/Dest \/([^\s/>]+)/g)].map((m) => m[1]))];
}
