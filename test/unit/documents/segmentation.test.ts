import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { htmlToText, looksLikeHtml } from '../../../shared/domain/documents/html.ts';
import { segmentDocument, segmentTranscript, sentenceSpans } from '../../../shared/domain/documents/segmentation.ts';

const sentences = (line: string) => sentenceSpans(line).map((s) => line.slice(s.start, s.end));

describe('sentence splitting', () => {
  it('does not split after Mr., Dr., initials, or inside decimals', () => {
    expect(sentences('Mr. Budanov met Dr. Town in St. Petersburg. J. R. Smith paid $3.5bn for it. Growth was 3.6% in 2023.')).toEqual([
      'Mr. Budanov met Dr. Town in St. Petersburg.',
      'J. R. Smith paid $3.5bn for it.',
      'Growth was 3.6% in 2023.',
    ]);
  });

  it('keeps "U.S." inside a sentence but ends one when a sentence starter follows it', () => {
    expect(sentences('The U.S. State Department said nothing. Troops left the U.S. The base closed.')).toEqual([
      'The U.S. State Department said nothing.',
      'Troops left the U.S.',
      'The base closed.',
    ]);
  });

  it('keeps closing quotation marks with their sentence and does not split a short quotation', () => {
    expect(sentences('"We will fight. We will win," he said. Then he left.')).toEqual(['"We will fight. We will win," he said.', 'Then he left.']);
    expect(sentences('She said: “It is over.” The crowd cheered.')).toEqual(['She said: “It is over.”', 'The crowd cheered.']);
    expect(sentences('"Is it true?" he asked. Nobody answered.')).toEqual(['"Is it true?" he asked.', 'Nobody answered.']);
  });

  it('splits "No. 10" correctly', () => {
    expect(sentences('He lives at No. 10 Downing Street. It is old.')).toEqual(['He lives at No. 10 Downing Street.', 'It is old.']);
  });
});

describe('document segmentation', () => {
  const text = readFileSync(new URL('../../fixtures/documents/nk-troops.txt', import.meta.url), 'utf8');
  const segments = segmentDocument({ text });
  const kindOf = (start: string) => segments.find((s) => s.text.startsWith(start))?.kind;

  it('every segment keeps its offsets in the original text', () => {
    for (const s of segments) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(segments.map((s) => s.id)).toEqual(segments.map((_, i) => `s${i + 1}`));
  });

  it('recognises the parts of a news page that are not claims', () => {
    expect(kindOf('Are North Korean troops')).toBe('headline');
    expect(kindOf('Kim Jong Un is sending')).toBe('standfirst');
    expect(kindOf('By Harriet Lowe')).toBe('byline');
    expect(kindOf('12:05, 3 Oct 2024')).toBe('byline');
    expect(kindOf('North Korean soldiers march')).toBe('caption');
    expect(kindOf('Photo: Dmitry Peskov')).toBe('caption');
    expect(kindOf('READ MORE')).toBe('read_more');
    expect(kindOf('"It is a worrying escalation"')).toBe('pull_quote');
    expect(kindOf('Sign up to our')).toBe('boilerplate');
    expect(kindOf('Some 3,000 North Korean troops')).toBe('sentence');
    expect(kindOf('The U.S. State Department')).toBe('sentence');
    for (const s of segments.filter((x) => x.kind !== 'sentence')) expect(s.label).toBeTruthy();
  });

  it('labels a first line equal to the given title as the headline', () => {
    const segs = segmentDocument({ text: 'Inflation falls to 3.9%.\nPrices rose by 3.9% in the year to March.', title: 'Inflation falls to 3.9%' });
    expect(segs[0]).toMatchObject({ kind: 'headline', label: 'the document title' });
    expect(segs[1]?.kind).toBe('sentence');
  });

  it('a text with no sentences gives no sentence segments', () => {
    expect(segmentDocument({ text: '   \n\n  ' })).toEqual([]);
    expect(segmentDocument({ text: '!!! ??? ...' }).filter((s) => s.kind === 'sentence')).toEqual([]);
  });
});

describe('transcripts', () => {
  it('keeps each sentence with its turn and speaker, offsets in the joined text', () => {
    const { text, segments } = segmentTranscript([
      { speaker: 'MODERATOR', text: 'Senator, is crime up?' },
      { speaker: 'Sen. Alvarez', text: 'Violent crime rose 12% last year. That is a fact.' },
    ]);
    expect(segments.map((s) => [s.speaker, s.turn, s.text])).toEqual([
      ['MODERATOR', 0, 'Senator, is crime up?'],
      ['Sen. Alvarez', 1, 'Violent crime rose 12% last year.'],
      ['Sen. Alvarez', 1, 'That is a fact.'],
    ]);
    for (const s of segments) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('HTML to text', () => {
  it('drops scripts, styles and comments, decodes entities, and keeps what the markup says a block is', () => {
    const html = `<!doctype html><html><head><title>Troops &amp; war</title><style>p{color:red}</style><script>alert("x")</script></head>
      <body><h1>Troops &amp; war</h1><p class="byline">By Harriet Lowe</p><!-- hidden <p>nope</p> -->
      <p>Some 3,000 troops are joining, officials said&nbsp;on Thursday.</p>
      <figure><img src="x.jpg"><figcaption>Soldiers march in Pyongyang</figcaption></figure>
      <script type="text/javascript">document.write("<p>injected</p>")</script><noscript>enable js</noscript>
      <p>Prices rose 3.9% &mdash; the fastest rise.</p></body></html>`;
    expect(looksLikeHtml(html)).toBe(true);
    const extracted = htmlToText(html);
    expect(extracted.title).toBe('Troops & war');
    expect(extracted.text).not.toMatch(/alert|injected|color|nope|enable js|<|>/);
    expect(extracted.text).toContain('Some 3,000 troops are joining, officials said on Thursday.');
    expect(extracted.text).toContain('Prices rose 3.9% — the fastest rise.');
    const segments = segmentDocument({ text: extracted.text, hints: extracted.hints });
    expect(segments.map((s) => [s.kind, s.text])).toEqual([
      ['headline', 'Troops & war'],
      ['byline', 'By Harriet Lowe'],
      ['sentence', 'Some 3,000 troops are joining, officials said on Thursday.'],
      ['caption', 'Soldiers march in Pyongyang'],
      ['sentence', 'Prices rose 3.9% — the fastest rise.'],
    ]);
  });

  it('plain text mentioning "<" is not taken for HTML', () => {
    expect(looksLikeHtml('Inflation was < 2% and x > y.')).toBe(false);
  });
});
