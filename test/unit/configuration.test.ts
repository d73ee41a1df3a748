/**
 * Configuration is read once per process (shared/config.ts): a wrong variable is refused with its name and
 * the rule it breaks, and an operator's RATING_SCALE is checked like any other variable.
 */
import { describe, expect, it } from 'vitest';
import { readEnvironment, settingsFrom } from '../../shared/config.ts';
import { defaultRatingScale } from '../../shared/domain/rating-scale.ts';

const base = { TABLE_NAME: 'factflow-test' };
const scale = (labels: unknown[]) => JSON.stringify({ name: 'Desk scale', labels });

describe('configuration', () => {
  it('names the variable and the rule a value breaks', () => {
    expect(() => readEnvironment({ ...base, REVIEW_DEADLINE_SECONDS: 'two days' })).toThrow(/^invalid configuration: REVIEW_DEADLINE_SECONDS: /);
    expect(() => readEnvironment({ ...base, HIGH_PRIORITY_QUORUM: '0' })).toThrow(/HIGH_PRIORITY_QUORUM: Too small/);
    expect(() => readEnvironment({ ...base, TRIAGE_AUTO_CLOSE: 'yes' })).toThrow(/TRIAGE_AUTO_CLOSE: .*"true"\|"false"/);
    expect(() => readEnvironment({})).toThrow(/TABLE_NAME/);
  });

  it('uses the built-in rating scale unless RATING_SCALE is set, and then the operator’s', () => {
    expect(settingsFrom(readEnvironment(base), []).ratingScale).toEqual(defaultRatingScale);
    const desk = scale([
      { id: 'wrong', label: 'Wrong', category: 'false', value: 1 },
      { id: 'right', label: 'Right', category: 'true', value: 2 },
      { id: 'joke', label: 'Joke', category: 'other' },
    ]);
    const settings = settingsFrom(readEnvironment({ ...base, RATING_SCALE: desk }), []);
    expect(settings.ratingScale.labels.map((l) => l.id)).toEqual(['wrong', 'right', 'joke']);
    expect(settings.ratingScale.labels[2]).not.toHaveProperty('value');
  });

  it('refuses a RATING_SCALE that is not JSON, or breaks a rule of the scale, naming the part that does', () => {
    expect(() => readEnvironment({ ...base, RATING_SCALE: 'false,true' })).toThrow('invalid configuration: RATING_SCALE: not JSON');
    expect(() => readEnvironment({ ...base, RATING_SCALE: scale([]) })).toThrow(/RATING_SCALE: labels: a scale needs at least one label/);
    expect(() => readEnvironment({ ...base, RATING_SCALE: scale([{ id: 'Mostly False', label: 'Mostly false', category: 'mostly_false' }]) })).toThrow(
      /RATING_SCALE: labels\.0\.id: lower-case letters, digits and hyphens/,
    );
    expect(() => readEnvironment({ ...base, RATING_SCALE: scale([{ id: 'false', label: 'False', category: 'wrong' }]) })).toThrow(
      /RATING_SCALE: labels\.0\.category/,
    );
    const twice = scale([
      { id: 'false', label: 'False', category: 'false' },
      { id: 'false', label: 'Untrue', category: 'false' },
    ]);
    expect(() => readEnvironment({ ...base, RATING_SCALE: twice })).toThrow(
      'RATING_SCALE: labels.1.id: "false" is taken by an earlier label: each label needs an id of its own',
    );
  });
});
