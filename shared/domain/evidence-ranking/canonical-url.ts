/**
 * URL canonicalization: the key by which two candidates are "the same page", and which URLs count as web pages at
 * all. Pure: no I/O.
 */

/** Query parameters that only track the click, never select content. Matched case-insensitively. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'igshid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'wickedid',
]);

function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || TRACKING_PARAMS.has(n);
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Upper-case percent-escapes and decode the ones that encode unreserved characters (RFC 3986 §6.2.2). */
function normalizePercentEncoding(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/**
 * A comparison key for "the same page": lower-case scheme and host, `www.` dropped, http treated as
 * https, default ports, credentials, fragment and tracking parameters removed, remaining query
 * parameters sorted, trailing slashes stripped (the bare origin has no path at all).
 * Path case is preserved (paths are case-sensitive). Strings that are not absolute URLs are returned
 * trimmed and otherwise unchanged.
 *
 *   canonicalizeUrl('HTTP://www.Example.com:80/a/?utm_source=x&b=2&a=1#top') === 'https://example.com/a?a=1&b=2'
 */
export function canonicalizeUrl(url: string): string {
  const trimmed = url.trim();
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    return trimmed;
  }
  const isWeb = u.protocol === 'http:' || u.protocol === 'https:';
  if (!isWeb) return u.href;

  let host = u.hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('www.')) host = host.slice(4);
  // URL already drops the scheme's own default port; after http→https, the other default goes too.
  const port = u.port === '' || u.port === '80' || u.port === '443' ? '' : `:${u.port}`;

  const path = normalizePercentEncoding(u.pathname).replace(/\/+$/, '');

  const params = [...u.searchParams.entries()].filter(([name]) => !isTrackingParam(name));
  params.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';

  return `https://${host}${port}${path}${query}`;
}

/** Whether `url` is an absolute http(s) URL (only those become evidence). */
export function isWebUrl(url: string): boolean {
  try {
    const p = new URL(url).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}
