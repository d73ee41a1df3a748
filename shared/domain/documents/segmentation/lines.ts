/**
 * Lines are the unit of layout: a pasted article puts its headline, byline and captions on lines of their own, so
 * each non-empty line is a paragraph and sentences never span two lines.
 */

/** A line of the text without its surrounding white space; offsets in the text, end exclusive. */
export interface Line {
  start: number;
  end: number;
  text: string;
}

/** The non-empty lines of a text, trimmed, with their offsets in it. */
export function linesOf(text: string): Line[] {
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
