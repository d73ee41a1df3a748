/**
 * What the similar-claim index holds for a stored claim, rebuilt from the claim itself: the entry triage,
 * publishing or the archive import would write today. A change to cleaning or tokenizing changes the terms a
 * text is indexed under and its fingerprint, so entries written before it are stale; `npm run reindex`
 * (shared/adapters/dynamodb/similar-claim-reindex.ts) rewrites every entry from these.
 */
import { indexEntry } from '../archive/import-archive.ts';
import type { IndexedClaim } from '../ports.ts';
import { claimSignature } from '../triage/claim-signature.ts';
import { detectLanguage } from '../triage/language.ts';
import { normalizeStatement } from '../triage/normalize.ts';
import type { DuplicateKind } from '../triage/types.ts';

export interface IndexedSource {
  claimId: string;
  /** The kind the entry had: a claim still in the workflow, or a published verdict. */
  kind: DuplicateKind;
  statement: string;
  /** The language its submitter declared (or the import's `inLanguage`): triage indexed it in that language. */
  language?: string;
  /** For an imported fact-check: its headline and description, as its `claim.imported` event recorded them. */
  imported?: { headline?: string; description?: string };
  /** The date its entry had (IndexedClaim.date), kept. */
  date?: string;
}

/**
 * The language triage tokenized the statement in: the declared one when it is a known code, else the detected one
 * (triage's assessStatement). Stop words depend on it (triage/stop-words.ts), so re-detecting a claim declared in
 * another language would index it, and reserve its fingerprint, under terms triage never looks up.
 */
function indexLanguage(text: string, declared: string | undefined): string {
  return detectLanguage(text, declared).code;
}

export function reindexEntry(source: IndexedSource): IndexedClaim {
  if (source.imported) {
    return indexEntry(source.claimId, source.statement, source.imported.headline, source.imported.description, source.language, source.date);
  }
  const text = normalizeStatement(source.statement);
  return {
    kind: source.kind,
    claimId: source.claimId,
    signature: claimSignature(text, indexLanguage(text, source.language)),
    text: text.slice(0, 1000),
    ...(source.date !== undefined ? { date: source.date } : {}),
  };
}

/** The fingerprint a claim's statement reserves: triage's claimSignature of the normalized statement, in the claim's language. */
export function statementFingerprint(statement: string, language?: string): string {
  const text = normalizeStatement(statement);
  return claimSignature(text, indexLanguage(text, language)).fingerprint;
}
