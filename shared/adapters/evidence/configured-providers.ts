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
 */
import * as z from 'zod';
import { type EvidenceProvider, EvidenceProviderError } from '../../domain/evidence.ts';
import { GOOGLE_FACT_CHECK_PROVIDER, GoogleFactCheckProvider } from './google-fact-check.ts';
import { HttpJsonProvider, httpJsonProviderConfigSchema } from './http-json.ts';
import { MEDIAWIKI_PROVIDER, MediaWikiProvider } from './mediawiki.ts';

export interface ConfiguredProvidersDeps {
  fetchImpl?: typeof fetch;
}

/** Names not available to HTTP JSON providers (built-ins, and the archive provider). */
const RESERVED_NAMES = new Set([GOOGLE_FACT_CHECK_PROVIDER, MEDIAWIKI_PROVIDER, 'archive']);

function misconfigured(variable: string, problem: string): never {
  throw new EvidenceProviderError('misconfigured', `${variable}: ${problem}`);
}

function rethrowAs(variable: string, build: () => EvidenceProvider): EvidenceProvider {
  try {
    return build();
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
    providers.push(rethrowAs('GOOGLE_FACTCHECK_BASE_URL', () => new GoogleFactCheckProvider({ apiKey, ...(baseUrl ? { baseUrl } : {}), ...fetchOpt })));
  }

  const wiki = env.MEDIAWIKI_BASE_URL?.trim();
  if (wiki?.toLowerCase() !== 'off') {
    providers.push(rethrowAs('MEDIAWIKI_BASE_URL', () => new MediaWikiProvider({ ...(wiki ? { baseUrl: wiki } : {}), ...fetchOpt })));
  }

  const raw = env.EVIDENCE_HTTP_PROVIDERS?.trim();
  if (raw) {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      misconfigured('EVIDENCE_HTTP_PROVIDERS', 'not valid JSON (expected an array of provider configs)');
    }
    const parsed = z.array(httpJsonProviderConfigSchema).safeParse(json);
    if (!parsed.success) misconfigured('EVIDENCE_HTTP_PROVIDERS', `invalid provider config:\n${z.prettifyError(parsed.error)}`);
    const seen = new Set<string>();
    for (const config of parsed.data) {
      if (RESERVED_NAMES.has(config.name)) misconfigured('EVIDENCE_HTTP_PROVIDERS', `provider name "${config.name}" is reserved`);
      if (seen.has(config.name)) misconfigured('EVIDENCE_HTTP_PROVIDERS', `duplicate provider name "${config.name}"`);
      seen.add(config.name);
      providers.push(rethrowAs('EVIDENCE_HTTP_PROVIDERS', () => new HttpJsonProvider(config, fetchOpt)));
    }
  }

  return providers;
}
