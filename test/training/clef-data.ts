/**
 * Readers for the public CLEF CheckThat! check-worthiness splits, extracted under one folder (never committed):
 *
 *   <dir>/clef2019/*.tsv                                  2019 Task 1 debates, data/training (id, speaker, text, label)
 *   <dir>/clef2020t5/v2.0/training/*.tsv                  2020 Task 5 debates, data/v2.zip training
 *   <dir>/clef2022/CT22_<language>_1A_checkworthy_{train,dev}.tsv   2022 Task 1A tweets
 *   <dir>/clef2024/CT24_english_dev.tsv                   2024 Task 1 English dev sentences
 *   <dir>/clef2024/CT24_checkworthy_english_train.tsv     2024 Task 1 English train sentences (optional)
 *
 * Only train and dev splits are read. The debates have no official dev split, so whole debates are set aside
 * as dev by a fixed rule (DEV_DEBATES). 2020 Task 5 re-ships the 2019 training debates (read once, matched by date)
 * and two 2019 test debates (20181015_60_min, and 20160311_12_gop as 20160311_GOP_miami), which are dropped with
 * the other 2019 test debates so nothing held out is trained on.
 * See shared/models/check-worthiness/MODEL.md for how to extract the folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Example {
  text: string;
  label: 0 | 1;
  /** Group for MAP (one debate); undefined for tweet/sentence classification sets. */
  group?: string;
  speaker?: string;
  previous?: string;
  next?: string;
}

export interface DevSet {
  name: string;
  language: string;
  metric: 'MAP' | 'F1';
  examples: Example[];
}

/** 2019 Task 1 test debates (file names only): never trained on, wherever they turn up. */
const HELD_OUT_DEBATES = new Set([
  '20151219_3_dem',
  '20160129_7_gop',
  '20160311_12_gop',
  '20180131_state_union',
  '20181015_60_min',
  '20190205_trump_state',
  '20190215_trump_emergency',
]);

/** Debates set aside as the debates' dev split (chosen by name before any model was trained). */
export const DEV_DEBATES = new Set([
  '20160926_1pres',
  '20161019_3pres',
  '20170228_trump_address',
  '20180916_trump_miami',
  '20160415_NY_democratic_debate',
  '20160213_GOP_greenville',
  '20170424_Trump_AP_interview',
  '20160529_Sanders_MeetThePress',
]);

/** Speakers in the debates who host or ask (the role the model learns; at run time callers declare it). */
export const MODERATORS = new Set([
  'HOLT',
  'BLITZER',
  'QUIJANO',
  'COOPER',
  'RADDATZ',
  'WALLACE',
  'TODD',
  'MADDOW',
  'BASH',
  'MUIR',
  'TAPPER',
  'IFILL',
  'WOODRUFF',
  'HEWITT',
  'CELESTE',
  'LOUIS',
  'LEMON',
  'BAIER',
  'KELLY',
  'QUINTANILLA',
  'HARWOOD',
  'QUICK',
  'CAVUTO',
  'BARTIROMO',
  'BAKER',
  'DICKERSON',
  'GARRETT',
  'STRASSEL',
  'RAMOS',
  'SALINAS',
  'TUMULTY',
  'SCHIEFFER',
  'STEPHANOPOULOS',
  'MCELVEEN',
  'HAM',
  'ARRARAS',
  'STRAWBERRY',
  'LOPEZ',
  'SANTELLI',
  'EPPERSON',
  'HOST',
  'MODERATOR',
  'QUESTION',
  'AUDIENCE',
  'SYSTEM',
  'UNKNOWN',
  'ANNOUNCER',
  'CUOMO',
  'CHEN',
  'MITCHELL',
  'WILLIAMS',
  'REPORTER',
]);

export const LANGUAGES_2022: Record<string, string> = {
  en: 'english',
  es: 'spanish',
  ar: 'arabic',
  bg: 'bulgarian',
  nl: 'dutch',
  tr: 'turkish',
};

function unquote(field: string): string {
  return field.length >= 2 && field.startsWith('"') && field.endsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
}

function readDebate(file: string, group: string): Example[] {
  const rows = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));
  const out: Example[] = [];
  rows.forEach((r, i) => {
    const [, speaker = '', text = '', label = '0'] = r;
    const previous = rows[i - 1]?.[2];
    const next = rows[i + 1]?.[2];
    out.push({
      text,
      label: label.trim() === '1' ? 1 : 0,
      group,
      speaker,
      ...(previous !== undefined ? { previous } : {}),
      ...(next !== undefined ? { next } : {}),
    });
  });
  return out;
}

/** Debate sentences with the speaker's role as the model sees it (moderators and questions named as such). */
export function debateRoleName(speaker: string | undefined): string | undefined {
  if (speaker === undefined) return undefined;
  return MODERATORS.has(speaker.trim().toUpperCase()) ? 'MODERATOR' : speaker;
}

/**
 * The same debate ships under different names in 2019 and 2020 ("20170228_trump_address" and
 * "20170228_Trump_Congress_joint_session"; the 2019 test debate "20160311_12_gop" is 2020's "20160311_GOP_miami"),
 * so debates are identified by their date: one debate per date (no date in the data has two), held out or set
 * aside as dev by date.
 */
const dateOf = (name: string): string => name.slice(0, 8);
const HELD_OUT_DATES = new Set([...HELD_OUT_DEBATES].map(dateOf));
const DEV_DATES = new Set([...DEV_DEBATES].map(dateOf));

export function readDebates(dir: string): { train: Example[]; dev: Example[]; debates: number } {
  const files = new Map<string, { name: string; file: string }>();
  for (const sub of ['clef2019', path.join('clef2020t5', 'v2.0', 'training')]) {
    const d = path.join(dir, sub);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)
      .filter((n) => n.endsWith('.tsv'))
      .sort()) {
      const name = f.replace(/\.tsv$/, '');
      const date = dateOf(name);
      if (HELD_OUT_DATES.has(date) || files.has(date)) continue;
      files.set(date, { name, file: path.join(d, f) });
    }
  }
  const train: Example[] = [];
  const dev: Example[] = [];
  for (const [date, { name, file }] of files) (DEV_DATES.has(date) ? dev : train).push(...readDebate(file, name));
  return { train, dev, debates: files.size };
}

export function readTweets(dir: string, language: string, split: 'train' | 'dev'): Example[] {
  const long = LANGUAGES_2022[language];
  const file = path.join(dir, 'clef2022', `CT22_${long}_1A_checkworthy_${split}.tsv`);
  if (long === undefined || !existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const r = l.split('\t');
      return { text: r[3] ?? '', label: (r[4] ?? '').trim() === '1' ? 1 : 0 };
    });
}

/** A 2024 Task 1 English file (id, quoted sentence, Yes/No), header dropped; empty when the file is absent. */
function read2024English(file: string): Example[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const r = l.split('\t');
      return { text: unquote(r[1] ?? ''), label: (r[2] ?? '').trim() === 'Yes' ? (1 as const) : (0 as const) };
    });
}

export function read2024EnglishDev(dir: string): Example[] {
  return read2024English(path.join(dir, 'clef2024', 'CT24_english_dev.tsv'));
}

/**
 * 2024 Task 1 English train sentences (ClaimBuster's presidential debates, 1960-2016), without any sentence that is
 * also in a dev split (the 2016 general-election debates are among our dev debates too): nothing trained on is
 * measured. Empty when the file is absent.
 */
export function read2024EnglishTrain(dir: string): Example[] {
  const file = path.join(dir, 'clef2024', 'CT24_checkworthy_english_train.tsv');
  if (!existsSync(file)) return [];
  const key = (t: string) =>
    t
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const dev = new Set([...readDebates(dir).dev, ...read2024EnglishDev(dir)].map((e) => key(e.text)));
  return read2024English(file).filter((e) => e.text !== '' && !dev.has(key(e.text)));
}

/** Every dev split present under `dir`, with the official metric of its task. */
export function devSets(dir: string): DevSet[] {
  const sets: DevSet[] = [];
  const debates = readDebates(dir).dev;
  if (debates.length > 0) sets.push({ name: 'CheckThat! 2019+2020 debates (dev debates)', language: 'en', metric: 'MAP', examples: debates });
  for (const lang of Object.keys(LANGUAGES_2022)) {
    const ex = readTweets(dir, lang, 'dev');
    if (ex.length > 0) sets.push({ name: `CheckThat! 2022 1A tweets ${lang} (dev)`, language: lang, metric: 'F1', examples: ex });
  }
  const s24 = read2024EnglishDev(dir);
  if (s24.length > 0) sets.push({ name: 'CheckThat! 2024 Task 1 English sentences (dev)', language: 'en', metric: 'F1', examples: s24 });
  return sets;
}

export function dataDir(envName: string): string {
  const dir = process.env[envName] ?? process.env.FACTFLOW_EVAL_DATA;
  if (dir === undefined || !existsSync(dir)) {
    throw new Error(
      `${envName} (or FACTFLOW_EVAL_DATA) must name the folder the CheckThat! splits were extracted to; see shared/models/check-worthiness/MODEL.md`,
    );
  }
  return dir;
}
