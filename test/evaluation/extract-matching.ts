/**
 * The file-shaping half of extract-matching.sh (which fetches and unpacks; run that, not this): reads the unpacked
 * CheckThat! files from WORK and writes the one-record-per-line TSVs `npm run eval:matching` takes into OUT.
 *
 * The published TSVs quote a field that holds a quote, tab or line break the way CSV does ("…""…""…", 14 of 2020's
 * claims span two lines); eval:matching reads one line per record, so fields are unquoted and their tabs and line
 * breaks become spaces.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Rows of a tab-separated file whose fields may be quoted CSV-style. */
export function parseQuotedTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let atFieldStart = true;
  while (i < text.length) {
    const c = text[i] as string;
    if (atFieldStart && c === '"') {
      // A quoted field runs to the quote that is not doubled.
      i++;
      for (;;) {
        const end = text.indexOf('"', i);
        if (end < 0) {
          field += text.slice(i);
          i = text.length;
          break;
        }
        field += text.slice(i, end);
        if (text[end + 1] === '"') {
          field += '"';
          i = end + 2;
        } else {
          i = end + 1;
          break;
        }
      }
      atFieldStart = false;
      continue;
    }
    atFieldStart = false;
    if (c === '\t') {
      row.push(field);
      field = '';
      atFieldStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      atFieldStart = true;
    } else field += c;
    i++;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const oneLine = (s: string): string => s.replace(/[\t\r\n]+/g, ' ').trim();

function writeTsv(path: string, rows: ReadonlyArray<readonly string[]>): void {
  writeFileSync(path, `${rows.map((r) => r.map(oneLine).join('\t')).join('\n')}\n`);
}

function readQrelLines(path: string): Array<[string, string]> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4 && Number(f[3]) > 0)
    .map((f) => [f[0] as string, f[2] as string]);
}

function writeQrels(path: string, pairs: ReadonlyArray<[string, string]>): void {
  writeFileSync(path, `${pairs.map(([q, d]) => `${q}\t0\t${d}\t1`).join('\n')}\n`);
}

/** Queries of a split: the rows of the queries file whose ids its qrels judge (the header row has none). */
function split(queries: string[][], qrels: ReadonlyArray<[string, string]>): string[][] {
  const judged = new Set(qrels.map(([q]) => q));
  return queries.filter((r) => judged.has((r[0] ?? '').trim())).map((r) => [(r[0] as string).trim(), r.slice(1).join(' ')]);
}

const key = (s: string | undefined): string => oneLine(s ?? '').toLowerCase();

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const iso = (y: string, month: string, d: string): string => {
  const m = MONTHS.indexOf(month.toLowerCase());
  return m < 0 ? '' : `${y}-${String(m + 1).padStart(2, '0')}-${d.padStart(2, '0')}`;
};

/**
 * When a tweet appeared, as a fact-checker submitting it gives it (the claim's firstAppearance date): the date an
 * embedded tweet's signature ends with ("— Name (@handle) January 6, 2020"); '' when the text has none.
 */
export function tweetDate(text: string): string {
  const m = /(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})\s*$/u.exec(text.trim());
  return m ? iso(m[3] as string, m[1] as string, m[2] as string) : '';
}

/** A Snopes fact-check's date as 2022's vclaims give it ("26 May 2015"), as yyyy-mm-dd; '' when missing. */
export function factCheckDate(date: string | undefined): string {
  const m = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/u.exec((date ?? '').trim());
  return m ? iso(m[3] as string, m[2] as string, m[1] as string) : '';
}

/** The queries of a split with a third column, the tweet's date (tweetDate). */
const dated = (queries: string[][]): string[][] => queries.map((r) => [r[0] as string, r[1] ?? '', tweetDate(r[1] ?? '')]);

/** Each 2020 claim's twin in 2022's collection (the same Snopes claim text; the same title when the text is on several). */
function twins2020(docs2020: string[][], docs2022: string[][]): Map<string, string[]> {
  const byClaim = new Map<string, string[][]>();
  for (const d of docs2022) byClaim.set(key(d[1]), [...(byClaim.get(key(d[1])) ?? []), d]);
  const out = new Map<string, string[]>();
  for (const d of docs2020) {
    const same = byClaim.get(key(d[1])) ?? [];
    const match = same.find((c) => key(c[2]) === key(d[2])) ?? same[0];
    if (match) out.set(d[0] as string, match);
  }
  return out;
}

/**
 * 2020's claims that 2022's collection holds too, each with 2022's subtitle as a fourth column (2020 published no
 * subtitles) and its date as a fifth. Only those claims are written, so that with and without descriptions every
 * document of the collection is treated alike.
 */
function describe2020(docs2020: string[][], docs2022: string[][]): string[][] {
  const twins = twins2020(docs2020, docs2022);
  return docs2020.flatMap((d) => {
    const match = twins.get(d[0] as string);
    return match?.[3] ? [[d[0] as string, d[1] ?? '', d[2] ?? '', match[3], match[4] ?? '']] : [];
  });
}

function main(work: string, out: string): void {
  const counts: Record<string, number> = {};
  const v3 = join(work, 'v3.0');
  for (const name of ['train', 'dev'] as const) {
    const qrels = readQrelLines(join(v3, name, 'tweet-vclaim-pairs.qrels'));
    const queries = split(parseQuotedTsv(readFileSync(join(v3, name, 'tweets.queries.tsv'), 'utf8')), qrels);
    writeTsv(join(out, `2020-${name}.queries.tsv`), dated(queries));
    writeQrels(join(out, `2020-${name}.qrels`), qrels);
    counts[`2020 ${name} queries`] = queries.length;
  }
  const docs2020 = parseQuotedTsv(readFileSync(join(v3, 'verified_claims.docs.tsv'), 'utf8')).filter((r) => /^\d+$/.test((r[0] ?? '').trim()));

  const queries2022 = parseQuotedTsv(readFileSync(join(work, 'q2022.tsv'), 'utf8'));
  for (const name of ['train', 'dev'] as const) {
    const qrels = readQrelLines(join(work, `${name}2022.qrels`));
    const queries = split(queries2022, qrels);
    writeTsv(join(out, `2022-${name}.queries.tsv`), dated(queries));
    writeQrels(join(out, `2022-${name}.qrels`), qrels);
    counts[`2022 ${name} queries`] = queries.length;
  }
  const dir = join(work, 'vclaims');
  const docs2022: string[][] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const c = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { vclaim_id?: string; vclaim?: string; title?: string; subtitle?: string; date?: string };
    docs2022.push([c.vclaim_id ?? file.replace(/\.json$/, ''), c.vclaim ?? '', c.title ?? '', c.subtitle ?? '', factCheckDate(c.date)]);
  }
  writeTsv(join(out, '2022.collection.tsv'), docs2022);
  counts['2022 collection'] = docs2022.length;
  // 2020 published no dates: a claim 2022's collection holds too takes its date from there (an empty description column before it).
  const dates2020 = twins2020(docs2020, docs2022);
  writeTsv(
    join(out, '2020.collection.tsv'),
    docs2020.map((d) => [d[0] as string, d[1] ?? '', d[2] ?? '', '', dates2020.get(d[0] as string)?.[4] ?? '']),
  );
  counts['2020 collection'] = docs2020.length;
  counts['2020 claims with a date'] = [...dates2020.values()].filter((d) => d[4]).length;
  const described = describe2020(docs2020, docs2022);
  writeTsv(join(out, '2020-described.collection.tsv'), described);
  counts['2020 claims with a description'] = described.length;
  console.log(JSON.stringify({ out, ...counts }));
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv[2] as string, process.argv[3] as string);
