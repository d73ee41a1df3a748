// biome-ignore-all format: word lists laid out by hand in rows; one entry a line would make them ten times longer
/**
 * English cue words for check-worthiness (check-worthiness-features.ts, and the retired hand-weighted scorer in
 * test/evaluation/legacy-scorer.ts): attribution, denial, comparison, change, statistics, opinion, prediction,
 * captions, questions. Plain data, lower-case; multi-word entries are matched on word boundaries.
 */

export const ATTRIBUTION_WORDS: ReadonlySet<string> = new Set(
  (
    'said says say told tells claimed claims claim reported reports stated states announced announces confirmed ' +
    'confirms insisted insists argued argues added adds wrote writes tweeted posted testified alleged alleges ' +
    'asserted asserts declared declares stressed noted remarked acknowledged admitted'
  ).split(' '),
);

export const DENIAL_WORDS: ReadonlySet<string> = new Set(
  'denied denies deny rejected rejects dismissed dismisses refuted refutes disputed disputes rebuffed'.split(' '),
);

/** Nouns that only describe the act of speaking or the source, not what was said. */
export const SPEECH_FILLER: ReadonlySet<string> = new Set(
  (
    'statement statements interview interviews report reports reporting claim claims allegation allegations accusation ' +
    'accusations comment comments remark remarks reporters reporter journalists press conference briefing ' +
    'spokesperson spokesman spokeswoman spokespeople news release post posts tweet video speech address ' +
    'rumour rumours rumor rumors story stories suggestion suggestions charge charges account accounts ' +
    'minister ministry official officials government office department agency company campaign party leader ' +
    'president senator governor mayor chief executive ceo chairman chairwoman lawyer lawyers attorney aide aides ' +
    'monday tuesday wednesday thursday friday saturday sunday morning afternoon evening night yesterday today ' +
    'earlier later week weekend day time wrongdoing any media outlet outlets newspaper broadcaster wire ' +
    'social network networks website platform'
  ).split(' '),
);

export const COMPARISON_PHRASES: readonly string[] = [
  'more than', 'less than', 'fewer than', 'higher than', 'lower than', 'greater than', 'larger than', 'smaller than',
  'as many as', 'as much as', 'at least', 'at most', 'twice as', 'three times', 'compared with', 'compared to',
  'the most', 'the least', 'record high', 'record low', 'all-time high', 'all-time low', 'for the first time',
  'outnumber', 'outnumbered', 'exceeded', 'exceeds', 'surpassed', 'overtook', 'doubled', 'tripled', 'halved',
  'highest', 'lowest', 'largest', 'biggest', 'smallest', 'fastest', 'slowest', 'deadliest', 'hottest', 'coldest',
  'wettest', 'driest', 'oldest', 'youngest', 'richest', 'poorest', 'longest', 'shortest', 'most', 'majority',
  'than', 'half of', 'a third of', 'a quarter of', 'one in', 'out of every', 'per capita', 'per head',
];

export const CHANGE_WORDS: ReadonlySet<string> = new Set(
  (
    'rose risen fell fallen increased decreased dropped declined climbed grew jumped surged soared plunged plummeted ' +
    'sank shrank slumped tumbled doubled tripled halved cut raised reduced expanded contracted dipped slipped ' +
    'spiked gained lost'
  ).split(' '),
);

/** Nouns that usually name a measurable quantity. */
export const STATISTIC_TERMS: ReadonlySet<string> = new Set(
  (
    'rate rates unemployment inflation gdp economy budget deficit debt population deaths death toll cases ' +
    'infections vaccinations emissions revenue revenues profit profits sales exports imports tax taxes wages wage ' +
    'salary salaries price prices cost costs spending funding poverty crime crimes murders homicides arrests ' +
    'votes turnout majority share percent percentage average median growth output births birth immigration ' +
    'migrants refugees asylum applications salary pension pensions rent rents mortgage interest tariffs tariff ' +
    'temperature temperatures rainfall acres hectares miles kilometres kilometers tonnes tons barrels ' +
    'enrolment enrollment graduates patients beds waiting list hospital hospitals schools teachers nurses ' +
    'police officers troops soldiers casualties jobs workers employees members subscribers users followers ' +
    'fine fines fined sentence sentenced jailed convicted fined'
  ).split(' '),
);

export const OPINION_PHRASES: readonly string[] = [
  'i think', 'i believe', 'i feel', 'i guess', 'i suppose', "i'm sure", 'i am sure', "i'm convinced",
  'i am convinced', 'we think', 'we believe', 'we feel', 'in my view', 'in my opinion', 'in our view',
  'it seems', 'it is time', "it's time", 'frankly', 'clearly', 'obviously', 'of course', 'needs to', 'need to',
  'ought to', 'has to', 'have to', 'let us', "let's", 'deserve', 'deserves', 'hopefully', 'sadly',
  'unfortunately', 'thankfully', 'shame on', 'what a', 'must be', 'must stop', 'must go', 'should be',
];

export const MODAL_OPINION_WORDS: ReadonlySet<string> = new Set(['should', 'shouldn\'t', 'must', 'ought', 'mustn\'t']);

export const EVALUATIVE_WORDS: ReadonlySet<string> = new Set(
  (
    'disgraceful disgrace shameful shameless outrageous ridiculous absurd pathetic terrible awful horrible horrific ' +
    'dreadful wonderful fantastic brilliant great amazing incredible beautiful disastrous disaster appalling ' +
    'unacceptable scandalous scandal reckless irresponsible incompetent stupid foolish silly sad excellent ' +
    'superb deplorable despicable heroic inspiring embarrassing embarrassment hypocritical hypocrisy courageous ' +
    'cowardly arrogant naive misguided wrongheaded dangerous insane crazy ugly lovely nice good bad worst best ' +
    'failure failed betrayal betrayed joke laughable shocking sickening vile evil noble fair unfair unjust ' +
    'remarkable extraordinary impressive disappointing disappointment tremendous fabulous genius idiotic ' +
    'inexcusable unforgivable insult insulting mess chaos chaotic nightmare triumph moving powerful stunning ' +
    'gripping breathtaking dull boring brave'
  ).split(' '),
);

export const PREDICTION_PHRASES: readonly string[] = [
  'will', "won't", "'ll", 'going to', 'is expected to', 'are expected to', 'was expected to', 'is likely to',
  'are likely to', 'likely to', 'is set to', 'are set to', 'is poised to', 'are poised to', 'on track to',
  'is projected to', 'are projected to', 'is forecast to', 'are forecast to', 'forecasts', 'predicts', 'predicted',
  'could', 'may', 'might', 'would', 'plans to', 'intends to', 'aims to', 'vows to', 'vowed to', 'promises to',
  'promised to', 'pledged to', 'next year', 'next month', 'next week', 'in the coming', 'in the future',
  'by the end of the decade', 'soon', 'expects', 'anticipates',
];

export const CAPTION_PREFIX =
  /^\s*(?:pictured|photo|photograph|photos|image|images|above|below|left|right|top|bottom|file photo|file|caption|video|watch|in pictures|gallery|illustration|screenshot|main picture|inset)\s*[:|\-–—]/i;

export const CAPTION_MARKERS: readonly string[] = [
  'pictured', 'shown here', 'seen here', 'is seen', 'are seen', 'photo by', 'photograph by', 'photo credit',
  'ap photo', 'reuters/', 'getty images', 'file photo', 'handout', 'poses for a photo', 'pose for a photo',
  'pictured here',
];

/** Present-tense verbs typical of photo captions ("A man walks past ..."). */
export const CAPTION_VERBS: ReadonlySet<string> = new Set(
  (
    'walks walk stands stand sits sit holds hold waves wave looks look poses pose gestures gesture arrives arrive ' +
    'leaves leave attends attend greets greet gather gathers wait waits queue queues march marches ride rides ' +
    'speaks speak listens listen smiles smile hugs hug kneels kneel cheers cheer watches watch carries carry ' +
    'inspects inspect shakes shake prays pray'
  ).split(' '),
);

export const QUESTION_STARTERS: ReadonlySet<string> = new Set(
  (
    'who what when where why how which whose whom is are was were do does did can could should would will has have ' +
    'had shall may might'
  ).split(' '),
);

export const FIRST_PERSON: ReadonlySet<string> = new Set(['i', "i'm", 'me', 'my', 'we', "we're", 'our', 'us']);
