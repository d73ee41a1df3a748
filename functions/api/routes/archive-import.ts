/**
 * `POST /admin/imports`: load a newsroom's archive of fact-checks (ClaimReview JSON-LD objects or arrays,
 * JSON Lines, or a Google Fact Check Tools `claims:search` response) as archived verdicts. The file's text
 * travels as the `content` string of a JSON body (`jq -Rs '{content: .}' archive.jsonl`). Bad records are
 * reported with their line and reason and the rest load; a second import of the same file creates nothing.
 * `npm run import -- FILE` runs the same service directly against the table (infra/local/import-cli.ts).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { importArchive } from '../../../shared/domain/archive/import-archive.ts';
import { internalErrorResponse } from '../schemas.ts';
import { secured, type ApiEnv } from '../security.ts';
import { errorResponses, jsonBody } from './openapi-helpers.ts';

/**
 * Largest import body the API takes (the app's body limit for this route): well under API Gateway's 10 MB
 * and small enough to load inside one Lambda invocation. Larger archives: split the file, or `npm run import`.
 */
export const IMPORT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const IMPORT_PATH = '/admin/imports';

const importRequest = z
  .strictObject({
    content: z.string().min(1).max(IMPORT_MAX_BODY_BYTES).openapi({
      description: 'The archive file as text: a ClaimReview object, an array of them (or a JSON-LD @graph), JSON Lines, or a claims:search response.',
      example:
        '{"@context":"https://schema.org","@type":"ClaimReview","url":"https://factdesk.example.org/checks/troops","claimReviewed":"Some 3,000 North Korean troops are in Russia.","datePublished":"2024-10-12","author":{"@type":"Organization","name":"Example Fact Desk"},"reviewRating":{"@type":"Rating","alternateName":"Mostly false"}}',
    }),
  })
  .openapi('ArchiveImportRequest');

export const importReportSchema = z
  .object({
    format: z.enum(['json', 'json-lines', 'claims-search']),
    records: z.number().int().openapi({ description: 'Records found in the file (valid or not).' }),
    imported: z.number().int().openapi({ description: 'Archived verdicts created by this import.' }),
    alreadyImported: z
      .number()
      .int()
      .openapi({ description: 'Valid records already present (an earlier import, or twice in this file): nothing new written.' }),
    errors: z.array(z.object({ line: z.number().int(), reason: z.string() })).openapi({ description: 'Records not loaded, by line, with the reason.' }),
    claimIds: z.array(z.string()).openapi({ description: 'The claim id of every valid record (`GET /claims/{id}/verdict` serves its verdict).' }),
  })
  .openapi('ArchiveImportReport');

const postImport = createRoute({
  method: 'post',
  path: IMPORT_PATH,
  tags: ['Administration'],
  summary: 'Import an archive of fact-checks (ClaimReview) as archived verdicts',
  description:
    'Each valid record becomes a published claim with verdict version 1, indexed for matching (triage, the archive evidence provider and the verdict search find it), ' +
    'with `claim.imported` on its trail. Imported verdicts are not put in the partner feed. Idempotent. ' +
    `Bodies over ${IMPORT_MAX_BODY_BYTES} bytes are refused with 413 (split the file, or use \`npm run import\`). Roles: admin.`,
  ...secured('admin'),
  request: { body: jsonBody(importRequest) },
  responses: {
    200: {
      description: 'The import report (200 even when some records were refused: see `errors`)',
      content: { 'application/json': { schema: importReportSchema } },
    },
    ...errorResponses(401, 403, 413, 415, 422, 429),
    ...internalErrorResponse,
  },
});

export const archiveImportRoutes = new OpenAPIHono<ApiEnv>().openapi(postImport, async (c) => {
  const rt = c.get('runtime');
  const report = await importArchive(
    { store: rt.archive, index: rt.services.similarClaims, scale: rt.services.settings.ratingScale, clock: rt.services.clock, ids: rt.services.ids },
    c.req.valid('json').content,
    c.get('principal').id,
  );
  return c.json(report, 200);
});
