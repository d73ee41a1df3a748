/**
 * MediaWiki Action API full-text search (list=search) — Wikipedia by default, any MediaWiki wiki by
 * configuration. https://www.mediawiki.org/wiki/API:Search
 *
 * API-level errors: MediaWiki reports them with HTTP 200 and a body `{ error: { code, info } }`. They are
 * mapped to `http_error` (an `EvidenceHttpError` with status 200), not `malformed_response`: the body is a
 * well-formed, documented answer saying the request failed, exactly like an HTTP error status, and some of
 * those codes (maxlag, ratelimited, readonly, internal_api_error_*) are transient and worth a retry, which
 * `transient` records for the retry policy. `malformed_response` is reserved for bodies that match neither
 * the result nor the error shape.
 */
import * as z from 'zod';
import { type EvidenceCandidate, type EvidenceProvider, type EvidenceQuery, EvidenceProviderError } from '../../domain/evidence.ts';
import { describeIssues, EvidenceHttpError, getJson, redactUrl, isoDateOrUndefined } from './http.ts';
import { htmlToText } from './text.ts';
import { MEDIAWIKI_PROVIDER, mediaWikiBaseTemplate } from './provider-names.ts';

export { MEDIAWIKI_DEFAULT_BASE_URL, MEDIAWIKI_PROVIDER } from './provider-names.ts';

const searchHitSchema = z.object({
  title: z.string(),
  pageid: z.number(),
  snippet: z.string(),
  timestamp: z.string(),
});
const searchResultSchema = z.object({ query: z.object({ search: z.array(searchHitSchema) }) });
const apiErrorSchema = z.object({ error: z.object({ code: z.string(), info: z.string() }) });
export type MediaWikiSearchResponse = z.infer<typeof searchResultSchema>;

/** API error codes that may clear on retry. */
function isTransientApiError(code: string): boolean {
  return code === 'maxlag' || code === 'ratelimited' || code === 'readonly' || code.startsWith('internal_api_error');
}

export interface MediaWikiOptions {
  /**
   * Wiki origin (plus optional path prefix), default https://en.wikipedia.org. The API is at
   * `{baseUrl}/w/api.php` and articles at `{baseUrl}/wiki/{title}`. A `{language}` placeholder is
   * replaced by the query's language (e.g. `https://{language}.wikipedia.org`).
   */
  baseUrl?: string;
  timeoutMs?: number;
  maxBytes?: number;
  fetchImpl?: typeof fetch;
}

/** srlimit bounds for anonymous clients. */
const MAX_SRLIMIT = 50;

/** "Wikipedia" for *.wikipedia.org, else the host name without `www.`. */
export function publisherForHost(host: string): string {
  const h = host.toLowerCase().replace(/^www\./, '');
  return h === 'wikipedia.org' || h.endsWith('.wikipedia.org') ? 'Wikipedia' : h;
}

/** `{baseUrl}/wiki/{title with spaces as _, encodeURIComponent}`. */
export function articleUrl(baseUrl: string, title: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/wiki/${encodeURIComponent(title.replace(/ /g, '_'))}`;
}

export class MediaWikiProvider implements EvidenceProvider {
  readonly name = MEDIAWIKI_PROVIDER;
  private readonly baseUrlTemplate: string;

  constructor(private readonly opts: MediaWikiOptions = {}) {
    this.baseUrlTemplate = mediaWikiBaseTemplate(opts.baseUrl);
  }

  private baseUrlFor(language: string): string {
    const lang = /^[a-z]{2,3}(-[a-z0-9]+)?$/i.test(language) ? language.toLowerCase() : 'en';
    return this.baseUrlTemplate.replace(/\{language\}/g, lang);
  }

  async search(query: EvidenceQuery, signal: AbortSignal): Promise<EvidenceCandidate[]> {
    const baseUrl = this.baseUrlFor(query.language);
    const url = new URL(`${baseUrl}/w/api.php`);
    const limit = Math.min(MAX_SRLIMIT, Math.max(1, Math.floor(query.limit)));
    url.search = new URLSearchParams({
      action: 'query',
      list: 'search',
      srsearch: query.statement,
      format: 'json',
      srlimit: String(limit),
      srprop: 'snippet|timestamp',
      utf8: '1',
    }).toString();

    const json = await getJson(url, {
      signal,
      label: this.name,
      ...(this.opts.timeoutMs !== undefined && { timeoutMs: this.opts.timeoutMs }),
      ...(this.opts.maxBytes !== undefined && { maxBytes: this.opts.maxBytes }),
      ...(this.opts.fetchImpl !== undefined && { fetchImpl: this.opts.fetchImpl }),
    });

    const apiError = apiErrorSchema.safeParse(json);
    if (apiError.success) {
      const { code, info } = apiError.data.error;
      throw new EvidenceHttpError(200, `${this.name}: API error ${code}: ${info.slice(0, 200)}`, {
        transient: isTransientApiError(code),
      });
    }
    const parsed = searchResultSchema.safeParse(json);
    if (!parsed.success) {
      throw new EvidenceProviderError(
        'malformed_response',
        `${this.name}: response does not match the list=search format: ${describeIssues(parsed.error.issues)} (GET ${redactUrl(url)})`,
      );
    }

    const publisher = publisherForHost(new URL(baseUrl).hostname);
    return parsed.data.query.search.slice(0, Math.max(0, query.limit)).map((hit) => {
      const candidate: EvidenceCandidate = { url: articleUrl(baseUrl, hit.title), title: hit.title, publisher };
      const snippet = htmlToText(hit.snippet);
      if (snippet) candidate.snippet = snippet;
      // `timestamp` is the page's last revision time: the closest thing to a publication date a wiki
      // page has, and what tells a reviewer how current the text they will read is.
      const publishedAt = isoDateOrUndefined(hit.timestamp);
      if (publishedAt) candidate.publishedAt = publishedAt;
      return candidate;
    });
  }
}

export function createMediaWikiProvider(opts: MediaWikiOptions = {}): EvidenceProvider {
  return new MediaWikiProvider(opts);
}
