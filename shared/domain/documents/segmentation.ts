/**
 * Segmentation of a news article or transcript into the parts a fact-checker reads: sentences, and the parts that
 * are not claims (headline, standfirst, byline, photo captions and credits, pull quotes, "Read more" lines,
 * subheadings, boilerplate), each labelled with the rule that recognised it. Every segment keeps its offsets in the
 * document's text (`text.slice(start, end) === segment.text`). Pure: no I/O.
 *
 * Lines are the unit of layout: a pasted article puts its headline, byline and captions on lines of their own, so
 * each non-empty line is a paragraph and sentences never span two lines.
 */
import type { SegmentKind } from '../../contracts/index.ts';
import type { BlockHint } from './html.ts';

export type { SegmentKind };

export interface Segment {
  /** Stable within the document: "s1", "s2", ... in reading order. */
  id: string;
  kind: SegmentKind;
  text: string;
  /** Offsets in the document's text, end exclusive. */
  start: number;
  end: number;
  /** Index of the line (paragraph) the segment is in. */
  paragraph: number;
  /** For a part that is not a claim: why it was recognised as what it is. */
  label?: string;
  /** Transcripts: the turn the segment belongs to and its speaker. */
  turn?: number;
  speaker?: string;
}

export interface SegmentationInput {
  text: string;
  /** The document's title, when given: a first line equal to it is the headline. */
  title?: string;
  /** What the HTML markup said about blocks (see html.ts). */
  hints?: readonly BlockHint[];
}

export interface SpeakerTurn {
  speaker: string;
  text: string;
}

// ------------------------------------------------------------------------------------------- sentence splitting

/** Words that end with a full stop without ending the sentence (compared lower-cased, without the stop). */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms mx dr prof sen rep gov gen col lt sgt capt cmdr adm maj cpl pvt st jr sr rev hon pres supt insp det ' +
    'messrs mme mlle vs v etc approx est dept univ inc ltd co corp plc llc bros fig vol cf al ave blvd rd mt ft ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun'
  ).split(' '),
);
/** Abbreviations that are only abbreviations before a number ("No. 10", "pp. 4"). */
const BEFORE_NUMBER = new Set(['no', 'nos', 'pp', 'p', 'art', 'para', 'ch']);
/** Words that start a new sentence after a dotted acronym ("... in the U.S. The ..."). */
const SENTENCE_STARTERS = new Set(
  (
    'the a an it its he she they we i you this that these those there their his her our but and so yet however in on ' +
    'at for if when while after before as since meanwhile still then now officials critics experts analysts some many'
  ).split(' '),
);
const OPENING_QUOTES = '"“‘\'«';

interface Span {
  start: number;
  end: number;
}

/** Whether the position `at` (just after a candidate boundary) is inside a quotation that closes soon on this line. */
function insideShortQuote(line: string, at: number): boolean {
  let open = false;
  let curly = 0;
  for (let i = 0; i < at; i++) {
    const ch = line[i];
    if (ch === '"') open = !open;
    else if (ch === '“') curly += 1;
    else if (ch === '”') curly = Math.max(0, curly - 1);
  }
  if (!open && curly === 0) return false;
  const rest = line.slice(at, at + 400);
  return open ? rest.includes('"') : rest.includes('”');
}

/**
 * Sentence spans of one line, offsets relative to the line. A boundary is terminal punctuation (with any closing
 * quotes or brackets) followed by a space and a capital, a digit or an opening quote; not after an abbreviation,
 * an initial ("J. Smith"), or a dotted acronym ("U.S.") unless a usual sentence starter follows; never inside a
 * short quotation that closes later on the line. Decimals ("3.5") have no space after the point, so never split.
 */
export function sentenceSpans(line: string): Span[] {
  const spans: Span[] = [];
  let start = line.length - line.trimStart().length;
  const boundary = /[.!?…]+["”’'»)\]]*(?=\s)/g;
  for (let m = boundary.exec(line); m !== null; m = boundary.exec(line)) {
    const end = m.index + m[0].length;
    const rest = line.slice(end);
    const nextWordMatch = /^\s+(["“‘'«([]?)([\p{L}\p{N}][\p{L}\p{N}'’-]*)/u.exec(rest);
    if (!nextWordMatch) continue;
    const nextWord = nextWordMatch[2]!;
    const first = nextWord[0]!;
    const capitalOrDigit = /\p{Lu}|\p{N}/u.test(first);
    if (!capitalOrDigit) continue;
    const punct = m[0];
    if (punct.startsWith('.') && !/[.]{2,}|…/.test(punct)) {
      const before = line.slice(start, m.index);
      const token = /(\S+)$/.exec(before)?.[1] ?? '';
      const bare = token.replace(/^[("“‘'«[]+/, '');
      const lower = bare.toLowerCase();
      if (ABBREVIATIONS.has(lower)) continue;
      if (BEFORE_NUMBER.has(lower) && /\p{N}/u.test(first)) continue;
      if (/^\p{Lu}$/u.test(bare)) continue; // an initial: "J. Smith"
      if (/^(?:\p{L}\.)+\p{L}$/u.test(bare) && !SENTENCE_STARTERS.has(nextWord.toLowerCase())) continue; // "U.S", "a.m"
    }
    if (insideShortQuote(line, end)) continue;
    spans.push({ start, end });
    start = end + (rest.length - rest.trimStart().length);
  }
  const tail = line.slice(start).trimEnd();
  if (tail.length > 0) spans.push({ start, end: start + tail.length });
  return spans.filter((s) => /[\p{L}\p{N}]/u.test(line.slice(s.start, s.end)));
}

/** Plain sentence splitting of a text: the baseline the benchmark compares segmentation with. */
export function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/).filter((s) => s.trim().length > 0);
}

// ------------------------------------------------------------------------------------------- line classification

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

type LineLabel = { kind: Exclude<SegmentKind, 'sentence'>; label: string } | null;

function classifyCaptionOrCredit(line: string): LineLabel {
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

interface Line {
  start: number;
  end: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  const re = /[^\n]+/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const lead = m[0].length - m[0].trimStart().length;
    const body = m[0].trim();
    if (body.length === 0) continue;
    lines.push({ start: m.index + lead, end: m.index + lead + body.length, text: body });
  }
  return lines;
}

function hintAt(hints: readonly BlockHint[], line: Line): BlockHint | undefined {
  return hints.find((h) => h.start < line.end && h.end > line.start);
}

/** Segments of an article (or any text with a layout of lines). */
export function segmentDocument(input: SegmentationInput): Segment[] {
  const { text } = input;
  const hints = input.hints ?? [];
  const lines = linesOf(text);
  const labels: LineLabel[] = lines.map((line, i) => {
    const hint = hintAt(hints, line);
    if (hint) return { kind: hint.kind, label: `marked up as ${hint.kind.replace('_', ' ')}` };
    return classifyLine(line.text, i, 0, input.title);
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

  const segments: Segment[] = [];
  const push = (seg: Omit<Segment, 'id'>) => segments.push({ id: `s${segments.length + 1}`, ...seg });
  lines.forEach((line, paragraph) => {
    const label = labels[paragraph];
    if (label) {
      push({ kind: label.kind, text: line.text, start: line.start, end: line.end, paragraph, label: label.label });
      return;
    }
    for (const span of sentenceSpans(line.text)) {
      const sentence = line.text.slice(span.start, span.end);
      const caption = classifyCaptionOrCredit(sentence);
      const kind = caption?.kind ?? 'sentence';
      push({
        kind,
        text: sentence,
        start: line.start + span.start,
        end: line.start + span.end,
        paragraph,
        ...(caption ? { label: caption.label } : {}),
      });
    }
  });
  return segments;
}

/** A transcript's text (turns joined by blank lines) and its segments, each carrying its turn and speaker. */
export function segmentTranscript(turns: readonly SpeakerTurn[]): { text: string; segments: Segment[] } {
  let text = '';
  const segments: Segment[] = [];
  let paragraph = 0;
  turns.forEach((turn, index) => {
    if (index > 0) text += '\n\n';
    const base = text.length;
    text += turn.text;
    for (const line of linesOf(turn.text)) {
      for (const span of sentenceSpans(line.text)) {
        segments.push({
          id: `s${segments.length + 1}`,
          kind: 'sentence',
          text: line.text.slice(span.start, span.end),
          start: base + line.start + span.start,
          end: base + line.start + span.end,
          paragraph,
          turn: index,
          speaker: turn.speaker,
        });
      }
      paragraph += 1;
    }
  });
  return { text, segments };
}
