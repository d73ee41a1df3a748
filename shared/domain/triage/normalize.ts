/**
 * Text normalization for submitted statements. Pure and cheap: regular expressions only.
 */

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u2035\u02BC\u02BB\u0060\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u2036\u00AB\u00BB\u2039\u203A\u301D\u301E\u301F]/g;
/** Dash punctuation (hyphen, en/em dashes, ...) plus the minus sign. */
const DASHES = /[\p{Pd}\u2212]/gu;
/** Line and paragraph breaks and other whitespace controls become spaces before controls are dropped. */
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
/** Remaining control characters (Cc) and invisible format characters (Cf: zero-width space/joiners, BOM, bidi marks, soft hyphen). */
const INVISIBLES = /[\p{Cc}\p{Cf}]/gu;
const SPACES = /\s+/g;

/**
 * Normalize a statement for storage and comparison: Unicode NFKC (full-width forms, ligatures, non-breaking spaces),
 * curly quotes and apostrophes to straight ones, all dashes to "-", zero-width and control characters removed,
 * whitespace collapsed and trimmed. Case and wording are kept: this is still the text a reviewer reads.
 */
export function normalizeStatement(text: string): string {
  return text
    .normalize('NFKC')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(WHITESPACE_CONTROLS, ' ')
    .replace(INVISIBLES, '')
    .replace(SPACES, ' ')
    .trim();
}
