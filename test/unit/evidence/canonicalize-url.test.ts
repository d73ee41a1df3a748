import { describe, expect, it } from 'vitest';
import { canonicalizeUrl } from '../../../shared/domain/evidence-ranking.ts';

describe('canonicalizeUrl', () => {
  it.each([
    ['lower-cases scheme and host but not the path', 'HTTPS://Example.COM/Some/Path', 'https://example.com/Some/Path'],
    ['drops a leading www.', 'https://www.example.com/a', 'https://example.com/a'],
    ['treats http as https', 'http://example.com/a', 'https://example.com/a'],
    ['drops the default https port', 'https://example.com:443/a', 'https://example.com/a'],
    ['drops the default http port', 'http://example.com:80/a', 'https://example.com/a'],
    ['keeps a non-default port', 'https://example.com:8443/a', 'https://example.com:8443/a'],
    ['drops the fragment', 'https://example.com/a#section-2', 'https://example.com/a'],
    ['strips a trailing slash', 'https://example.com/a/b/', 'https://example.com/a/b'],
    ['reduces the root path to the bare origin', 'https://example.com/', 'https://example.com'],
    ['drops utm_* parameters in any case', 'https://example.com/a?utm_source=tw&UTM_Medium=social&utm_campaign=x', 'https://example.com/a'],
    ['drops fbclid and gclid', 'https://example.com/a?fbclid=IwAR0&gclid=Cj0K&id=7', 'https://example.com/a?id=7'],
    ['drops other click ids (msclkid, mc_eid, _ga)', 'https://example.com/a?msclkid=1&mc_eid=2&_ga=3', 'https://example.com/a'],
    ['sorts remaining query parameters', 'https://example.com/a?z=1&a=2&m=3', 'https://example.com/a?a=2&m=3&z=1'],
    ['sorts repeated parameters by value', 'https://example.com/a?tag=b&tag=a', 'https://example.com/a?tag=a&tag=b'],
    ['drops an empty query', 'https://example.com/a?', 'https://example.com/a'],
    ['drops credentials', 'https://user:pass@example.com/a', 'https://example.com/a'],
    ['drops a trailing dot in the host', 'https://example.com./a', 'https://example.com/a'],
    ['decodes percent-escaped unreserved characters', 'https://example.com/%7Euser/%41', 'https://example.com/~user/A'],
    ['upper-cases remaining percent escapes', 'https://example.com/a%2fb', 'https://example.com/a%2Fb'],
    ['trims surrounding whitespace', '  https://example.com/a  ', 'https://example.com/a'],
    ['returns a non-URL unchanged (trimmed)', ' not a url ', 'not a url'],
  ])('%s', (_name, input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it('gives every tracking/format variant of one article the same key', () => {
    const variants = [
      'https://www.factcheck.example/2024/moon-landing/',
      'http://factcheck.example/2024/moon-landing',
      'https://FACTCHECK.example:443/2024/moon-landing?utm_source=newsletter#comments',
      'https://factcheck.example/2024/moon-landing/?fbclid=abc',
    ];
    expect(new Set(variants.map(canonicalizeUrl))).toEqual(new Set(['https://factcheck.example/2024/moon-landing']));
  });

  it('keeps pages that differ in a content parameter apart', () => {
    expect(canonicalizeUrl('https://example.com/article?id=1')).not.toBe(canonicalizeUrl('https://example.com/article?id=2'));
  });

  it('is idempotent', () => {
    const once = canonicalizeUrl('HTTP://www.Example.com:80/a/?b=2&utm_x=1&a=1#f');
    expect(canonicalizeUrl(once)).toBe(once);
  });
});
