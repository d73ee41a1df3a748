/**
 * From segments to ranked candidates: each sentence is attributed, scored for check-worthiness (through the
 * scorer port, with its reasons), matched against earlier claims and published verdicts (through the matcher
 * port), and rewordings of one claim inside the document are grouped. Parts that are not claims (headline,
 * byline, captions, ...) are never candidates. No I/O of its own: the ports do it.
 */
import { claimSignature, matchSimilarity } from '../triage/claim-signature.ts';
import { normalizeStatement } from '../triage/normalize.ts';
import type { Candidate, ClaimMatch, DocumentAnalysis, RewordingGroup, Segment } from '../../contracts/index.ts';
import type { CheckWorthiness, CheckWorthinessReason, ClaimSignature } from '../triage/types.ts';
import { attributeAll } from './attribution.ts';

// The analysis's records (candidates, matches, rewording groups) are stored with the document: defined once, in
// shared/contracts/document.ts. The interfaces here are its ports and their arguments, which never leave the process.
export type { Candidate, ClaimMatch, DocumentAnalysis, RewordingGroup } from '../../contracts/index.ts';

export interface ScoringContext {
  speaker?: string;
  previous?: string;
  next?: string;
}

/** The check-worthiness model, as the document analysis uses it. */
export interface CheckWorthinessScorer {
  score(text: string, language: string, context: ScoringContext): CheckWorthiness;
  /** A transcript's sentences in reading order, each read with its speaker and neighbours (when the scorer can). */
  scoreTranscript?(items: ReadonlyArray<{ text: string; speaker?: string }>, language: string): CheckWorthiness[];
}

/** Claim matching against earlier claims and published verdicts. */
export interface ClaimMatcher {
  /** `date`: when the text appeared (the document's publication), so timely fact-checks are listed first. */
  find(text: string, language: string, date?: string): Promise<ClaimMatch[]>;
}

/** Denial quotes repeat a claim to reject it: worth knowing, rarely the thing to check. */
export const DENIAL_PENALTY: CheckWorthinessReason = {
  code: 'denial_quote',
  description: 'reports a denial or dismissal of another claim',
  weight: -1.5,
};

const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));
const logistic = (z: number) => 1 / (1 + Math.exp(-z));

function shareQuantity(a: ClaimSignature, b: ClaimSignature): boolean {
  return a.quantities.some((q) => b.quantities.includes(q));
}

/** Union of candidates whose statements are rewordings of each other (similar, or agreeing on a quantity). */
export function groupRewordings(items: ReadonlyArray<{ segmentId: string; statement: string }>): RewordingGroup[] {
  const sigs = items.map((i) => claimSignature(normalizeStatement(i.statement)));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    if (parent[i] !== i) parent[i] = find(parent[i]!);
    return parent[i]!;
  };
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const sim = matchSimilarity(sigs[i]!, sigs[j]!);
      if (sim >= 0.45 || (sim >= 0.28 && shareQuantity(sigs[i]!, sigs[j]!))) parent[find(j)] = find(i);
    }
  }
  const byRoot = new Map<number, string[]>();
  items.forEach((item, i) => {
    byRoot.set(find(i), [...(byRoot.get(find(i)) ?? []), item.segmentId]);
  });
  return [...byRoot.values()].filter((ids) => ids.length > 1).map((segmentIds, i) => ({ id: `g${i + 1}`, segmentIds }));
}

export interface AnalysisPorts {
  scorer: CheckWorthinessScorer;
  matcher: ClaimMatcher;
}

/**
 * Ranked candidates of a segmented document. Matching runs for the `matchTop` best candidates only, with `date`
 * (when the document appeared) as the date of each candidate claim.
 */
export async function analyseSegments(
  ports: AnalysisPorts,
  segments: readonly Segment[],
  language: string,
  { date, matchTop = 50 }: { date?: string; matchTop?: number } = {},
): Promise<DocumentAnalysis> {
  const sentences = segments.filter((s) => s.kind === 'sentence');
  const items = sentences.map((s) => ({ text: s.text, ...(s.speaker !== undefined ? { speaker: s.speaker } : {}) }));
  const attributions = attributeAll(items);
  // A transcript (speakers given) is scored as a whole: the transcript model reads speakers and neighbours.
  const whole =
    ports.scorer.scoreTranscript !== undefined && sentences.some((s) => s.speaker !== undefined) ? ports.scorer.scoreTranscript(items, language) : null;
  const scored = sentences.map((segment, i) => {
    const attribution = attributions[i]!;
    const context: ScoringContext = {
      ...(segment.speaker !== undefined ? { speaker: segment.speaker } : {}),
      ...(i > 0 ? { previous: sentences[i - 1]!.text } : {}),
      ...(i + 1 < sentences.length ? { next: sentences[i + 1]!.text } : {}),
    };
    const cw = whole?.[i] ?? ports.scorer.score(segment.text, language, context);
    const reasons = attribution.denial ? [...cw.reasons, DENIAL_PENALTY] : cw.reasons;
    const score = attribution.denial ? logistic(logit(cw.score) + DENIAL_PENALTY.weight) : cw.score;
    return { segment, attribution, score: Number(score.toFixed(4)), reasons };
  });
  // Highest score first; reading order breaks ties, so the ranking is deterministic.
  scored.sort((a, b) => b.score - a.score || a.segment.start - b.segment.start);
  const candidates: Candidate[] = [];
  for (const [index, item] of scored.entries()) {
    const matches = index < matchTop ? await ports.matcher.find(item.attribution.statement, language, date) : [];
    candidates.push({
      segmentId: item.segment.id,
      rank: index + 1,
      sentence: item.segment.text,
      statement: item.attribution.statement,
      claimant: item.attribution.claimant,
      attribution: item.attribution.via,
      score: item.score,
      reasons: item.reasons,
      matches,
    });
  }
  const groups = groupRewordings(
    candidates
      .filter((c) => c.score >= 0.3)
      .slice(0, 300)
      .map((c) => ({ segmentId: c.segmentId, statement: c.statement })),
  );
  for (const group of groups) for (const c of candidates) if (group.segmentIds.includes(c.segmentId)) c.group = group.id;
  return { candidates, groups };
}
