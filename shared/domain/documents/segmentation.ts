/**
 * Segmentation of a news article or transcript into the parts a fact-checker reads: sentences, and the parts that
 * are not claims (headline, standfirst, byline, photo captions and credits, pull quotes, "Read more" lines,
 * subheadings, boilerplate), each labelled with the rule that recognised it. Every segment keeps its offsets in the
 * document's text (`text.slice(start, end) === segment.text`). Pure: no I/O.
 *
 * This module puts the segments together; each rule has its module in ./segmentation/: the layout of lines
 * (lines.ts), sentence splitting within a line (sentences.ts) and the parts that are not claims
 * (non-claim-parts.ts).
 */
import type { BlockHint, Segment, SpeakerTurn } from '../../contracts/index.ts';
import { linesOf } from './segmentation/lines.ts';
import { classifyCaptionOrCredit, labelLines } from './segmentation/non-claim-parts.ts';
import { sentenceSpans } from './segmentation/sentences.ts';

// Segments and speaker turns are stored with the document: defined once, in shared/contracts/document.ts.
export type { Segment, SegmentKind, SpeakerTurn } from '../../contracts/index.ts';
export { sentenceSpans, splitSentences } from './segmentation/sentences.ts';

/** segmentDocument's arguments (the document's text, title and hints, read from its record). */
export interface SegmentationInput {
  text: string;
  /** The document's title, when given: a first line equal to it is the headline. */
  title?: string;
  /** What the HTML markup said about blocks (see html.ts). */
  hints?: readonly BlockHint[];
}

/** Segments of an article (or any text with a layout of lines). */
export function segmentDocument(input: SegmentationInput): Segment[] {
  const { text } = input;
  const hints = input.hints ?? [];
  const lines = linesOf(text);
  const labels = labelLines(text, lines, hints, input.title);

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
