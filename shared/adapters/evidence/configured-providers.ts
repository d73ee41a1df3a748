/**
 * The external evidence providers an environment enables, built from environment variables.
 * (Our own archive of verdicts is a separate provider, wired elsewhere.)
 *
 * Variables:
 * - `GOOGLE_FACTCHECK_API_KEY` — API key for the Google Fact Check Tools API. Unset or empty: the
 *   Google provider is disabled. Secret: never logged.
 * - `GOOGLE_FACTCHECK_BASE_URL` — optional; default `https://factchecktools.googleapis.com`.
 * - `MEDIAWIKI_BASE_URL` — the MediaWiki wiki to search; default `https://en.wikipedia.org`.
 *   `off` (any case) disables the provider. May contain `{language}` (e.g. `https://{language}.wikipedia.org`)
 *   to search the wiki in the claim's language.
 * - `EVIDENCE_HTTP_PROVIDERS` — optional JSON array of generic HTTP JSON provider configs
 *   (`HttpJsonProviderConfig`, see http-json.ts). Unset or empty: none.
 *
 * Invalid values fail fast with `EvidenceProviderError('misconfigured')` naming the variable and the
 * problem (never echoing values, which may hold credentials).
 * Order of the returned providers (used as ranking priority by default): Google, MediaWiki, then the
 * HTTP providers in configuration order.
 *
 * Every setting is checked here, when the runtime is built (a bad one fails the cold start, as it must); each
 * adapter's code is loaded on its provider's first search (provider-names.ts): most invocations of most functions
 * never search.
 */
import * as z from 'zod';
import { type EvidenceProvider, EvidenceProviderError } from '../../domain/evidence.ts';
import { httpJsonProviderConfigSchema } from './http-json-config.ts';
import {
  ARCHIVE_PROVIDER,
  GOOGLE_FACT_CHECK_PROVIDER,
  googleFactCheckEndpoint,
  loadedOnFirstSearch,
  MEDIAWIKI_PROVIDER,
  mediaWikiBaseTemplate,
} from './provider-names.ts';

export interface ConfiguredProvidersDeps {
  fetchImpl?: typeof fetch;
}

/** Names not available to HTTP JSON providers (built-ins, and the archive provider). */
const RESERVED_NAMES = new Set([GOOGLE_FACT_CHECK_PROVIDER, MEDIAWIKI_PROVIDER, ARCHIVE_PROVIDER]);

function misconfigured(variable: string, problem: string): never {
  throw new EvidenceProviderError('misconfigured', `${variable}: ${problem}`);
}

function rethrowAs<T>(variable: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof EvidenceProviderError) misconfigured(variable, err.message);
    throw err;
  }
}

export function externalProvidersFromConfig(env: Record<string, string | undefined>, deps: ConfiguredProvidersDeps = {}): EvidenceProvider[] {
  const fetchOpt = deps.fetchImpl !== undefined ? { fetchImpl: deps.fetchImpl } : {};
  const providers: EvidenceProvider[] = [];

  const apiKey = env.GOOGLE_FACTCHECK_API_KEY?.trim();
  if (apiKey) {
    const baseUrl = env.GOOGLE_FACTCHECK_BASE_URL?.trim();
    const options = { apiKey, ...(baseUrl ? { baseUrl } : {}), ...fetchOpt };
    rethrowAs('GOOGLE_FACTCHECK_BASE_URL', () => googleFactCheckEndpoint(options));
    providers.push(loadedOnFirstSearch(GOOGLE_FACT_CHECK_PROVIDER, { kind: GOOGLE_FACT_CHECK_PROVIDER, options }));
  }

  const wiki = env.MEDIAWIKI_BASE_URL?.trim();
  if (wiki?.toLowerCase() !== 'off') {
    const options = { ...(wiki ? { baseUrl: wiki } : {}), ...fetchOpt };
    rethrowAs('MEDIAWIKI_BASE_URL', () => mediaWikiBaseTemplate(options.baseUrl));
    providers.push(loadedOnFirstSearch(MEDIAWIKI_PROVIDER, { kind: MEDIAWIKI_PROVIDER, options }));
  }

  const raw = env.EVIDENCE_HTTP_PROVIDERS?.trim();
  if (raw) {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      misconfigured('EVIDENCE_HTTP_PROVIDERS', 'not valid JSON (expected an array of provider configs)');
    }
    const parsed = z.array(httpJsonProviderConfigSchema()).safeParse(json);
    if (!parsed.success) misconfigured('EVIDENCE_HTTP_PROVIDERS', `invalid provider config:\n${z.prettifyError(parsed.error)}`);
    const seen = new Set<string>();
    for (const config of parsed.data) {
      if (RESERVED_NAMES.has(config.name)) misconfigured('EVIDENCE_HTTP_PROVIDERS', `provider name "${config.name}" is reserved`);
      if (seen.has(config.name)) misconfigured('EVIDENCE_HTTP_PROVIDERS', `duplicate provider name "${config.name}"`);
      seen.add(config.name);
      providers.push(loadedOnFirstSearch(config.name, { kind: 'http-json', config, options: fetchOpt }));
    }
  }

  return providers;
}
