/**
 * HTML to plain text for document submission. Parsed with htmlparser2 (a tolerant, well-kept parser that decodes
 * entities and never executes anything) rather than with regular expressions, which miss comments, CDATA,
 * unquoted attributes and `</script >`. Script, style, template, noscript, iframe, svg and form contents are dropped
 * entirely; block elements become paragraph breaks; a few elements tell what a block is (h1 a headline,
 * figcaption a caption, blockquote/aside a pull quote, an element whose class says "byline" a byline), and those
 * hints travel with the text so segmentation does not have to guess. Pure: no I/O.
 */
import { Parser } from 'htmlparser2';
import type { BlockHint } from '../../contracts/index.ts';

// A block hint is stored with the document (shared/contracts/document.ts); segmentation keeps it for the block's offsets.
export type { BlockHint } from '../../contracts/index.ts';

/** The text of a page and what its markup said; the submission keeps its parts on the document record. */
export interface ExtractedText {
  text: string;
  /** The page's <title>, when it has one. */
  title?: string;
  hints: BlockHint[];
}

/** Content never shown as text. */
const DROPPED = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'svg', 'math', 'form', 'select', 'button', 'nav', 'head', 'object', 'canvas']);
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'blockquote',
  'figure',
  'figcaption',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'br',
  'hr',
  'tr',
  'table',
  'pre',
  'dd',
  'dt',
  'dl',
  'address',
  'time',
]);

function hintFor(name: string, attrs: Record<string, string>): BlockHint['kind'] | undefined {
  const cls = `${attrs.class ?? ''} ${attrs.id ?? ''} ${attrs.itemprop ?? ''} ${attrs.rel ?? ''}`.toLowerCase();
  if (name === 'h1') return 'headline';
  if (name === 'figcaption') return 'caption';
  if (name === 'blockquote' && /pull|quote/.test(cls)) return 'pull_quote';
  if (name === 'aside' && /pull|quote/.test(cls)) return 'pull_quote';
  if (/\bbyline\b|\bauthor\b/.test(cls)) return 'byline';
  if (/standfirst|\bdek\b|subtitle|subheadline|\bsummary\b|\blede\b/.test(cls)) return 'standfirst';
  if (/caption|credit/.test(cls)) return 'caption';
  if (/read-?more|related/.test(cls)) return 'read_more';
  return undefined;
}

/** Plain text of an HTML document, with paragraph breaks between blocks and the blocks' hints. */
export function htmlToText(html: string): ExtractedText {
  let out = '';
  let dropped = 0;
  let inTitle = false;
  let title = '';
  const open: Array<{ name: string; hint?: BlockHint['kind']; start: number }> = [];
  const hints: BlockHint[] = [];
  const breakLine = () => {
    if (out.length > 0 && !out.endsWith('\n\n')) out = out.replace(/[ \t]+$/, '') + (out.endsWith('\n') ? '\n' : '\n\n');
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'title') inTitle = true;
        if (DROPPED.has(name)) {
          dropped += 1;
          return;
        }
        if (dropped > 0) return;
        if (BLOCK.has(name)) breakLine();
        const hint = hintFor(name, attrs);
        open.push({ name, ...(hint ? { hint } : {}), start: out.length });
      },
      ontext(data) {
        if (inTitle) title += data;
        if (dropped > 0 || inTitle) return;
        const collapsed = data.replace(/\s+/g, ' ');
        if (collapsed === ' ' && (out.length === 0 || /\s$/.test(out))) return;
        out += out.length === 0 || /\s$/.test(out) ? collapsed.replace(/^ /, '') : collapsed;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (DROPPED.has(name)) {
          dropped = Math.max(0, dropped - 1);
          return;
        }
        if (dropped > 0) return;
        // htmlparser2 closes implied tags itself, so the innermost open element with this name is the one.
        const at = open.map((o) => o.name).lastIndexOf(name);
        if (at >= 0) {
          const [element] = open.splice(at, open.length - at);
          if (element?.hint) {
            const raw = out.slice(element.start);
            const lead = raw.length - raw.trimStart().length;
            const end = element.start + raw.trimEnd().length;
            if (end > element.start + lead) hints.push({ start: element.start + lead, end, kind: element.hint });
          }
        }
        if (BLOCK.has(name)) breakLine();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeCDATA: false },
  );
  parser.write(html);
  parser.end();
  const text = out.replace(/[ \t]+\n/g, '\n').trimEnd();
  const cleanTitle = title.replace(/\s+/g, ' ').trim();
  return { text, ...(cleanTitle ? { title: cleanTitle } : {}), hints: hints.filter((h) => h.end <= text.length) };
}

/** Does this look like HTML (rather than plain text that mentions a "<")? */
export function looksLikeHtml(text: string): boolean {
  return /<(?:!doctype|html|body|p|div|h[1-6]|article|br|figure|script|style|span|a)\b[^>]*>/i.test(text);
}
