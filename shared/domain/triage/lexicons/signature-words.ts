// biome-ignore-all format: word lists laid out by hand in rows; one entry a line would make them ten times longer
/**
 * Word lists for claim signatures (canonical-words.ts, canonical-tokens.ts): stop words, negations, and the
 * phrases, synonyms and irregular verbs that fold rewordings of one claim to the same tokens. Plain data, built once
 * at module load. Everything here is lower-case; multi-word entries are matched on word boundaries.
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
    'last this past recent recently latest new now currently ' +
    // when it was said, not what: "officials said on Tuesday" (and never a name, names.ts)
    'monday tuesday wednesday thursday friday saturday sunday yesterday today tonight'
  ).split(/\s+/),
);

export const NEGATIONS: ReadonlySet<string> = new Set(['not', 'no', 'never', "n't", 'none', 'nor', 'neither', 'without']);

/**
 * Phrase folding for signatures: newsroom rewordings of the same idea become one canonical token.
 * Longer phrases are tried first. Values may be '' (drop the phrase).
 */
export const PHRASE_SYNONYMS: ReadonlyArray<readonly [string, string]> = [
  // one disease, whatever a post calls it; the "19" of COVID-19 is not a quantity that could conflict with a count
  ['covid 19', 'covid'],
  ['sars cov 2', 'covid'],
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
  ['coronavirus', 'covid'],
  ['soldiers', 'troop'],
  ['soldier', 'troop'],
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
