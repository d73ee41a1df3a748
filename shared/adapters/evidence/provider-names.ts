/**
 * The evidence providers by name, and the checks on their settings, without their code: a function's cold start
 * validates the configured providers from here (a bad setting still fails the first invocation, as it must), and
 * each adapter's module (its zod response schemas, its parsing) is loaded by `loadExternalProvider` on the
 * provider's first search (issue #11, item 5). The adapters' constructors apply the same checks.
 */
import { EvidenceProviderError, type EvidenceProvider } from '../../domain/evidence.ts';
import type { GoogleFactCheckOptions } from './google-fact-check.ts';
import type { HttpJsonProviderConfig } from './http-json-config.ts';
import type { HttpJsonProviderOptions } from './http-json.ts';
import type { MediaWikiOptions } from './mediawiki.ts';
import { isHttpUrl } from './http.ts';

export const ARCHIVE_PROVIDER = 'archive';
export const GOOGLE_FACT_CHECK_PROVIDER = 'google-fact-check';
export const GOOGLE_FACT_CHECK_DEFAULT_BASE_URL = 'https://factchecktools.googleapis.com';
export const MEDIAWIKI_PROVIDER = 'mediawiki';
export const MEDIAWIKI_DEFAULT_BASE_URL = 'https://en.wikipedia.org';

/** The Google provider's API key and base URL (no trailing slash); throws `misconfigured` for a missing key or a non-http(s) URL. */
export function googleFactCheckEndpoint(opts: Pick<GoogleFactCheckOptions, 'apiKey' | 'baseUrl'>): { apiKey: string; baseUrl: string } {
  if (!opts.apiKey || opts.apiKey.trim() === '') {
    throw new EvidenceProviderError('misconfigured', `${GOOGLE_FACT_CHECK_PROVIDER}: an API key is required`);
  }
  const base = opts.baseUrl ?? GOOGLE_FACT_CHECK_DEFAULT_BASE_URL;
  if (!isHttpUrl(base)) {
    throw new EvidenceProviderError('misconfigured', `${GOOGLE_FACT_CHECK_PROVIDER}: base URL must be an http(s) URL`);
  }
  return { apiKey: opts.apiKey.trim(), baseUrl: base.replace(/\/+$/, '') };
}

/** The wiki's base URL template (no trailing slash, may hold `{language}`); throws `misconfigured` unless it is http(s). */
export function mediaWikiBaseTemplate(baseUrl: string | undefined): string {
  const base = (baseUrl ?? MEDIAWIKI_DEFAULT_BASE_URL).trim().replace(/\/+$/, '');
  if (!isHttpUrl(base.replace(/\{language\}/g, 'en'))) {
    throw new EvidenceProviderError('misconfigured', `${MEDIAWIKI_PROVIDER}: base URL must be an http(s) URL`);
  }
  return base;
}

/** What each external provider is built from (its settings already checked by the functions above or the config schema). */
export type ExternalProviderSettings =
  | { kind: typeof GOOGLE_FACT_CHECK_PROVIDER; options: GoogleFactCheckOptions }
  | { kind: typeof MEDIAWIKI_PROVIDER; options: MediaWikiOptions }
  | { kind: 'http-json'; config: HttpJsonProviderConfig; options: HttpJsonProviderOptions };

/** Loads one provider's adapter (a chunk of its own in a bundle) and builds it. */
export async function loadExternalProvider(settings: ExternalProviderSettings): Promise<EvidenceProvider> {
  switch (settings.kind) {
    case GOOGLE_FACT_CHECK_PROVIDER:
      return new (await import('./google-fact-check.ts')).GoogleFactCheckProvider(settings.options);
    case MEDIAWIKI_PROVIDER:
      return new (await import('./mediawiki.ts')).MediaWikiProvider(settings.options);
    case 'http-json':
      return new (await import('./http-json.ts')).HttpJsonProvider(settings.config, settings.options);
  }
}

/**
 * A provider whose adapter is loaded on its first search (concurrent first searches share one load; a failed load is
 * tried again by the next search).
 */
export function loadedOnFirstSearch(name: string, settings: ExternalProviderSettings): EvidenceProvider {
  let loaded: Promise<EvidenceProvider> | undefined;
  return {
    name,
    async search(query, signal) {
      loaded ??= loadExternalProvider(settings).catch((err: unknown) => {
        loaded = undefined;
        throw err;
      });
      return (await loaded).search(query, signal);
    },
  };
}
