/**
 * A generic evidence provider for any search API that answers a GET with JSON, configured by an operator
 * (see `EVIDENCE_HTTP_PROVIDERS` in configured-providers.ts):
 *
 *   {
 *     "name": "example-search",
 *     "urlTemplate": "https://example.org/search?q={query}&lang={language}&limit={limit}",
 *     "headers": { "x-api-key": "…" },
 *     "resultsPath": "data.items",
 *     "fields": { "url": "link", "title": "headline", "snippet": "summary", "publisher": "source.name", "publishedAt": "date" }
 *   }
 *
 * Placeholders `{query}` (the claim statement), `{language}`, `{limit}` and `{claimant}` are replaced
 * URL-encoded. Paths are dotted (`source.name`, `items.0.link`); an empty `resultsPath` means the body is
 * the array. Results whose url/title is missing or not a non-empty string, or whose url is not an absolute
 * http(s) URL, are dropped; a `resultsPath` that does not lead to an array is a `malformed_response`.
 * Header values are treated as secrets (scrubbed from error messages).
 */
import * as z from 'zod';
import { type EvidenceCandidate, type EvidenceProvider, type EvidenceQuery, EvidenceProviderError } from '../../domain/evidence.ts';
import { getJson, isHttpUrl, isoDateOrUndefined, redactUrl } from './http.ts';
import { htmlToText } from './text.ts';
import { fillTemplate, type HttpJsonProviderConfig, httpJsonProviderConfigSchema } from './http-json-config.ts';

export { type HttpJsonProviderConfig, httpJsonProviderConfigSchema } from './http-json-config.ts';

/** Follow a dotted path through objects and arrays; undefined when any step is missing. */
export function getPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(key)) return undefined;
      cur = cur[Number(key)];
    } else {
      if (!Object.hasOwn(cur, key)) return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
  }
  return cur;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = htmlToText(value);
  return t === '' ? undefined : t;
}

export interface HttpJsonProviderOptions {
  maxBytes?: number;
  fetchImpl?: typeof fetch;
}

export class HttpJsonProvider implements EvidenceProvider {
  readonly name: string;
  private readonly config: HttpJsonProviderConfig;

  /** Throws `EvidenceProviderError('misconfigured')` when `config` is invalid. */
  constructor(
    config: HttpJsonProviderConfig,
    private readonly opts: HttpJsonProviderOptions = {},
  ) {
    const parsed = httpJsonProviderConfigSchema().safeParse(config);
    if (!parsed.success) {
      throw new EvidenceProviderError('misconfigured', `http-json provider: ${z.prettifyError(parsed.error)}`);
    }
    this.config = parsed.data;
    this.name = parsed.data.name;
  }

  async search(query: EvidenceQuery, signal: AbortSignal): Promise<EvidenceCandidate[]> {
    const { config } = this;
    const url = fillTemplate(config.urlTemplate, {
      query: query.statement,
      language: query.language,
      limit: String(Math.max(1, Math.floor(query.limit))),
      claimant: query.claimantName ?? '',
    });
    const json = await getJson(url, {
      signal,
      label: this.name,
      secrets: Object.values(config.headers ?? {}),
      ...(config.headers !== undefined && { headers: config.headers }),
      ...(config.timeoutMs !== undefined && { timeoutMs: config.timeoutMs }),
      ...(this.opts.maxBytes !== undefined && { maxBytes: this.opts.maxBytes }),
      ...(this.opts.fetchImpl !== undefined && { fetchImpl: this.opts.fetchImpl }),
    });

    const results = getPath(json, config.resultsPath);
    if (!Array.isArray(results)) {
      throw new EvidenceProviderError(
        'malformed_response',
        `${this.name}: expected an array at "${config.resultsPath || '(root)'}", got ${results === null ? 'null' : typeof results} (GET ${redactUrl(url)})`,
      );
    }

    const out: EvidenceCandidate[] = [];
    for (const item of results) {
      if (out.length >= query.limit) break;
      const rawUrl = getPath(item, config.fields.url);
      const title = text(getPath(item, config.fields.title));
      if (!isHttpUrl(rawUrl) || title === undefined) continue;
      const candidate: EvidenceCandidate = { url: rawUrl.trim(), title };
      const { snippet, publisher, publishedAt, sourceRating } = config.fields;
      const s = snippet && text(getPath(item, snippet));
      if (s) candidate.snippet = s;
      const p = publisher && text(getPath(item, publisher));
      if (p) candidate.publisher = p;
      const d = publishedAt && isoDateOrUndefined(getPath(item, publishedAt));
      if (d) candidate.publishedAt = d;
      const r = sourceRating && text(getPath(item, sourceRating));
      if (r) candidate.sourceRating = r;
      out.push(candidate);
    }
    return out;
  }
}

export function createHttpJsonProvider(config: HttpJsonProviderConfig, opts: HttpJsonProviderOptions = {}): EvidenceProvider {
  return new HttpJsonProvider(config, opts);
}
