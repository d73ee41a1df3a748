/** Names a claim mentions (capitalized words), as canonical tokens. */
import { MONTHS } from './lexicons/quantity-words.ts';
import { canonicalWord } from './canonical-words.ts';

const NAME_RE = /(^|[^\p{L}\p{N}'])(\p{Lu}[\p{L}\p{M}]+)('s)?/gu;

/**
 * Canonical tokens of capitalized words (names). A capitalized word at the start of the text or after sentence
 * punctuation counts only when possessive ('Ireland's'), since any first word is capitalized.
 */
export function nameTokens(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(NAME_RE)) {
    const start = m.index + (m[1] as string).length;
    const before = text.slice(0, start).trimEnd();
    const initial = before === '' || /[.!?:']$/.test(before);
    if (initial && m[3] === undefined) continue;
    const word = canonicalWord((m[2] as string).toLowerCase());
    if (word !== null && !word.startsWith('dir:') && !/^m\d\d$/.test(word)) out.add(word);
  }
  // Month names are quantities, not names.
  for (const name of [...out]) if (MONTHS.has(name)) out.delete(name);
  return [...out];
}
