/**
 * Attribution: who makes a claim, and what exactly they assert. In a transcript the claimant is the speaker of the
 * turn; in an article it is found in the reporting frame ("X said", "according to X", "X claimed", "sources within X
 * claimed", '"...," said X'), and the statement is the asserted content without the reporting verb. Pure: no I/O.
 */
import type { AttributionVia, DocumentClaimant } from '../../contracts/index.ts';

export type { AttributionVia, DocumentClaimant };

/** What attribution finds in one sentence; the analysis keeps its claimant, statement and `via` on the candidate (the stored record). */
export interface Attribution {
  claimant: DocumentClaimant | null;
  /** The asserted content, as a sentence. */
  statement: string;
  via: AttributionVia;
  /** The reporting verb that framed the statement ("said", "claimed"), when there was one. */
  reportingVerb?: string;
  /** True when the sentence reports a denial or dismissal ("X dismissed the report"). */
  denial: boolean;
}

const VERBS =
  'said|says|say|told|tells|claimed|claims|claim|alleged|alleges|insisted|insists|argued|argues|stated|states|announced|announces|reported|reports|estimated|estimates|warned|warns|added|adds|believes|believe|wrote|writes|tweeted|posted|suggested|suggests|maintained|maintains|asserted|asserts|confirmed|confirms|revealed|reveals|explained|noted|stressed|predicted|predicts|admitted|acknowledged|declared|testified|calculated|found|concluded|showed|shows';
const DENIALS = 'denied|denies|deny|dismissed|dismisses|rejected|rejects|refuted|refutes|disputed|disputes|rebuffed';
const WHEN = String.raw`(?:\s+(?:on|last|this|earlier|late|in)\s+(?:\p{Lu}\p{L}+|week|month|year|night|morning|evening|a\s+statement|an\s+interview|a\s+briefing|a\s+report)(?:\s+\p{L}+)?|\s+yesterday|\s+today|\s+on\s+\p{Lu}\p{L}+|\s+in\s+a\s+\p{L}+(?:\s+\p{L}+)?)?`;
const OPEN_Q = `["“‘']`;
const CLOSE_Q = `["”’']`;

const ORGANIZATION =
  /\b(?:ministry|department|intelligence|agency|government|kremlin|army|military|police|office|council|commission|committee|bank|company|corporation|inc|ltd|plc|party|institute|university|union|authority|authorities|officials|service|command|forces|white house|pentagon|parliament|court|board|group|association|federation|organisation|organization|centre|center|hur|nato|un|who|imf)\b/i;
const PERSON_TITLE = /\b(?:mr|mrs|ms|dr|prof|sir|president|minister|senator|spokesman|spokeswoman|spokesperson|chief|head|leader|secretary|general)\b/i;
const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i']);

function sentenceCase(s: string): string {
  const t = s
    .trim()
    .replace(/^["“‘']+|["”’']+$/g, '')
    .replace(/[,;:]+$/, '')
    .trim();
  if (t.length === 0) return t;
  const capital = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

/** Splits "Dr. Jenny Town, a senior fellow at the Stimson Center" into a name and a role. */
function claimantFrom(phrase: string, sources = false): DocumentClaimant | null {
  let p = phrase
    .trim()
    .replace(/[.,;:]+$/, '')
    .replace(/^(?:and|but|while)\s+/i, '');
  if (p.length === 0 || p.split(/\s+/).length > 14) return null;
  let role: string | undefined;
  const comma = p.indexOf(', ');
  if (comma > 0) {
    role = p.slice(comma + 2).trim();
    p = p.slice(0, comma).trim();
  }
  if (!/^[\p{Lu}\p{N}]/u.test(p) && !PRONOUNS.has(p.toLowerCase()) && !/^(?:the|a|an|some|many|several|two|three|local|senior|western|unnamed)\s/i.test(p))
    return null;
  const organization = sources || (ORGANIZATION.test(p) && !PERSON_TITLE.test(p));
  return {
    name: p,
    type: organization ? 'organization' : 'person',
    ...(sources ? { role: 'unnamed sources within' } : role ? { role } : {}),
  };
}

function verbWord(v: string): string {
  return v.toLowerCase();
}

interface Rule {
  re: RegExp;
  build: (m: RegExpExecArray) => Omit<Attribution, 'denial'> | null;
}

const RULES: Rule[] = [
  {
    // Sources within the Russian defence ministry claimed (that) ...
    re: new RegExp(
      String.raw`^(?:unnamed\s+|anonymous\s+|senior\s+)?sources?\s+(?:within|in|inside|close\s+to|at|from|familiar\s+with)\s+(.+?)\s+(${VERBS})${WHEN},?\s+(?:that\s+)?(.+)$`,
      'iu',
    ),
    build: (m) => ({ claimant: claimantFrom(m[1]!, true), statement: sentenceCase(m[3]!), via: 'sources', reportingVerb: verbWord(m[2]!) }),
  },
  {
    // According to X, ...
    re: /^according\s+to\s+([^,]+),\s+(.+)$/iu,
    build: (m) => ({ claimant: claimantFrom(m[1]!), statement: sentenceCase(m[2]!), via: 'according_to', reportingVerb: 'according to' }),
  },
  {
    // ..., according to X.
    re: /^(.+?),?\s+according\s+to\s+(.+?)\.?$/iu,
    build: (m) => ({ claimant: claimantFrom(m[2]!), statement: sentenceCase(m[1]!), via: 'according_to', reportingVerb: 'according to' }),
  },
  {
    // "...," said X / "...," X said (to reporters).
    re: new RegExp(
      String.raw`^${OPEN_Q}(.+?)[,.!?]?${CLOSE_Q},?\s+(?:(${VERBS})\s+(.+?)|(.+?)\s+(${VERBS})(?:\s+(?:reporters|journalists|the\s+\p{L}+|\p{Lu}\p{L}+))?${WHEN})\.?$`,
      'iu',
    ),
    build: (m) => ({
      claimant: claimantFrom(m[3] ?? m[4] ?? ''),
      statement: sentenceCase(m[1]!),
      via: 'quote',
      reportingVerb: verbWord(m[2] ?? m[5] ?? 'said'),
    }),
  },
  {
    // X said: "..."
    re: new RegExp(String.raw`^(.+?)\s+(${VERBS})${WHEN}:\s+${OPEN_Q}(.+?)${CLOSE_Q}\.?$`, 'iu'),
    build: (m) => ({ claimant: claimantFrom(m[1]!), statement: sentenceCase(m[3]!), via: 'quote', reportingVerb: verbWord(m[2]!) }),
  },
  {
    // X told reporters (that) ...
    re: /^(.+?)\s+(told|tells)\s+(?:\S+\s+){1,4}?that\s+(.+)$/iu,
    build: (m) => ({ claimant: claimantFrom(m[1]!), statement: sentenceCase(m[3]!), via: 'said', reportingVerb: verbWord(m[2]!) }),
  },
  {
    // X said / claimed (on Thursday) (that) ...
    re: new RegExp(String.raw`^(.+?)\s+(?:has\s+|have\s+|had\s+)?(${VERBS})${WHEN},?\s+(?:that\s+)?(.+)$`, 'iu'),
    build: (m) => {
      const claimant = claimantFrom(m[1]!);
      return claimant ? { claimant, statement: sentenceCase(m[3]!), via: 'said', reportingVerb: verbWord(m[2]!) } : null;
    },
  },
  {
    // ..., X said.
    re: new RegExp(String.raw`^(.+),\s+(?:(${VERBS})\s+(.+?)|(.+?)\s+(${VERBS}))\.?$`, 'iu'),
    build: (m) => {
      const claimant = claimantFrom(m[3] ?? m[4] ?? '');
      return claimant ? { claimant, statement: sentenceCase(m[1]!), via: 'said', reportingVerb: verbWord(m[2] ?? m[5] ?? 'said') } : null;
    },
  },
];

/** Quoted content that is itself a denial ("This is fake news"). */
const DENIAL_CONTENT =
  /\b(?:fake news|not true|untrue|nonsense|lies|a lie|canard|baseless|no truth|fabricat\w*|propaganda|groundless|never happened|no evidence)\b/i;

const DENIAL_RULE = new RegExp(String.raw`^(.+?)\s+(?:has\s+|have\s+|had\s+)?(${DENIALS})\b(.*)$`, 'iu');

export interface AttributionContext {
  /** Transcripts: the speaker of the turn. */
  speaker?: string;
  /** Claimants named earlier in the document, most recent last: resolve "he said" and "Mr. Budanov said". */
  earlier?: readonly DocumentClaimant[];
}

function resolve(claimant: DocumentClaimant | null, earlier: readonly DocumentClaimant[]): DocumentClaimant | null {
  if (claimant === null) return null;
  const lower = claimant.name.toLowerCase();
  if (PRONOUNS.has(lower)) {
    const last = earlier.at(-1);
    return last ?? null;
  }
  // "Mr. Budanov" after "Kyrylo Budanov": the full name already given.
  const surname = claimant.name.replace(/^(?:mr|mrs|ms|dr|prof)\.?\s+/i, '').trim();
  if (surname !== claimant.name && !surname.includes(' ')) {
    const full = [...earlier].reverse().find((e) => e.name !== claimant.name && new RegExp(String.raw`\b${surname}$`).test(e.name));
    if (full) return { ...full, ...(claimant.role ? { role: claimant.role } : {}) };
  }
  return claimant;
}

/** The claimant and the asserted content of one sentence. */
export function attribute(sentence: string, context: AttributionContext = {}): Attribution {
  const text = sentence.trim();
  const earlier = context.earlier ?? [];
  const denialMatch = DENIAL_RULE.exec(text);
  // A denial frames the sentence when the denying verb follows a short subject ("Kremlin spokesman Dmitry Peskov dismissed ...").
  const denial = denialMatch !== null && denialMatch[1]!.split(/\s+/).length <= 8 ? denialMatch : null;
  if (context.speaker !== undefined) {
    return {
      claimant: { name: context.speaker, type: 'person' },
      statement: sentenceCase(text),
      via: 'speaker_turn',
      denial: denial !== null || DENIAL_CONTENT.test(text),
    };
  }
  if (denial) {
    const claimant = resolve(claimantFrom(denial[1]!), earlier);
    if (claimant) return { claimant, statement: sentenceCase(text), via: 'denial', reportingVerb: verbWord(denial[2]!), denial: true };
  }
  for (const rule of RULES) {
    const m = rule.re.exec(text);
    if (!m) continue;
    const built = rule.build(m);
    if (built === null || built.claimant === null || built.statement.length < 3) continue;
    const quotedDenial = (built.via === 'quote' || built.via === 'said') && DENIAL_CONTENT.test(built.statement);
    return { ...built, claimant: resolve(built.claimant, earlier), denial: quotedDenial };
  }
  return { claimant: null, statement: sentenceCase(text), via: 'none', denial: false };
}

/** Attributes every sentence of a document in order, resolving pronouns and surnames to earlier claimants. */
export function attributeAll(sentences: ReadonlyArray<{ text: string; speaker?: string }>): Attribution[] {
  const earlier: DocumentClaimant[] = [];
  return sentences.map((s) => {
    const a = attribute(s.text, { ...(s.speaker !== undefined ? { speaker: s.speaker } : {}), earlier });
    if (a.claimant && (earlier.length === 0 || earlier.at(-1)!.name !== a.claimant.name)) earlier.push(a.claimant);
    return a;
  });
}
