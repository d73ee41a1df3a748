/**
 * Claim signatures for duplicate detection: canonical tokens, an exact fingerprint, the quantities a claim
 * asserts, its direction of change and the names it mentions. The pieces live in their own modules:
 * canonical-tokens.ts (tokenization; one word's form in canonical-words.ts, numbers and months in
 * canonical-quantities.ts), names.ts, agreement.ts (quantities and dates), similarity.ts (the rule score),
 * lsh.ts (the retired MinHash bands). Only node:crypto is imported, for the sha256 fingerprint.
 */
import { createHash } from 'node:crypto';
import { cleanText } from '../matching/clean.ts';
import { canonicalTokens, DIR_DOWN, DIR_UP } from './canonical-tokens.ts';
import { detectLanguage } from './language.ts';
import { bandKeys, shingles } from './lsh.ts';
import { nameTokens } from './names.ts';
import type { ClaimSignature } from './types.ts';

export { canonicalTokens, DIR_DOWN, DIR_UP } from './canonical-tokens.ts';
export { stem } from './canonical-words.ts';
export { bandKeys, LSH_BANDS, LSH_ROWS, minHash, shingles } from './lsh.ts';
export { matchSimilarity, RULE_DUPLICATE_THRESHOLD } from './similarity.ts';

/**
 * Build the signature of a normalized statement (see `normalizeStatement`) in `language`, the claim's declared or
 * detected ISO 639-1 code, which chooses the stop words; detected from the text when not given (a caller that knows
 * it passes it, so a claim is indexed and looked up under the same words).
 */
export function claimSignature(normalizedText: string, language?: string): ClaimSignature {
  // Links, handles, hashtag marks and embedded-tweet date stamps are not part of the claim (matching/clean.ts).
  const cleaned = cleanText(normalizedText);
  const { tokens, quantities } = canonicalTokens(cleaned, language ?? detectLanguage(cleaned).code);
  const entities = nameTokens(cleaned).filter((e) => tokens.includes(e));
  const tokenSet = [...new Set(tokens)].sort();
  const fingerprint = createHash('sha256').update(tokenSet.join(' '), 'utf8').digest('hex');
  const first = tokens.find((t) => t === DIR_UP || t === DIR_DOWN);
  const direction = first === DIR_UP ? 'up' : first === DIR_DOWN ? 'down' : null;
  return { tokens, fingerprint, bands: bandKeys(shingles(tokens)), quantities, direction, entities };
}
