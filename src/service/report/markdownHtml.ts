/**
 * The Markdown of a scenario's or example's description, as the HTML report shows it: the
 * subset descriptions are written in (paragraphs, `-`/`*`/`1.` lists, `#` headings, fenced
 * code, `inline code`, **strong**, *emphasis*, [links](…)). Everything is escaped first, so
 * no markup from the file reaches the page; a link keeps its text only (the page loads and
 * links to nothing outside itself: its CSP and its promise to open offline).
 */
import { escapeHtml } from './escape';

/** Inline spans of one line: code spans are set aside first, so `**` inside code stays literal and emphasis may span code. */
function inline(text: string): string {
  const codes: string[] = [];
  const held = text.replace(/\uE000/g, "").replace(/`([^`]+)`/g, (_m, code: string) => `\uE000${codes.push(code) - 1}\uE000`);
  return escapeHtml(held)
    .replace(/\[([^\]]+)\]\([^)\s]*\)/g, '$1')
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_m, a?: string, b?: string) => `<strong>${a ?? b}</strong>`)
    .replace(/(^|[^\w*])\*([^*\s](?:[^*]*?[^*\s])?)\*(?![\w*])|(^|[^\w])_([^_\s](?:[^_]*?[^_\s])?)_(?!\w)/g,
      (_m, p1?: string, a?: string, p2?: string, b?: string) => `${p1 ?? p2 ?? ''}<em>${a ?? b}</em>`)
    .replace(/\uE000(\d+)\uE000/g, (_m, i: string) => `<code>${escapeHtml(codes[Number(i)])}</code>`);
}

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/;

/** The description's Markdown as HTML blocks. */
export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map(inline).join('\n')}</p>`);
    paragraph = [];
    if (list) out.push(`<${list.ordered ? 'ol' : 'ul'}>${list.items.map((x) => `<li>${inline(x)}</li>`).join('')}</${list.ordered ? 'ol' : 'ul'}>`);
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(fence[1]); i++) code.push(lines[i]);
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    if (line.trim() === '') { flush(); continue; }
    const heading = /^\s*(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      // The report's own headings are h1 (its title) and h2: a description's start at h3.
      const level = Math.min(6, heading[1].length + 2);
      out.push(`<h${level}>${inline(heading[2])}</h${level}>`);
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = /^\s*\d/.test(line);
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[1]);
      continue;
    }
    // A line indented under a list item continues it.
    if (list && /^\s+\S/.test(line)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    if (list) flush();
    paragraph.push(line.trim());
  }
  flush();
  return out.join('\n');
}
