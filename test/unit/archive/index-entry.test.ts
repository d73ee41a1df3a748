/**
 * An imported fact-check is indexed with its headline beside the claim: a restatement that shares its words
 * with the headline only still finds it, while exact duplicates and conflicts are judged on the claim itself.
 */
import { describe, expect, it } from 'vitest';
import { InMemorySimilarClaimIndex } from '../../../shared/adapters/memory/similar-claim-index.ts';
import { parseArchive } from '../../../shared/domain/archive/claim-review-records.ts';
import { indexEntry } from '../../../shared/domain/archive/import-archive.ts';
import { classifyCandidates, claimSignature, normalizeStatement } from '../../../shared/domain/triage/index.ts';

const claim = 'A video shows a crowd of people in the UK chanting "We Love Trump" in June 2019.';
const headline = 'Is This a Video of UK Trump Supporters from June 2019?';

describe('the index entry of an imported verdict', () => {
  it("adds the headline's words to the claim's, so a restatement in the headline's words finds it", async () => {
    const probe = 'Trump supporters in the UK, June 2019';
    const withHeadline = new InMemorySimilarClaimIndex();
    await withHeadline.add(indexEntry('v-1', claim, headline));
    const plain = new InMemorySimilarClaimIndex();
    await plain.add(indexEntry('v-1', claim));
    const sig = claimSignature(normalizeStatement(probe));
    const [found] = await withHeadline.candidates(sig, 5);
    const [without] = await plain.candidates(sig, 5);
    expect(found?.claimId).toBe('v-1');
    expect(found?.retrieval ?? 0).toBeGreaterThan(without?.retrieval ?? 0);
  });

  it("keeps the claim's own fingerprint, so the same claim submitted again is an exact duplicate", () => {
    const entry = indexEntry('v-1', claim, headline);
    const normalized = normalizeStatement(claim);
    const signature = claimSignature(normalized);
    expect(entry.signature.fingerprint).toBe(signature.fingerprint);
    const { duplicates } = classifyCandidates(normalized, signature, [{ ...entry, retrieval: 1 }]);
    expect(duplicates[0]).toMatchObject({ claimId: 'v-1', similarity: 1 });
  });

  it("adds the description's words too, but compares texts on the claim and headline only", async () => {
    const description = 'The crowd was filmed outside Blenheim Palace during the state visit.';
    const entry = indexEntry('v-1', claim, headline, description);
    const idx = new InMemorySimilarClaimIndex();
    await idx.add(entry);
    const [found] = await idx.candidates(claimSignature(normalizeStatement('Crowd filmed outside Blenheim Palace')), 5);
    expect(found?.claimId).toBe('v-1');
    expect(entry.text).toBe(`${normalizeStatement(claim)} ${normalizeStatement(headline)}`);
    expect(entry.signature.quantities).toEqual(claimSignature(normalizeStatement(claim)).quantities);
  });

  it("reads a ClaimReview's description beside its headline", () => {
    const review = {
      '@type': 'ClaimReview',
      url: 'https://factdesk.example.org/checks/uk-crowd',
      claimReviewed: claim,
      headline,
      description: 'The crowd was filmed outside Blenheim Palace.',
      datePublished: '2019-06-10',
      reviewRating: { '@type': 'Rating', alternateName: 'Miscaptioned' },
    };
    expect(parseArchive(JSON.stringify(review)).records[0]).toMatchObject({ headline, description: 'The crowd was filmed outside Blenheim Palace.' });
  });

  it('is the claim alone when there is no headline or it repeats the claim', () => {
    expect(indexEntry('v-1', claim, claim).signature.tokens).toEqual(claimSignature(normalizeStatement(claim)).tokens);
    expect(indexEntry('v-1', claim).text).toBe(normalizeStatement(claim));
  });
});
