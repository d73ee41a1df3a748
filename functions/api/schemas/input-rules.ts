/** Input rules for what people type: text without control characters or broken Unicode, http(s) URLs, past dates. */
import { z } from '@hono/zod-openapi';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 and C1 controls except tab and newline (allowed in multi-line text), and DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these patterns exist to find control characters and refuse them
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const CONTROL_OR_NEWLINE = /[\u0000-\u001F\u007F-\u009F]/;

/** Text a person wrote: no control characters, no broken Unicode. */
/** `{ id }` in the path: a ULID (Crockford base32, 26 characters), refused with `message` otherwise. */
export const ulidIdParam = (message: string) =>
  z.object({
    id: z
      .string()
      .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, message)
      .openapi({ param: { name: 'id', in: 'path' }, example: '01JD3Y5R6Q4M8X2V7N9B1C0KZT' }),
  });

export const text = (min: number, max: number, opts: { multiline?: boolean } = {}) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), { message: 'must be well-formed Unicode (no lone surrogates)' })
    .refine((s) => !(opts.multiline ? CONTROL : CONTROL_OR_NEWLINE).test(s), { message: 'must not contain control characters' });

export const httpUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain })
  .max(2048)
  .openapi({ example: 'https://example-tabloid.co.uk/news/troops-ukraine' });

/** Clock skew we tolerate on "not in the future" checks. */
const SKEW_MS = 5 * 60 * 1000;
export const pastDate = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .refine((d) => Date.parse(d) <= Date.now() + SKEW_MS, { message: 'must not be in the future' })
  .openapi({ example: '2024-10-03' });
