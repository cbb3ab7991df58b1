// Markdown for the notebook pages (narration cells and text/markdown outputs), rendered by markdown-it with
// CommonMark rules plus pipe tables. Raw HTML in the source is shown as text (html: false), links and images
// keep only http(s)/mailto/fragment/relative targets, and headings carry an id from their text for anchors.
import markdownIt, { type MarkdownIt } from 'markdown-it';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Allows http(s), mailto, fragment and relative URLs; anything with another scheme (javascript:, data:) is refused. */
export function safeUrl(url: string): string | undefined {
  const u = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(u);
  if (scheme && !/^(https?|mailto)$/i.test(scheme[1])) return undefined;
  return u;
}

/** A heading's anchor: its rendered text, lower-cased, tags, entities and punctuation dropped, spaces as dashes. */
const slug = (html: string): string =>
  html.toLowerCase().replace(/<[^>]*>/g, '').replace(/&[a-z#0-9]+;/g, '').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-');

function renderer(): MarkdownIt {
  const md = markdownIt({ html: false, linkify: false, typographer: false });
  // markdown-it's own check lets data:image/* through; the pages take no inline data from narration
  md.validateLink = (url) => safeUrl(url) !== undefined;
  md.renderer.rules.heading_open = (tokens, i, options, env, self) => {
    tokens[i].attrSet('id', slug(md.renderer.renderInline(tokens[i + 1].children ?? [], options, env)));
    return self.renderToken(tokens, i, options);
  };
  return md;
}

let md: MarkdownIt | undefined;
const markdown = (): MarkdownIt => (md ??= renderer());

/** Renders one paragraph's inline markup (no enclosing <p>). */
export function renderInline(text: string): string {
  return markdown().renderInline(text);
}

/** Renders Markdown source to an HTML fragment. */
export function renderMarkdown(source: string): string {
  return markdown().render(source);
}
