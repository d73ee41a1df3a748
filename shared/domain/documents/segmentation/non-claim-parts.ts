/**
 * The parts of an article that are not claims: headline, standfirst, byline, photo captions and credits, pull
 * quotes, "Read more" lines, subheadings and boilerplate. Each line gets a kind and the rule that recognised it
 * (its label), or null when it is to be split into sentences. Pure: no I/O.
 */
import type { SegmentKind } from '../../../contracts/index.ts';
import type { BlockHint } from '../html.ts';
import type { Line } from './lines.ts';
import { sentenceSpans } from './sentences.ts';

const OPENING_QUOTES = '"“‘\'«';

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

const READ_MORE =
  /^(?:read more|read next|read also|more:|more on this|related(?: articles?| stories| content)?\s*[:|-]|see also|also read|watch:|listen:|recommended(?: for you)?\s*[:|-]?|most read\b|latest:)/i;
const BOILERPLATE =
  /^(?:sign up|subscribe|follow us|follow (?:the|our)\b|share (?:this|on)\b|advertisement\b|advert\b|copyright\b|©|all rights reserved|click here|comments?\s*\(\d+\)|get the latest|download the app|we use cookies|this article (?:was|is) (?:updated|amended)|got a story\b)/i;
const CAPTION_PREFIX =
  /^\s*(?:pictured|photo|photograph|photos|picture|pic|image|images|above|below|left|right|top|bottom|file photo|caption|video|watch|in pictures|gallery|illustration|screenshot|main picture|main image|inset|credit)\s*[:|\-–—]/i;
const CREDIT_IN_BRACKETS = /\((?:image|images|photo|photos|picture|pictures|pic|pics|credit|video|source)s?\s*:[^)]*\)/i;
const AGENCY_CREDIT =
  /(?:getty images|afp|reuters|ap photo|associated press|shutterstock|alamy|pa images|pa wire|pa media|epa|anadolu|via getty|bloomberg via|handout|supplied|file photo)\s*[)\].]*\s*$/i;
const BYLINE_BY =
  /^(?:by|words by|written by|reporting by|story by)\s+\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|van|von|al|and|&))*(?:\s*[,|–—-]\s*.*)?$/iu;
const TIMESTAMP =
  /^(?:published|updated|posted|last updated|first published)?\s*:?\s*(?:\d{1,2}:\d{2}(?:\s*[ap]m)?|\d{1,2}\s+\p{L}{3,9}\s+\d{4}|\p{L}{3,9}\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})/iu;
const ROLE_LINE =
  /^[\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*){0,3}\s*[,|–—-]\s*(?:[\p{L}]+\s+){0,3}(?:reporter|correspondent|editor|writer|journalist|columnist|staff|contributor)\b/iu;

function endsLikeSentence(line: string): boolean {
  return /[.!?…]["”’'»)\]]*$/.test(line.trim());
}

function isWholeQuote(line: string): boolean {
  const t = line.trim();
  return t.length > 2 && OPENING_QUOTES.includes(t[0]!) && /["”’'»][.!?]?$/.test(t) && !/["”’'»],?\s+\p{L}/u.test(t.slice(1, -2));
}

function normalizedQuote(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export type LineLabel = { kind: Exclude<SegmentKind, 'sentence'>; label: string } | null;

/** Whether a sentence (or line) is a photo caption or credit, and by which rule. */
export function classifyCaptionOrCredit(line: string): LineLabel {
  const t = line.trim();
  if (CAPTION_PREFIX.test(t)) return { kind: 'caption', label: 'starts like a photo caption or credit ("Photo:", "Pictured:")' };
  if (CREDIT_IN_BRACKETS.test(t)) return { kind: 'caption', label: 'carries a picture credit in brackets ("(Image: ...)")' };
  if (words(t).length <= 45 && AGENCY_CREDIT.test(t)) return { kind: 'caption', label: 'ends with a picture agency credit' };
  return null;
}

function classifyLine(line: string, index: number, firstLine: number, title: string | undefined): LineLabel {
  const t = line.trim();
  const n = words(t).length;
  if (READ_MORE.test(t)) return { kind: 'read_more', label: 'a link to another article ("Read more", "Related")' };
  if (BOILERPLATE.test(t)) return { kind: 'boilerplate', label: 'page furniture (sign-up, sharing, copyright)' };
  const caption = classifyCaptionOrCredit(t);
  if (caption) return caption;
  if (n <= 16 && BYLINE_BY.test(t)) return { kind: 'byline', label: 'names the author ("By ...")' };
  if (n <= 14 && ROLE_LINE.test(t)) return { kind: 'byline', label: 'names the author and their role' };
  if (n <= 12 && TIMESTAMP.test(t) && !/\p{Ll}{3,}\s+(?:is|are|was|were|has|have|will)\b/u.test(t)) {
    return { kind: 'byline', label: 'a publication date or time' };
  }
  if (title !== undefined && normalizedQuote(t) === normalizedQuote(title)) return { kind: 'headline', label: 'the document title' };
  if (index === firstLine && n <= 30 && (!endsLikeSentence(t) || t.endsWith('?') || t.endsWith('!'))) {
    return { kind: 'headline', label: t.endsWith('?') ? 'the first line, phrased as a question' : 'the first line, without a closing full stop' };
  }
  if (index !== firstLine && n <= 10 && !endsLikeSentence(t) && !/[,;:]$/.test(t) && !isWholeQuote(t)) {
    return { kind: 'subheading', label: 'a short line without a closing full stop' };
  }
  if (index !== firstLine && n <= 8 && t.endsWith('?') && sentenceSpans(t).length === 1) {
    return { kind: 'subheading', label: 'a short question on a line of its own' };
  }
  return null;
}

function hintAt(hints: readonly BlockHint[], line: Line): BlockHint | undefined {
  return hints.find((h) => h.start < line.end && h.end > line.start);
}

/** What each line is when it is not to be split into sentences (null when it is), in the order of `lines`. */
export function labelLines(text: string, lines: readonly Line[], hints: readonly BlockHint[], title: string | undefined): LineLabel[] {
  const labels: LineLabel[] = lines.map((line, i) => {
    const hint = hintAt(hints, line);
    if (hint) return { kind: hint.kind, label: `marked up as ${hint.kind.replace('_', ' ')}` };
    return classifyLine(line.text, i, 0, title);
  });
  // A standfirst is what stands between the headline and the byline at the top of the page.
  const headline = labels.findIndex((l) => l?.kind === 'headline');
  const byline = labels.findIndex((l) => l?.kind === 'byline');
  if (headline >= 0 && byline > headline && byline - headline <= 3) {
    for (let i = headline + 1; i < byline; i++) {
      if (labels[i] === null) labels[i] = { kind: 'standfirst', label: 'between the headline and the byline' };
    }
  }
  // A pull quote repeats, as a line of its own, a quotation found elsewhere in the text.
  const normalizedText = normalizedQuote(text);
  lines.forEach((line, i) => {
    if (labels[i] !== null || !isWholeQuote(line.text)) return;
    const inner = normalizedQuote(line.text);
    if (inner.length < 12) return;
    const first = normalizedText.indexOf(inner);
    if (first >= 0 && normalizedText.indexOf(inner, first + 1) >= 0) labels[i] = { kind: 'pull_quote', label: 'a quotation repeated on a line of its own' };
  });
  return labels;
}
