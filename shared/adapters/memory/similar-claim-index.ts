/** The similar-claim index in memory, same scoring as the DynamoDB adapter (for evaluation and tuning). */
import type { TermPostings } from '../../domain/matching/bm25.ts';
import { documentTerms, queryTerms, rankPostings } from '../../domain/matching/retrieve.ts';
import type { IndexedClaim, SimilarClaimIndex } from '../../domain/ports.ts';
import type { ClaimSignature } from '../../domain/triage/types.ts';

export class InMemorySimilarClaimIndex implements SimilarClaimIndex {
  private readonly docs = new Map<string, IndexedClaim & { length: number }>();
  private readonly postings = new Map<string, Array<{ docId: string; tf: number; length: number }>>();
  private totalLength = 0;
  private readonly fingerprints = new Map<string, string>();

  async reserveFingerprint(fingerprint: string, claimId: string, replacing?: string): Promise<string> {
    const owner = this.fingerprints.get(fingerprint);
    if (owner === undefined || owner === claimId || (replacing !== undefined && owner === replacing)) {
      this.fingerprints.set(fingerprint, claimId);
      return claimId;
    }
    return owner;
  }

  async add(entry: IndexedClaim): Promise<void> {
    const existing = this.docs.get(entry.claimId);
    if (existing) {
      // Publishing a verdict for an indexed claim: the kind and the date change (as the DynamoDB adapter's Put), the terms do not.
      if (entry.kind === 'verdict') {
        existing.kind = 'verdict';
        if (entry.date !== undefined) existing.date = entry.date;
      }
      return;
    }
    const { tf, length } = documentTerms(entry.signature);
    this.docs.set(entry.claimId, { ...entry, length });
    this.totalLength += length;
    for (const [term, n] of tf) {
      const list = this.postings.get(term) ?? [];
      list.push({ docId: entry.claimId, tf: n, length });
      this.postings.set(term, list);
    }
  }

  async candidates(signature: ClaimSignature, limit: number): Promise<Array<IndexedClaim & { retrieval: number }>> {
    const terms: TermPostings[] = [...queryTerms(signature)].map(([term, qtf]) => {
      const postings = this.postings.get(term) ?? [];
      return { term, qtf, df: postings.length, postings };
    });
    return rankPostings(terms, signature.tokens.length, { docs: this.docs.size, totalLength: this.totalLength }, limit).flatMap((r) => {
      const doc = this.docs.get(r.docId);
      return doc
        ? [
            {
              kind: doc.kind,
              claimId: doc.claimId,
              signature: doc.signature,
              ...(doc.text !== undefined ? { text: doc.text } : {}),
              ...(doc.date !== undefined ? { date: doc.date } : {}),
              retrieval: r.retrieval,
            },
          ]
        : [];
    });
  }
}
