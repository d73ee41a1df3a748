/**
 * Documents: submit an article or transcript, read its ranked candidates, submit the chosen ones as claims.
 */
import type { CandidatePick, DocumentSubmission, PickOutcome } from '../../contracts/index.ts';
import type { DocumentProcessedData } from '../../contracts/webhooks.ts';
import { analyseSegments, type ClaimMatcher, type CheckWorthinessScorer } from '../documents/analysis.ts';
import type { DocumentProcessingQueue, DocumentRepository, FactDocument } from '../documents/document.ts';
import { htmlToText, looksLikeHtml } from '../documents/html.ts';
import { segmentDocument, segmentTranscript } from '../documents/segmentation.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../principals.ts';
import { detectLanguage } from '../triage/language.ts';
import type { Services } from './context.ts';
import { requestHash, submitClaim } from './submission.ts';

// What crosses the API (the submission, a pick, its outcome) and the stored document are records defined once, in
// shared/contracts/document.ts. The interfaces below are this service's ports and settings, built in process by the
// composition root (the settings from the parsed configuration, shared/contracts/configuration.ts).
export type { CandidatePick, PickOutcome } from '../../contracts/index.ts';

/** Reads a page at a URL through the SSRF-guarded outbound client. */
export interface DocumentFetcher {
  /** Throws DomainError('invalid', ..., { field: '/url', rule }) when the page cannot be read as text or HTML. */
  fetch(url: string): Promise<{ body: string; contentType: 'text/html' | 'text/plain'; finalUrl: string }>;
}

export interface DocumentSettings {
  /** Longest document text, in characters. */
  maxChars: number;
  /** Most speaker turns in a transcript. */
  maxTurns: number;
  /** Documents longer than this are processed asynchronously (202 and a link to poll). */
  syncMaxChars: number;
  /** How long a document and its candidates are kept. */
  ttlSeconds: number;
  /** Where `document.processed` webhooks go, when configured. */
  processedWebhook: { url: string; secret: string } | null;
}

export interface DocumentServices {
  documents: DocumentRepository;
  queue: DocumentProcessingQueue;
  scorer: CheckWorthinessScorer;
  matcher: ClaimMatcher;
  fetcher: DocumentFetcher;
  settings: DocumentSettings;
}

const invalid = (field: string, rule: string, message: string) => new DomainError('invalid', message, { field, rule });

/** The document's text and source kind, from text, HTML, a transcript or a URL. */
async function readInput(d: DocumentServices, input: DocumentSubmission): Promise<Pick<FactDocument, 'text' | 'source' | 'title' | 'turns' | 'url' | 'hints'>> {
  const given = [input.text !== undefined, input.turns !== undefined].filter(Boolean).length;
  if (given > 1) throw invalid('/text', 'one_of', 'send one of text, turns or url');
  if (input.turns !== undefined) {
    if (input.turns.length > d.settings.maxTurns) throw invalid('/turns', 'too_big', `a transcript may have at most ${d.settings.maxTurns} turns; split it`);
    const { text } = segmentTranscript(input.turns);
    return { text, source: 'transcript', turns: input.turns, ...(input.url ? { url: input.url } : {}) };
  }
  if (input.text !== undefined) {
    if (looksLikeHtml(input.text)) {
      const extracted = htmlToText(input.text);
      return {
        text: extracted.text,
        source: 'html',
        hints: extracted.hints,
        ...(extracted.title ? { title: extracted.title } : {}),
        ...(input.url ? { url: input.url } : {}),
      };
    }
    return { text: input.text, source: 'text', ...(input.url ? { url: input.url } : {}) };
  }
  if (input.url === undefined) throw invalid('/text', 'one_of', 'send one of text, turns or url');
  const page = await d.fetcher.fetch(input.url);
  if (page.contentType === 'text/html') {
    const extracted = htmlToText(page.body);
    return { text: extracted.text, source: 'url', url: input.url, hints: extracted.hints, ...(extracted.title ? { title: extracted.title } : {}) };
  }
  return { text: page.body, source: 'url', url: input.url };
}

function segmentsOf(document: FactDocument) {
  if (document.turns) return segmentTranscript(document.turns).segments;
  return segmentDocument({
    text: document.text,
    ...(document.title !== undefined ? { title: document.title } : {}),
    ...(document.hints ? { hints: document.hints } : {}),
  });
}

/**
 * Segments, scores and matches a stored document and saves the result. Safe to repeat (the result replaces the
 * previous one); a failure is recorded on the document rather than lost.
 */
export async function processDocument(s: Services, d: DocumentServices, id: string): Promise<FactDocument> {
  const document = await d.documents.get(id);
  if (!document) throw new DomainError('not_found', 'no document with this id');
  if (document.status === 'processed') return document;
  const now = s.clock.now().toISOString();
  try {
    const segments = segmentsOf(document);
    const language = document.language ?? detectLanguage(document.text.slice(0, 2000)).code;
    // The date its claims would be submitted with (submission below): when the document appeared.
    const analysis = await analyseSegments({ scorer: d.scorer, matcher: d.matcher }, segments, language, { date: document.publishedAt ?? document.createdAt });
    const done: FactDocument = { ...document, status: 'processed', language, segments, analysis, updatedAt: now };
    await d.documents.saveResult(done);
    await notifyProcessed(s, d, done);
    return done;
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'unavailable') throw err;
    const failed: FactDocument = { ...document, status: 'failed', failure: err instanceof Error ? err.name : 'unknown', updatedAt: now };
    await d.documents.saveResult(failed);
    return failed;
  }
}

async function notifyProcessed(s: Services, d: DocumentServices, document: FactDocument): Promise<void> {
  if (!d.settings.processedWebhook) return;
  const top = document.analysis?.candidates.slice(0, 5).map((c) => ({ segmentId: c.segmentId, statement: c.statement, score: c.score })) ?? [];
  // Delivery is best effort: the document is processed whether or not the submitter's system answers.
  await s.webhooks
    .send(d.settings.processedWebhook, {
      id: `document.processed:${document.id}`,
      type: 'document.processed',
      data: {
        documentId: document.id,
        status: document.status,
        candidates: document.analysis?.candidates.length ?? 0,
        top,
        link: `${s.settings.publicBaseUrl}/documents/${document.id}`,
      } satisfies DocumentProcessedData,
    })
    .catch(() => undefined);
}

/** The stored document and whether this request created it (a repeat with the same Idempotency-Key did not). */
export interface DocumentSubmissionOutcome {
  document: FactDocument;
  created: boolean;
}

export async function submitDocument(
  s: Services,
  d: DocumentServices,
  input: DocumentSubmission,
  principal: Principal,
  idempotencyKey?: string,
): Promise<DocumentSubmissionOutcome> {
  const read = await readInput(d, input);
  if (read.text.length > d.settings.maxChars) {
    throw invalid(
      read.source === 'transcript' ? '/turns' : '/text',
      'too_big',
      `the document's text is ${read.text.length} characters; at most ${d.settings.maxChars} are accepted`,
    );
  }
  const probe = read.turns
    ? segmentTranscript(read.turns).segments
    : segmentDocument({ text: read.text, ...(read.title ? { title: read.title } : {}), ...(read.hints ? { hints: read.hints } : {}) });
  if (!probe.some((x) => x.kind === 'sentence')) {
    throw invalid(
      read.source === 'transcript' ? '/turns' : read.source === 'url' ? '/url' : '/text',
      'no_sentences',
      'the document has no sentences to check (only a headline, captions, bylines or nothing at all)',
    );
  }
  const now = s.clock.now();
  const document: FactDocument = {
    id: s.ids.next(),
    status: 'processing',
    ...read,
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.publisher !== undefined ? { publisher: input.publisher } : {}),
    ...(input.publishedAt !== undefined ? { publishedAt: input.publishedAt } : {}),
    ...(input.language !== undefined ? { language: input.language } : {}),
    submittedBy: principal.id,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + d.settings.ttlSeconds,
    submissions: {},
  };
  const stored = await d.documents.create(
    document,
    idempotencyKey === undefined ? undefined : { principalId: principal.id, key: `document:${idempotencyKey}`, requestHash: requestHash(input) },
  );
  if (stored.document.status !== 'processing') return stored;
  // A repeat (same Idempotency-Key) of a document still processing queues or processes it again: processing is
  // idempotent, and a first attempt whose queueing failed (503) is otherwise never processed.
  if (stored.document.text.length > d.settings.syncMaxChars) {
    await d.queue.enqueue(stored.document.id);
    return stored;
  }
  return { document: await processDocument(s, d, stored.document.id), created: stored.created };
}

export async function readDocument(d: DocumentServices, id: string, principal: Principal): Promise<FactDocument> {
  const document = await d.documents.get(id);
  if (!document) throw new DomainError('not_found', 'no document with this id');
  if (principal.role !== 'admin' && principal.role !== 'reviewer' && document.submittedBy !== principal.id) {
    throw new DomainError('not_found', 'no document with this id');
  }
  return document;
}

/**
 * Submits the chosen candidates as claims through the normal submission path, with the document's URL and date as
 * their appearance and the document named in each claim's trail. Safe to retry: each pick's claim is keyed on the
 * document and the segment, so a repeat returns the claims first created.
 */
export async function submitDocumentClaims(
  s: Services,
  d: DocumentServices,
  id: string,
  picks: readonly CandidatePick[],
  principal: Principal,
): Promise<PickOutcome[]> {
  const document = await readDocument(d, id, principal);
  if (document.status !== 'processed' || !document.analysis) {
    throw new DomainError(
      'conflict',
      document.status === 'failed' ? 'the document could not be processed' : 'the document is still being processed; poll it and retry',
    );
  }
  const seen = new Set<string>();
  const resolved = picks.map((pick, i) => {
    if (seen.has(pick.segmentId)) throw invalid(`/claims/${i}/segmentId`, 'unique', 'each segment may be picked once per request');
    seen.add(pick.segmentId);
    const candidate = document.analysis!.candidates.find((c) => c.segmentId === pick.segmentId);
    if (!candidate) throw invalid(`/claims/${i}/segmentId`, 'candidate', `${pick.segmentId} is not a claim candidate of this document`);
    const claimant = pick.claimant ?? candidate.claimant ?? (document.publisher ? { name: document.publisher, type: 'organization' as const } : null);
    if (!claimant) throw invalid(`/claims/${i}/claimant`, 'required', `no claimant was found for ${pick.segmentId}; name one`);
    const statement = pick.statement ?? candidate.statement;
    if (statement.length < 10) throw invalid(`/claims/${i}/statement`, 'too_small', 'the statement is shorter than 10 characters; edit it');
    return { pick, candidate, claimant, statement };
  });
  const appearance = {
    url: document.url ?? `${s.settings.publicBaseUrl}/documents/${document.id}`,
    date: document.publishedAt ?? document.createdAt,
  };
  const outcomes: PickOutcome[] = [];
  for (const { pick, candidate, claimant, statement } of resolved) {
    const outcome = await submitClaim(
      s,
      {
        statement,
        claimant: {
          name: claimant.name,
          ...(claimant.type ? { type: claimant.type } : {}),
          ...(claimant.role ? { role: claimant.role } : {}),
          ...(pick.claimant?.affiliation ? { affiliation: pick.claimant.affiliation } : {}),
        },
        appearances: [appearance],
        context: `From document ${document.id}${document.title ? ` ("${document.title}")` : ''}: ${candidate.sentence}`.slice(0, 5000),
        ...(document.language && document.language !== 'und' ? { language: document.language } : {}),
        ...(pick.tags ? { tags: pick.tags } : {}),
        ...(pick.priority ? { priority: pick.priority } : {}),
      },
      principal,
      `document:${document.id}:${pick.segmentId}`,
      { document: { id: document.id, segmentId: pick.segmentId, ...(document.url ? { url: document.url } : {}) } },
    );
    if (document.submissions?.[pick.segmentId] !== outcome.claim.id)
      await d.documents.recordSubmission(document.id, pick.segmentId, outcome.claim.id, s.clock.now().toISOString());
    outcomes.push({ segmentId: pick.segmentId, claimId: outcome.claim.id, created: outcome.created });
  }
  return outcomes;
}
