/**
 * The seed-style case of #13 on the re-ranker's decision (in-memory index, the same scoring as DynamoDB's):
 * rewordings of "some 3,000 North Korean troops" are duplicates of its verdict; "nowhere near 3,000" and
 * "10,000" on the same subject are related, never duplicates. "North Korea" and "North Korean" are one name.
 */
import { describe, expect, it } from 'vitest';
import { seedCaseIndex } from '../../fixtures/seed-case-index.ts';
import { findMatches } from '../../../shared/domain/matching/find-matches.ts';

describe('the "3,000 North Korean troops" case', () => {
  for (const rewording of [
    'About 3,000 soldiers from North Korea are joining the Russian army in Ukraine.',
    'North Korea is sending some 3,000 troops to join the Russian army in Ukraine.',
    'Russia is being joined by some 3,000 North Korean troops in Ukraine.',
  ]) {
    it(`links "${rewording}" as a duplicate of the verdict`, async () => {
      const m = await findMatches(await seedCaseIndex(), rewording);
      expect(m.duplicates[0]).toMatchObject({ kind: 'verdict', claimId: 'troops' });
    });
  }
  for (const contradiction of [
    'Nowhere near 3,000 North Korean troops are joining the Russian army in Ukraine, officials said.',
    'Some 10,000 North Korean troops are joining the Russian army in Ukraine.',
  ]) {
    it(`links "${contradiction}" as related, not as a duplicate`, async () => {
      const m = await findMatches(await seedCaseIndex(), contradiction);
      expect(m.duplicates).toEqual([]);
      expect(m.related[0]).toMatchObject({ kind: 'verdict', claimId: 'troops' });
    });
  }
  it('still tells two countries apart', async () => {
    const m = await findMatches(await seedCaseIndex(), 'Some 3,000 South Korean troops are joining the Russian army in Ukraine.');
    expect(m.duplicates).toEqual([]);
  });
});
