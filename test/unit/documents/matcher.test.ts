/**
 * The documents' matcher port (shared/adapters/documents/triage-ports.ts) decides as triage does: the re-ranker's
 * findMatches with triage's duplicate threshold. A candidate is "already checked" exactly when triage would close the
 * same statement as a duplicate of the verdict; a contradicting restatement is related, never "already checked".
 */
import { describe, expect, it } from 'vitest';
import { seedCaseIndex } from '../../fixtures/seed-case-index.ts';
import { IndexClaimMatcher } from '../../../shared/adapters/documents/triage-ports.ts';
import type { VerdictRepository } from '../../../shared/domain/ports.ts';
import { claimSignature, defaultTriageThresholds, normalizeStatement, triageClaim } from '../../../shared/domain/triage/index.ts';

const verdicts = {
  get: async (claimId: string) =>
    claimId === 'troops' ? { rating: { id: 'mostly-false', label: 'Mostly false' }, publishedAt: '2024-10-12T10:00:00.000Z' } : null,
} as unknown as VerdictRepository; // only get() is read by the matcher

const statements = {
  rewordings: [
    'About 3,000 soldiers from North Korea are joining the Russian army in Ukraine.',
    'North Korea is sending some 3,000 troops to join the Russian army in Ukraine.',
  ],
  contradictions: [
    'Nowhere near 3,000 North Korean troops are joining the Russian army in Ukraine, officials said.',
    'Some 10,000 North Korean troops are joining the Russian army in Ukraine.',
  ],
  other: ['Some 3,000 South Korean troops are joining the Russian army in Ukraine.', 'Ticket prices on the metro doubled last year.'],
};

describe("the documents' matcher", () => {
  it('calls a rewording of a checked claim "already checked", with its rating and date', async () => {
    const matcher = new IndexClaimMatcher(await seedCaseIndex(), verdicts, defaultTriageThresholds.duplicate);
    for (const text of statements.rewordings) {
      expect((await matcher.find(text, 'en'))[0]).toMatchObject({
        kind: 'verdict',
        relation: 'duplicate',
        claimId: 'troops',
        description: 'already checked: rated Mostly false on 2024-10-12',
      });
    }
  });

  it('shows a contradicting restatement as a related fact-check, never as "already checked"', async () => {
    const matcher = new IndexClaimMatcher(await seedCaseIndex(), verdicts, defaultTriageThresholds.duplicate);
    for (const text of statements.contradictions) {
      const matches = await matcher.find(text, 'en');
      expect(matches.filter((m) => m.relation === 'duplicate')).toEqual([]);
      expect(matches[0]).toMatchObject({ kind: 'verdict', relation: 'related', claimId: 'troops' });
      expect(matches[0]!.description).toMatch(/^a related fact-check, rated Mostly false on 2024-10-12/);
    }
  });

  it('makes the duplicate decision triage makes on the same statement, at the same threshold', async () => {
    const idx = await seedCaseIndex();
    for (const threshold of [defaultTriageThresholds.duplicate, 0.6]) {
      const matcher = new IndexClaimMatcher(idx, verdicts, threshold);
      for (const text of Object.values(statements).flat()) {
        const signature = claimSignature(normalizeStatement(text));
        const triage = triageClaim({ statement: text, language: 'en' }, await idx.candidates(signature, 25), {
          ...defaultTriageThresholds,
          duplicate: threshold,
        });
        const duplicate = (await matcher.find(text, 'en')).find((m) => m.relation === 'duplicate');
        expect({ text, threshold, duplicate: duplicate?.claimId ?? null }).toEqual({ text, threshold, duplicate: triage.duplicateOf?.claimId ?? null });
      }
    }
  });
});
