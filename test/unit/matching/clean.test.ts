import { describe, expect, it } from 'vitest';
import { cleanText } from '../../../shared/domain/matching/clean.ts';

describe('cleaning tweets before matching', () => {
  it('keeps the words of a handle inside the text: it often names whom the claim is about', () => {
    expect(cleanText("Don't be fooled, this is @IvankaTrump clothing line!")).toBe("Don't be fooled, this is Ivanka Trump clothing line!");
    expect(cleanText('Senator @marcorubio will you delete this?')).toBe('Senator marcorubio will you delete this?');
  });

  it("drops the author's handle and date stamp of an embedded tweet's signature, keeping the name", () => {
    expect(cleanText('Polls look bad for Obama. - Donald J. Trump (@realDonaldTrump) October 17, 2012')).toBe('Polls look bad for Obama. - Donald J. Trump');
  });

  it('splits CamelCase hashtags and handles, acronyms included', () => {
    expect(cleanText('#AustralianFires seen by @BBCJamesCook')).toBe('Australian Fires seen by BBC James Cook');
  });

  it('drops links', () => {
    expect(cleanText('Look https://t.co/abc123 pic.twitter.com/xyz')).toBe('Look');
  });

  it('drops a link glued to the word before it, leaving the word whole', () => {
    expect(cleanText('Happy #Hanukkahpic.twitter.com/Z44efALcX5')).toBe('Happy Hanukkah');
    expect(cleanText('Minecraft crafthttps://t.co/xyz is shut down')).toBe('Minecraft craft is shut down');
  });

  it('drops emoji and their parts, so no emoji joins a word or makes a number', () => {
    expect(cleanText('🏌🏼\u200d♀️sylvie won 3️⃣ times 🇨🇦')).toBe('sylvie won times');
    expect(cleanText('spree🤬 Equiano® done 😂😂')).toBe('spree Equiano done');
  });
});
