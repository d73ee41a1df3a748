/**
 * Cleaning tweets and web text before matching. What is removed carries no claim: links, @handles, the date
 * stamp of the "— Name (@handle) January 6, 2020" signature an embedded tweet ends with (the name stays: the
 * claimant is often what a fact-check is about), "pic.twitter.com/…" stubs, and
 * hashtag marks (the word stays: "#AustralianFires" becomes "Australian Fires"), and emoji. The date stamps and URL digits
 * removed here are what used to trip the "conflicting numbers" rule.
 */
const TRAILING_DATE = /(?:^|\s)(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}\s*$/u;
import { remove as removeConfusables } from 'confusables';

/**
 * Links. A tweet's link is often glued to the word before it ("#IranUsapic.twitter.com/…", "crafthttps://t.co/…"),
 * so the scheme and the pic.twitter.com stub match anywhere, not only at a word boundary: otherwise the tail of the
 * link went and "usapic" or "crafthttps" stayed as a word.
 */
const URL = /(?:https?:\/\/|\bwww\.)\S+|pic\.twitter\.com\/\S*|\b[a-z0-9-]+\.(?:com|org|net|co|ly|gov|io)\/\S*/giu;
/**
 * Emoji and their parts (skin tones, the variation selector U+FE0F, joiners, keycaps, flag letters), and ®/©/™. The
 * variation selector is a combining mark, so a golfer emoji glued to "sylvie" gave the word "\ufe0fsylvie"; a keycap
 * three gave the number 3.
 */
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\ufe0e|\ufe0f|\u20e3|\d(?=\ufe0f?\u20e3)/gu;
const HANDLE = /(^|[^\w@])@(\w{1,30})/gu;
/** The "(@handle)" after the author's name in an embedded tweet's signature: the name is already there. */
const SIGNATURE_HANDLE = /\(@\w{1,30}\)/gu;
const HASHTAG = /#([\p{L}\p{N}_]+)/gu;

/** Splits a CamelCase hashtag into words ("AustralianFires" → "Australian Fires"). */
function splitHashtag(tag: string): string {
  return tag
    .replace(/_/g, ' ')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2');
}

const LATIN = /\p{Script=Latin}/u;
const OTHER_SCRIPT = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * Folds look-alike letters (Unicode confusables, via the `confusables` package) in words that mix Latin with
 * another script — "Раris" with a Cyrillic Р and а — so a disguised copy of a claim has the same fingerprint.
 * Words in one script are left alone: a Bulgarian or Greek statement must stay what it is.
 */
export function foldConfusables(text: string): string {
  return text.replace(/\S+/gu, (word) => (LATIN.test(word) && OTHER_SCRIPT.test(word) ? removeConfusables(word) : word));
}

export function cleanText(text: string): string {
  return (
    foldConfusables(text.normalize('NFKC'))
      .replace(URL, ' ')
      .replace(EMOJI, ' ')
      .replace(TRAILING_DATE, ' ')
      .replace(SIGNATURE_HANDLE, ' ')
      // A handle inside the text often names whom the claim is about: "@IvankaTrump" becomes "Ivanka Trump".
      .replace(HANDLE, (_, before: string, handle: string) => `${before} ${splitHashtag(handle)} `)
      .replace(HASHTAG, (_, tag: string) => ` ${splitHashtag(tag)} `)
      .replace(/\s+/g, ' ')
      .trim()
  );
}
