import { describe, expect, it } from 'vitest';
import { attribute, attributeAll } from '../../../shared/domain/documents/attribution.ts';

describe('attribution', () => {
  it('"according to X": the claimant is X and the statement the asserted content', () => {
    expect(attribute("Some 3,000 North Korean troops are joining the Russian army, according to Ukraine's military intelligence.")).toMatchObject({
      claimant: { name: "Ukraine's military intelligence", type: 'organization' },
      statement: 'Some 3,000 North Korean troops are joining the Russian army.',
      via: 'according_to',
    });
    expect(attribute('According to the ONS, prices rose by 3.9% in March.')).toMatchObject({
      claimant: { name: 'the ONS' },
      statement: 'Prices rose by 3.9% in March.',
    });
  });

  it('"X said (that)" and "X claimed": the reporting verb is not part of the statement', () => {
    const a = attribute('Kyrylo Budanov, the head of HUR, said on Thursday that the soldiers had arrived in Vladivostok.');
    expect(a).toMatchObject({
      claimant: { name: 'Kyrylo Budanov', type: 'person', role: 'the head of HUR' },
      statement: 'The soldiers had arrived in Vladivostok.',
      reportingVerb: 'said',
    });
    expect(attribute('Ukrainian officials claimed North Korea has shipped 1.5 million shells.')).toMatchObject({
      claimant: { name: 'Ukrainian officials' },
      statement: 'North Korea has shipped 1.5 million shells.',
      reportingVerb: 'claimed',
    });
  });

  it('"sources within X claimed": X is the claimant, marked as unnamed sources', () => {
    expect(attribute('Sources within the Russian defence ministry claimed the number was "nowhere near 3,000".')).toMatchObject({
      claimant: { name: 'the Russian defence ministry', type: 'organization', role: 'unnamed sources within' },
      statement: 'The number was "nowhere near 3,000".',
      via: 'sources',
    });
  });

  it('quotations: \'"...," said X\' and \'"...," X said\'', () => {
    expect(attribute('"It is a worrying escalation," said Dr. Jenny Town, a senior fellow at the Stimson Center.')).toMatchObject({
      claimant: { name: 'Dr. Jenny Town', role: 'a senior fellow at the Stimson Center' },
      statement: 'It is a worrying escalation.',
      via: 'quote',
    });
    expect(attribute('“Unemployment fell to 4.1%,” the minister told reporters.')).toMatchObject({
      claimant: { name: 'the minister' },
      statement: 'Unemployment fell to 4.1%.',
    });
  });

  it('denials are recognised as such', () => {
    expect(attribute('Kremlin spokesman Dmitry Peskov dismissed the report as "another canard".')).toMatchObject({
      denial: true,
      via: 'denial',
      claimant: { name: 'Kremlin spokesman Dmitry Peskov' },
    });
    expect(attribute('"This is fake news," Mr. Peskov said.').denial).toBe(true);
    expect(attribute('Prices rose by 3.9% in March, the ONS said.').denial).toBe(false);
  });

  it('a transcript turn: the speaker is the claimant', () => {
    expect(attribute('Violent crime rose 12% last year', { speaker: 'Sen. Alvarez' })).toMatchObject({
      claimant: { name: 'Sen. Alvarez' },
      statement: 'Violent crime rose 12% last year.',
      via: 'speaker_turn',
    });
  });

  it('"he said" and "Mr. Budanov said" resolve to the claimant named earlier', () => {
    const [, second, third] = attributeAll([
      { text: 'Kyrylo Budanov said the soldiers had arrived.' },
      { text: '"They will be deployed within weeks," Mr. Budanov told reporters.' },
      { text: 'He said 500 officers were among them.' },
    ]);
    expect(second?.claimant?.name).toBe('Kyrylo Budanov');
    expect(third?.claimant?.name).toBe('Kyrylo Budanov');
    expect(third?.statement).toBe('500 officers were among them.');
  });

  it('an unattributed sentence has no claimant', () => {
    expect(attribute('Russia has 140 million inhabitants.')).toEqual({
      claimant: null,
      statement: 'Russia has 140 million inhabitants.',
      via: 'none',
      denial: false,
    });
  });
});
