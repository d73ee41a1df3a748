// biome-ignore-all format: word lists laid out by hand in rows; one entry a line would make them ten times longer
/**
 * Word lists used by triage. Plain data, built once at module load (a few hundred short strings).
 *
 * Everything here is lower-case. Multi-word entries are matched on word boundaries.
 */

/** English stop words plus newsroom filler that carries no claim content. Negations are NOT here. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then than that this these those there here of in on at to for from by with ' +
    'about as into onto over under within without between through during before after since until upon ' +
    'is are was were be been being am has have had having do does did doing done ' +
    'it its it\'s they them their theirs he him his she her hers we our ours you your yours i me my mine ' +
    'which who whom whose what when where why how also just only even still yet so too very really ' +
    'some any all each every both either neither such own same other another ' +
    'said says say saying told tell tells according reported reports report stated states announced ' +
    'claimed claims claim added noted wrote statement interview spokesperson spokesman spokeswoman ' +
    'last this past recent recently latest new now currently'
  ).split(/\s+/),
);

/** A few stop words for other common newsroom languages, so their signatures are not dominated by them. */
export const FOREIGN_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    // French
    'le la les un une des du de d l au aux et ou en dans sur pour par avec est sont a ont été être ce cette ces qui que ' +
    'selon dit a-t-il il elle ils elles se sa son ses leur leurs plus ' +
    // Spanish
    'el los las unos unas del al y o en es son fue fueron ha han que se su sus por para con como según dijo ' +
    // German
    'der die das den dem des ein eine einer eines und oder im in ist sind war waren hat haben wurde wurden zu mit von auf für nach laut sagte ' +
    // Portuguese / Italian (shared short forms)
    'os as um uma do da dos das no na nos nas foi il lo gli di della dei nel nella è sono'
  ).split(/\s+/),
);

export const NEGATIONS: ReadonlySet<string> = new Set(['not', 'no', 'never', "n't", 'none', 'nor', 'neither', 'without']);

/**
 * Phrase folding for signatures: newsroom rewordings of the same idea become one canonical token.
 * Longer phrases are tried first. Values may be '' (drop the phrase).
 */
export const PHRASE_SYNONYMS: ReadonlyArray<readonly [string, string]> = [
  ['united states of america', 'us'],
  ['united states', 'us'],
  ['united kingdom', 'uk'],
  ['great britain', 'uk'],
  ['european union', 'eu'],
  ['jobless rate', 'unemployment'],
  ['unemployment rate', 'unemployment'],
  ['rate of unemployment', 'unemployment'],
  ['jobless', 'unemployment'],
  ['inflation rate', 'inflation'],
  ['consumer prices', 'inflation'],
  ['cost of living', 'inflation'],
  ['gross domestic product', 'gdp'],
  ['economic output', 'gdp'],
  ['went down', 'dir:down'],
  ['gone down', 'dir:down'],
  ['go down', 'dir:down'],
  ['came down', 'dir:down'],
  ['went up', 'dir:up'],
  ['picked up', 'dir:up'],
  ['shut down', 'close'],
  ['shuts down', 'close'],
  ['closed down', 'close'],
  ['turned out', 'turnout'],
  ['in a row', 'consecutive'],
  ['on the trot', 'consecutive'],
  ['rose twofold', 'dir:up'],
  ['gone up', 'dir:up'],
  ['go up', 'dir:up'],
  ['shot up', 'dir:up'],
  ['more than', 'more'],
  ['greater than', 'more'],
  ['higher than', 'more'],
  ['in excess of', 'more'],
  ['at least', 'more'],
  ['less than', 'less'],
  ['fewer than', 'less'],
  ['lower than', 'less'],
  ['per cent', 'percent'],
  ['percentage points', 'point'],
  ['percentage point', 'point'],
  ['prime minister', 'pm'],
  ['according to', ''],
  ['in a statement', ''],
  ['on average', 'average'],
  ['a year earlier', 'yoy'],
  ['year on year', 'yoy'],
  ['year over year', 'yoy'],
  ['from a year ago', 'yoy'],
  ['compared with a year ago', 'yoy'],
];

/**
 * Single-word synonyms (applied before and after light stemming). An empty value drops the word. Direction of
 * change folds to "dir:up" / "dir:down", tokens the tokenizer cannot produce, so particles ("shut down", "set up")
 * never count as a direction.
 */
export const WORD_SYNONYMS: ReadonlyMap<string, string> = new Map<string, string>([
  // direction of change: down
  ...(
    'fell fall falls falling dropped drop drops dropping declined decline declines declining decreased decrease ' +
    'decreases decreasing dipped dip slipped slip slid slide plunged plunge plummeted plummet sank sink tumbled ' +
    'tumble shrank shrink shrunk contracted lowered lower reduced reduce reduction cut cuts slashed slash halved ' +
    'fallen eased ease retreated downturn slowed slowing slow cooled cooling moderated ' +
    // French, Spanish, Portuguese, German
    'baissé baisse chuté recule reculé diminué bajó cayó descendió disminuyó caiu diminuiu sank gesunken fiel'
  )
    .split(' ')
    .map((w): [string, string] => [w, 'dir:down']),
  // direction of change: up
  ...(
    'rose rise rises rising risen increased increase increases increasing climbed climb climbs climbing grew grow ' +
    'grows growing grown jumped jump jumps surged surge surges soared soar soars spiked spike rocketed skyrocketed ' +
    'doubled tripled quadrupled raised raise raises boosted boost expanded expand gained gain higher upturn ' +
    'accelerated accelerating quickened ' +
    'augmenté hausse grimpé progressé subió aumentó creció subiu aumentou cresceu stieg gestiegen'
  )
    .split(' ')
    .map((w): [string, string] => [w, 'dir:up']),
  // places and bodies
  ['shut', 'close'],
  ['closed', 'close'],
  ['closes', 'close'],
  ['closing', 'close'],
  ['closure', 'close'],
  ['final', ''],
  ['usa', 'us'],
  ['america', 'us'],
  ['american', 'us'],
  ['britain', 'uk'],
  ['british', 'uk'],
  ['eu', 'eu'],
  ['economy', 'gdp'],
  ['bloc', 'eu'],
  // units and magnitudes
  ['percent', 'percent'],
  ['pct', 'percent'],
  ['pc', 'percent'],
  ['over', 'more'],
  ['above', 'more'],
  ['exceeding', 'more'],
  ['exceeded', 'more'],
  ['topped', 'more'],
  ['under', 'less'],
  ['below', 'less'],
  ['nearly', 'about'],
  ['almost', 'about'],
  ['roughly', 'about'],
  ['approximately', 'about'],
  ['around', 'about'],
  ['some', 'about'],
  // people and roles
  ['premier', 'pm'],
  ['chancellor', 'pm'],
  ['legislators', 'lawmaker'],
  ['legislator', 'lawmaker'],
  ['lawmakers', 'lawmaker'],
  ['mps', 'lawmaker'],
  ['mp', 'lawmaker'],
  ['congressman', 'lawmaker'],
  ['congresswoman', 'lawmaker'],
  ['parliamentarians', 'lawmaker'],
  ['kids', 'child'],
  ['children', 'child'],
  ['youngsters', 'child'],
  ['people', 'person'],
  ['persons', 'person'],
  ['residents', 'person'],
  ['citizens', 'person'],
  ['deaths', 'death'],
  ['died', 'death'],
  ['killed', 'death'],
  ['fatalities', 'death'],
  ['jobs', 'job'],
  ['employment', 'job'],
  ['firms', 'company'],
  ['firm', 'company'],
  ['companies', 'company'],
  ['businesses', 'company'],
  ['government', 'government'],
  ['administration', 'government'],
  ['spending', 'pay'],
  ['spend', 'pay'],
  ['spends', 'pay'],
  ['spent', 'pay'],
  ['paid', 'pay'],
  ['pays', 'pay'],
  ['paying', 'pay'],
  ['payment', 'pay'],
  ['payments', 'pay'],
  ['expenditure', 'pay'],
  ['budget', 'budget'],
  ['homes', 'house'],
  ['housing', 'house'],
  ['houses', 'house'],
  ['wages', 'wage'],
  ['salaries', 'wage'],
  ['earnings', 'wage'],
  ['prices', 'price'],
  ['cost', 'price'],
  ['costs', 'price'],
  ['migrants', 'migrant'],
  ['immigrants', 'migrant'],
  ['immigration', 'migrant'],
  ['migration', 'migrant'],
  ['crimes', 'crime'],
  ['criminal', 'crime'],
  ['offences', 'crime'],
  ['offenses', 'crime'],
  ['hospitalised', 'hospital'],
  ['hospitalized', 'hospital'],
  ['hospitalisations', 'hospital'],
  ['hospitalizations', 'hospital'],
  ['vaccinated', 'vaccine'],
  ['vaccination', 'vaccine'],
  ['vaccinations', 'vaccine'],
  ['vaccines', 'vaccine'],
  ['emissions', 'emission'],
  ['pollution', 'emission'],
  ['temperatures', 'temperature'],
  ['taxes', 'tax'],
  ['taxation', 'tax'],
  ['nurses', 'nurse'],
  ['doctors', 'doctor'],
  ['physicians', 'doctor'],
  ['teachers', 'teacher'],
  ['students', 'student'],
  ['pupils', 'student'],
  ['percentage', 'percent'],
  ['annual', 'year'],
  ['annually', 'year'],
  ['yearly', 'year'],
  ['years', 'year'],
  ['monthly', 'month'],
  ['months', 'month'],
  ['weeks', 'week'],
  ['weekly', 'week'],
  ['daily', 'day'],
  ['days', 'day'],
]);

/**
 * Irregular English verb forms folded to their base form (regular ones are handled by the stemmer), and light
 * verbs that newsroom rewordings swap freely ("made", "gave", "received"): those fold to nothing.
 */
export const IRREGULAR_VERBS: ReadonlyMap<string, string> = new Map<string, string>([
  ['held', 'hold'], ['holds', 'hold'], ['won', 'win'], ['wins', 'win'], ['lost', 'lose'], ['sold', 'sell'],
  ['bought', 'buy'], ['built', 'build'], ['brought', 'bring'], ['kept', 'keep'], ['left', 'leave'], ['met', 'meet'],
  ['ran', 'run'], ['saw', 'see'], ['seen', 'see'], ['wrote', 'write'], ['written', 'write'], ['began', 'begin'],
  ['begun', 'begin'], ['chose', 'choose'], ['chosen', 'choose'], ['drove', 'drive'], ['flew', 'fly'],
  ['fought', 'fight'], ['found', 'find'], ['hid', 'hide'], ['led', 'lead'], ['lent', 'lend'], ['sent', 'send'],
  ['shot', 'shoot'], ['shut', 'shut'], ['struck', 'strike'], ['stole', 'steal'], ['swore', 'swear'],
  ['taught', 'teach'], ['thought', 'think'], ['threw', 'throw'], ['understood', 'understand'], ['woke', 'wake'],
  ['owed', 'owe'], ['borne', 'bear'], ['dealt', 'deal'], ['fed', 'feed'], ['heard', 'hear'], ['meant', 'mean'],
  // light verbs
  ['made', ''], ['make', ''], ['makes', ''], ['gave', ''], ['give', ''], ['given', ''], ['gives', ''],
  ['received', ''], ['receive', ''], ['receives', ''], ['got', ''], ['get', ''], ['gets', ''], ['took', ''],
  ['take', ''], ['taken', ''], ['takes', ''], ['imposed', ''], ['put', ''], ['came', ''], ['come', ''],
  ['there', ''], ['were', ''], ['became', ''], ['become', ''], ['hit', ''], ['reached', ''], ['reach', ''],
  ['totalled', ''], ['totaled', ''], ['stood', ''], ['stands', ''], ['amounted', ''], ['show', ''], ['shows', ''],
  ['showed', ''], ['figures', ''], ['data', ''],
]);

export const MONTHS: ReadonlyMap<string, number> = new Map<string, number>([
  ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['mar', 3], ['april', 4], ['apr', 4],
  ['may', 5], ['june', 6], ['jun', 6], ['july', 7], ['jul', 7], ['august', 8], ['aug', 8], ['september', 9],
  ['sep', 9], ['sept', 9], ['october', 10], ['oct', 10], ['november', 11], ['nov', 11], ['december', 12], ['dec', 12],
  // French, Spanish, German, Portuguese, Italian month names that differ from the English ones
  ['janvier', 1], ['février', 2], ['mars', 3], ['avril', 4], ['mai', 5], ['juin', 6], ['juillet', 7], ['août', 8],
  ['septembre', 9], ['octobre', 10], ['novembre', 11], ['décembre', 12],
  ['enero', 1], ['febrero', 2], ['marzo', 3], ['abril', 4], ['mayo', 5], ['junio', 6], ['julio', 7], ['agosto', 8],
  ['septiembre', 9], ['octubre', 10], ['noviembre', 11], ['diciembre', 12],
  ['januar', 1], ['februar', 2], ['märz', 3], ['juni', 6], ['juli', 7], ['oktober', 10], ['dezember', 12],
]);

/** Number words (English) and their values; scale words multiply. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map<string, number>([
  ['zero', 0], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7],
  ['eight', 8], ['nine', 9], ['ten', 10], ['eleven', 11], ['twelve', 12], ['thirteen', 13], ['fourteen', 14],
  ['fifteen', 15], ['sixteen', 16], ['seventeen', 17], ['eighteen', 18], ['nineteen', 19], ['twenty', 20],
  ['thirty', 30], ['forty', 40], ['fifty', 50], ['sixty', 60], ['seventy', 70], ['eighty', 80], ['ninety', 90],
  ['dozen', 12],
]);

export const SCALE_WORDS: ReadonlyMap<string, number> = new Map<string, number>([
  ['hundred', 100], ['thousand', 1e3], ['k', 1e3], ['million', 1e6], ['millions', 1e6], ['mn', 1e6], ['m', 1e6],
  ['billion', 1e9], ['billions', 1e9], ['bn', 1e9], ['b', 1e9], ['trillion', 1e12], ['tn', 1e12],
  ['milliard', 1e9], ['milliards', 1e9], ['mille', 1e3], ['mil', 1e3], ['millones', 1e6], ['millón', 1e6],
  ['millionen', 1e6], ['milliarden', 1e9], ['millions', 1e6],
]);

export const CURRENCY_WORDS: ReadonlyMap<string, string> = new Map<string, string>([
  ['$', '$'], ['dollar', '$'], ['dollars', '$'], ['usd', '$'],
  ['€', '€'], ['euro', '€'], ['euros', '€'], ['eur', '€'],
  ['£', '£'], ['pound', '£'], ['pounds', '£'], ['gbp', '£'], ['sterling', '£'],
  ['¥', '¥'], ['yen', '¥'], ['yuan', 'CN¥'], ['rupees', '₹'], ['₹', '₹'],
]);

// ---------------------------------------------------------------------------------------------------------------
// Check-worthiness lexicons (English)
// ---------------------------------------------------------------------------------------------------------------

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
