/**
 * Sentence splitting of one line of an article or transcript (segmentation.ts runs it on every line that is not
 * a part other than a claim), and the plain splitter the benchmark compares segmentation with. Pure: no I/O.
 */

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
