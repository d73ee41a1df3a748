/**
 * Importing a newsroom's archive as archived verdicts: each valid record becomes a published claim with
 * verdict version 1 (rating as the newsroom wrote it, mapped onto our scale where it matches), the original
 * fact-check article as the verdict's evidence, a `claim.imported` event on its trail, and an entry in the
 * similar-claim index (so triage, the archive evidence provider and the verdict search find it).
 *
 * Idempotent: a record's claim id is derived from its fact-check URL and claim text (a ULID whose time is
 * the review date and whose randomness is a hash), and it is stored with one conditional transaction, so
 * importing the same file twice creates nothing new. Imported verdicts are not put in the partner change
 * feed and notify no one: they were published long ago, elsewhere.
 */
import { createHash } from 'node:crypto';
import type { Claim, ClaimEvent } from '../claim.ts';
import type { IndexedClaim, SimilarClaimIndex } from '../ports.ts';
import type { RatingLabel, RatingScale } from '../rating-scale.ts';
import { claimSignature } from '../triage/claim-signature.ts';
import { detectLanguage } from '../triage/language.ts';
import { normalizeStatement } from '../triage/normalize.ts';
import type { Verdict } from '../verdict.ts';
import { type ArchivedFactCheck, type ParsedArchive, parseArchive, type RecordError } from './claim-review-records.ts';

/** Stores one imported claim with its verdict and trail event, all or nothing; false when it already exists. */
export interface ArchiveStore {
  storeImported(claim: Claim, verdict: Verdict, event: ClaimEvent): Promise<boolean>;
  /** Whether the claim's entry is in the similar-claim index (a re-import indexes only what an earlier run did not). */
  isIndexed(claimId: string): Promise<boolean>;
}

export interface ImportReport {
  format: ParsedArchive['format'];
  records: number;
  imported: number;
  alreadyImported: number;
  errors: RecordError[];
  claimIds: string[];
}

export interface ImportDependencies {
  store: ArchiveStore;
  index: SimilarClaimIndex;
  scale: RatingScale;
  clock: { now(): Date };
  /** Event ids (ULIDs). */
  ids: { next(): string };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-shaped id (what every claim route accepts) fixed by the record: time from the review date, the rest from a hash. */
export function importedClaimId(record: Pick<ArchivedFactCheck, 'url' | 'claimReviewed' | 'reviewDate'>): string {
  const time = Math.max(0, Math.min(Date.parse(record.reviewDate) || 0, 2 ** 48 - 1));
  let t = '';
  let rest = time;
  for (let i = 0; i < 10; i++) {
    t = CROCKFORD[rest % 32] + t;
    rest = Math.floor(rest / 32);
  }
  const hash = createHash('sha256').update(`${record.url}\n${record.claimReviewed}`).digest();
  let r = '';
  for (let i = 0; i < 16; i++) r += CROCKFORD[(hash[i] as number) % 32];
  return t + r;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');

/**
 * The newsroom's rating on our scale: the same label (or id), else its position on an ordinal scale
 * (ratingValue between worstRating and bestRating) mapped onto our ordinal labels, else kept as written
 * under category `other`. The label shown is always the newsroom's own.
 */
export function importedRating(record: ArchivedFactCheck, scale: RatingScale): RatingLabel {
  const wanted = slug(record.textualRating);
  const same = scale.labels.find((l) => slug(l.label) === wanted || l.id === wanted);
  if (same) return { ...same, label: record.textualRating };
  const ordinal = scale.labels.filter((l) => l.value !== undefined).sort((a, b) => (a.value as number) - (b.value as number));
  const { ratingValue: v, bestRating: best, worstRating: worst } = record;
  if (v !== undefined && best !== undefined && worst !== undefined && best !== worst && ordinal.length > 0) {
    const position = Math.min(1, Math.max(0, (v - worst) / (best - worst)));
    const mapped = ordinal[Math.round(position * (ordinal.length - 1))] as RatingLabel;
    return { ...mapped, id: wanted || mapped.id, label: record.textualRating };
  }
  return { id: wanted || 'imported', label: record.textualRating, category: 'other' };
}

function toClaimAndVerdict(record: ArchivedFactCheck, deps: ImportDependencies, actor: string): { claim: Claim; verdict: Verdict; event: ClaimEvent } {
  const id = importedClaimId(record);
  const now = deps.clock.now().toISOString();
  const when = record.claimDate ?? record.reviewDate;
  const appearances = record.appearances.length > 0 ? record.appearances.map((a) => ({ url: a.url, date: a.date ?? when })) : [{ url: record.url, date: when }];
  const firstAppearance = [...appearances].sort((a, b) => Date.parse(a.date) - Date.parse(b.date))[0] as Claim['firstAppearance'];
  const language = detectLanguage(record.claimReviewed, record.language).code;
  const claim: Claim = {
    id,
    statement: record.claimReviewed,
    claimant: { name: record.claimant.slice(0, 200) },
    appearances,
    firstAppearance,
    language,
    tags: [],
    priority: 'normal',
    submittedBy: actor,
    status: 'published',
    createdAt: now,
    updatedAt: now,
    revision: 1,
    verdictVersion: 1,
  };
  const publishedAt = new Date(Date.parse(record.reviewDate)).toISOString();
  const verdict: Verdict = {
    claimId: id,
    version: 1,
    rating: importedRating(record, deps.scale),
    summary: record.summary ?? `Rated "${record.textualRating}" by ${record.publisher}.`,
    evidence: [
      {
        url: record.url,
        canonicalUrl: record.url,
        title: `${record.publisher}: ${record.textualRating}`,
        publisher: record.publisher,
        publishedAt,
        sourceRating: record.textualRating,
        provider: 'import',
        retrievedAt: now,
        relevance: 1,
      },
    ],
    reviewers: [],
    publishedAt,
    source: { publisher: record.publisher, url: record.url },
    claim: { statement: claim.statement, claimant: claim.claimant, appearances, firstAppearance, language },
  };
  const event: ClaimEvent = {
    claimId: id,
    id: deps.ids.next(),
    type: 'claim.imported',
    actor,
    at: now,
    // The headline and description are kept on the trail: the re-index (npm run reindex) rebuilds the entry from them.
    detail: {
      source: record.url,
      publisher: record.publisher,
      rating: record.textualRating,
      line: record.line,
      ...(record.headline ? { headline: record.headline } : {}),
      ...(record.description ? { description: record.description } : {}),
    },
  };
  return { claim, verdict, event };
}

/**
 * The index entry of an imported verdict: the claim's terms plus its headline's and its description's. A
 * fact-check's headline restates the claim in other words ("Did Clint Eastwood write the 'stick my neck out'
 * post?"), and its description (ClaimReview's `description`, the standfirst under the headline) often a third
 * time; on the CheckThat! dev splits, indexing titles beside the claims raised BM25's MAP@5 from 0.746 to 0.794
 * (2020 Task 2) and from 0.852 to 0.915 (2022 Task 2A); the description's effect is in notes/match.md. The
 * fingerprint, quantities and names stay the claim's own, so exact duplicates and conflicts are judged on what
 * was claimed, and the stored text (what the re-ranker compares) is the claim and headline only. `date` is the
 * fact-check's publication (the entry's IndexedClaim.date).
 */
export function indexEntry(claimId: string, statement: string, headline?: string, description?: string, language?: string, date?: string): IndexedClaim {
  const normalized = normalizeStatement(statement);
  // The headline and description are in the claim's language (detected from the claim when not given).
  const lang = language ?? detectLanguage(normalized).code;
  const signature = claimSignature(normalized, lang);
  const title = headline ? normalizeStatement(headline) : '';
  const standfirst = description ? normalizeStatement(description) : '';
  const extra = [title, standfirst].filter((t, i, all) => t !== '' && t !== normalized && all.indexOf(t) === i);
  const dated = date !== undefined ? { date: date.slice(0, 10) } : {};
  if (extra.length === 0) return { kind: 'verdict', claimId, signature, text: normalized.slice(0, 1000), ...dated };
  return {
    kind: 'verdict',
    claimId,
    signature: { ...signature, tokens: [...signature.tokens, ...extra.flatMap((t) => claimSignature(t, lang).tokens)] },
    text: (title !== '' && title !== normalized ? `${normalized} ${title}` : normalized).slice(0, 1000),
    ...dated,
  };
}

/** Imports an archive file's text (see claim-review-records.ts for the formats); bad records are reported, the rest load. */
export async function importArchive(deps: ImportDependencies, text: string, actor: string, concurrency = 8): Promise<ImportReport> {
  const parsed = parseArchive(text);
  const report: ImportReport = {
    format: parsed.format,
    records: parsed.records.length + parsed.errors.length,
    imported: 0,
    alreadyImported: 0,
    errors: [...parsed.errors],
    claimIds: [],
  };
  // The same fact-check twice in one file is one claim.
  const unique = [...new Map(parsed.records.map((r) => [importedClaimId(r), r])).values()];
  report.alreadyImported += parsed.records.length - unique.length;
  report.claimIds = unique.map((r) => importedClaimId(r));
  for (let i = 0; i < unique.length; i += concurrency) {
    await Promise.all(
      unique.slice(i, i + concurrency).map(async (record) => {
        const { claim, verdict, event } = toClaimAndVerdict(record, deps, actor);
        const created = await deps.store.storeImported(claim, verdict, event);
        if (created) report.imported++;
        else report.alreadyImported++;
        // Indexed after the transaction; a run cut off between the two is completed by the next import.
        if (created || !(await deps.store.isIndexed(claim.id)))
          // Dated by the fact-check's publication (reviewDate), as a verdict published here is.
          await deps.index.add(indexEntry(claim.id, claim.statement, record.headline, record.description, claim.language, verdict.publishedAt));
      }),
    );
  }
  report.errors.sort((a, b) => a.line - b.line);
  return report;
}
