/**
 * Features of the transcript model (`<lang>-transcript.bin`): check-worthiness of a sentence read in its transcript,
 * the one definition shared by the training script (test/training/train-transcript.ts) and the runtime scorer
 * (transcript.ts).
 *
 * A transcript is a list of sentences in reading order, each with its speaker. On top of the sentence's own cues
 * (check-worthiness-features.ts, `cues` mode), a sentence gets:
 * - `t:self`, `t:prev`, `t:next`: the log-odds of the language's n-gram model for it and its neighbours (numeric);
 * - its speaker, as the transcript shows them (no list of names): the share of that speaker's sentences that are
 *   questions (hosts, moderators and audience ask), the speaker's share of the transcript's sentences, and how the
 *   speaker's sentences score on average against the transcript's (candidates make claims, hosts introduce);
 * - its place: first or last sentence of its turn (a run of sentences by one speaker), the turn's length, the
 *   opening of the transcript (greetings, introductions);
 * - whether the neighbours are questions or end the turn.
 * The weights of all of these are learned on the CheckThat! debates; nothing here is a hand-set rule. Pure: no I/O.
 */
import { extractFeatures, type Feature } from './check-worthiness-features.ts';

export interface TranscriptSentence {
  text: string;
  /** Speaker of the turn, as the transcript names them ("HOLT", "Trump", "MODERATOR"). */
  speaker?: string | undefined;
}

/** Log-odds enter as value z/4, clipped: the same scale as the 0/1 cues. */
const numeric = (z: number): number => Math.max(-3, Math.min(3, z / 4));

const QUESTION_RE = /[?؟]\s*$/u;

function bucket(x: number, edges: readonly number[]): number {
  let i = 0;
  while (i < edges.length && x >= edges[i]!) i++;
  return i;
}

interface SpeakerProfile {
  sentences: number;
  questions: number;
  meanZ: number;
}

function profiles(items: readonly TranscriptSentence[], ngram: readonly number[]): Map<string, SpeakerProfile> {
  const out = new Map<string, SpeakerProfile>();
  items.forEach((s, i) => {
    const key = (s.speaker ?? '').trim().toUpperCase();
    const p = out.get(key) ?? { sentences: 0, questions: 0, meanZ: 0 };
    p.sentences += 1;
    if (QUESTION_RE.test(s.text.trim())) p.questions += 1;
    p.meanZ += ngram[i]!;
    out.set(key, p);
  });
  for (const p of out.values()) p.meanZ /= p.sentences;
  return out;
}

/**
 * The feature vector of every sentence of a transcript. `ngram[i]` is the n-gram model's log-odds for `items[i]`
 * (the same model at training and at run time).
 */
export function transcriptFeatures(items: readonly TranscriptSentence[], language: string, ngram: readonly number[]): Feature[][] {
  const n = items.length;
  const byspeaker = profiles(items, ngram);
  const docMean = n === 0 ? 0 : ngram.reduce((a, b) => a + b, 0) / n;
  const speakerOf = (i: number) => (items[i]?.speaker ?? '').trim().toUpperCase();
  return items.map((s, i) => {
    const previous = items[i - 1]?.text;
    const out = extractFeatures(s.text, language, 'cues', {
      speaker: s.speaker,
      ...(previous !== undefined ? { previous } : {}),
    });
    out.push({ name: 't:self', value: numeric(ngram[i]!) });
    if (i > 0) out.push({ name: 't:prev', value: numeric(ngram[i - 1]!) });
    if (i + 1 < n) out.push({ name: 't:next', value: numeric(ngram[i + 1]!) });
    const speaker = speakerOf(i);
    const p = byspeaker.get(speaker)!;
    if (speaker !== '') {
      const q = p.questions / p.sentences;
      out.push({ name: `t:spk_questions:${bucket(q, [0.02, 0.08, 0.16, 0.3])}`, value: 1, evidence: `${Math.round(100 * q)}%` });
      out.push({ name: `t:spk_share:${bucket(p.sentences / n, [0.03, 0.1, 0.25, 0.45])}`, value: 1 });
      out.push({ name: 't:spk_mean', value: numeric(4 * (p.meanZ - docMean)) });
    }
    const first = i === 0 || speakerOf(i - 1) !== speaker;
    const last = i + 1 === n || speakerOf(i + 1) !== speaker;
    let start = i;
    while (start > 0 && speakerOf(start - 1) === speaker) start--;
    let end = i;
    while (end + 1 < n && speakerOf(end + 1) === speaker) end++;
    const turnLength = end - start + 1;
    if (first) out.push({ name: 't:turn_first', value: 1 });
    if (last) out.push({ name: 't:turn_last', value: 1 });
    out.push({ name: `t:turn_len:${bucket(turnLength, [2, 4, 9, 20])}`, value: 1 });
    if (i < 10) out.push({ name: 't:opening', value: 1 });
    const next = items[i + 1]?.text;
    if (next !== undefined && QUESTION_RE.test(next.trim())) out.push({ name: 't:before_question', value: 1 });
    return out;
  });
}
