/**
 * A synthetic newsroom archive for the benches: English claim statements of the kind a desk checks (a
 * figure about a topic in a place, said by someone), deterministic by index. The common words (topics,
 * verbs, "said", units, years) recur across thousands of claims as they do in a real archive, so the
 * similar-claim index's common terms fill their posting shards; places and people are drawn from a long
 * Zipf-distributed tail of made-up names, so most claims also carry a rare term. The bench's own claims
 * (test/bench/claim-harness.ts, cost.ts) share topics with this archive but none of its places, sources
 * or figures, so they find related claims here, not duplicates (triage's duplicate threshold is a
 * similarity of 0.35: with the bench's sources and one-decimal figures, a stored "Unemployment in X fell by
 * 4.1% ..., the statistics office said" closed the happy path's claim as its duplicate).
 */
import { seededRandom } from '../evaluation/metrics.ts';

const TOPICS = [
  'unemployment',
  'inflation',
  'youth unemployment',
  'rent',
  'house prices',
  'electricity prices',
  'petrol prices',
  'bus fares',
  'hospital waiting lists',
  'emergency room waiting times',
  'violent crime',
  'burglaries',
  'school class sizes',
  'teacher vacancies',
  'tourism revenue',
  'wine exports',
  'wheat yields',
  'rainfall',
  'carbon emissions',
  'air pollution',
  'the number of trees planted',
  'public debt',
  'the minimum wage',
  'child poverty',
  'homelessness',
  'road deaths',
  'broadband coverage',
  'vaccination rates',
  'birth rates',
  'migrant arrivals',
  'police numbers',
  'defence spending',
  'foreign investment',
  'food bank use',
  'water bills',
  'pension payments',
  'university fees',
  'factory output',
  'recycling rates',
  'train delays',
];
const RISES = ['rose', 'fell', 'doubled', 'halved', 'grew', 'dropped', 'climbed', 'declined', 'tripled', 'eased', 'jumped', 'slumped'];
const SOURCES = [
  'the finance minister claimed',
  'according to a viral post',
  'a campaign leaflet says',
  'the governor told reporters',
  'a union spokesperson said',
  'the health minister said',
  'a television pundit claimed',
  'the prime minister said in parliament',
  'according to a widely shared video',
  'a local councillor wrote online',
  'the regional audit office reported',
  'a think tank claimed',
  'the police commissioner said',
];
const UNITS = ['%', ' percent', ' million euros', ' billion dollars', ' people', ' tonnes', ' cases', ' jobs'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ten', 'vo', 'su', 'del', 'pra', 'ni', 'gor', 'e', 'ul', 'sta', 'bri', 'mon', 'ze', 'tu', 'fa', 'rin'];

/** Made-up proper names (places, people), the archive's long tail. */
function names(size: number): string[] {
  const r = seededRandom(11);
  const out = new Set<string>();
  while (out.size < size) {
    const n = 2 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    out.add(w[0]!.toUpperCase() + w.slice(1));
  }
  return [...out];
}

const NAMES = names(20_000);
/** Cumulative Zipf(1) weights over NAMES, for sampling by inverse CDF. */
const CDF = NAMES.reduce<number[]>((acc, _, i) => {
  acc.push((acc.at(-1) ?? 0) + 1 / (i + 1));
  return acc;
}, []);

function zipfName(r: () => number): string {
  const x = r() * (CDF.at(-1) as number);
  let lo = 0;
  let hi = CDF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((CDF[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return NAMES[lo] as string;
}

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)] as T;

/** The i-th statement of the archive (the same i always gives the same statement). */
export function archiveStatement(i: number): string {
  const r = seededRandom(1_000_003 + i * 7919);
  const topic = pick(TOPICS, r);
  const place = zipfName(r);
  // Two decimals: never one of the bench's own figures (4.1%, 2.3%, 310 million...).
  const figure = `${(1 + r() * 95).toFixed(2)}${pick(UNITS, r)}`;
  const year = 2012 + Math.floor(r() * 14);
  const source = pick(SOURCES, r);
  switch (i % 4) {
    case 0:
      return `${cap(topic)} in ${place} ${pick(RISES, r)} by ${figure} in ${year}, ${source}.`;
    case 1:
      return `${place} spent ${figure} on ${topic} in ${year}, more than any other county, ${source}.`;
    case 2:
      return `${cap(topic)} ${pick(RISES, r)} to ${figure} under mayor ${zipfName(r)} of ${place} since ${year}, ${source}.`;
    default:
      return `${cap(source)} that ${topic} in ${place} ${pick(RISES, r)} ${Math.floor(2 + r() * 9)} times since ${year}.`;
  }
}
