/**
 * The API reference at /docs, served entirely from this origin: Swagger UI's script and styles come from
 * the installed `swagger-ui-dist` package (pinned by the lockfile), its start-up script is a file too, so
 * the page's Content-Security-Policy admits only 'self' and no inline script at all. It works with the
 * network unplugged (test/browser/docs-and-pages.test.ts loads it in headless Chromium that way).
 *
 * Swagger UI rather than Scalar: swagger-ui-dist is one package with a ready bundle and no runtime
 * dependencies, fetches nothing from elsewhere once the remote validator badge is off, and renders
 * OpenAPI 3.1 including the `webhooks` section; Scalar's standalone bundle (1.46.x is the newest line
 * that installs on Node 20) pulls a large dependency tree into the lockfile for the same page.
 *
 * On AWS the assets are copied beside the bundled handler (infra/constructs/api.ts, `docs-assets/`);
 * locally they are read from node_modules. Each is read once, on first request.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import type { ApiEnv } from '../security.ts';

/** The files /docs needs from swagger-ui-dist; the deployed bundle carries exactly these. */
export const DOCS_ASSET_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css'] as const;
type AssetFile = (typeof DOCS_ASSET_FILES)[number];

/** The docs page's policy: only this origin; no inline or eval'd script; images may be data: URLs. */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Swagger UI's start-up, as a file so that no inline script is needed. The remote validator is off. */
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: 'openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null, tryItOutEnabled: false });\n`;

const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>factflow API reference</title>
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"><noscript>The interactive reference needs JavaScript; the OpenAPI document itself is at <a href="openapi.json">/openapi.json</a>.</noscript></main>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/assets/init.js"></script>
</body>
</html>
`;

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const loaded = new Map<AssetFile, Promise<string>>();

/** The asset beside the deployed bundle when there, otherwise from the installed package. */
function asset(file: AssetFile): Promise<string> {
  let text = loaded.get(file);
  if (!text) {
    text = readFile(path.join(here, 'docs-assets', file), 'utf8').catch(() =>
      readFile(path.join(path.dirname(require.resolve('swagger-ui-dist/package.json')), file), 'utf8'),
    );
    text.catch(() => loaded.delete(file));
    loaded.set(file, text);
  }
  return text;
}

const ASSET_CACHE = 'public, max-age=86400, stale-while-revalidate=604800';

export const docsRoutes = new Hono<ApiEnv>();
docsRoutes.use('/docs', etag());
docsRoutes.use('/docs/assets/*', etag());

docsRoutes.get('/docs', (c) => {
  c.header('content-security-policy', DOCS_CSP);
  c.header('cache-control', 'public, max-age=300');
  return c.html(DOCS_HTML);
});
docsRoutes.get('/docs/assets/init.js', (c) => {
  c.header('cache-control', ASSET_CACHE);
  return c.body(INIT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' });
});
docsRoutes.get('/docs/assets/swagger-ui-bundle.js', async (c) => {
  c.header('cache-control', ASSET_CACHE);
  return c.body(await asset('swagger-ui-bundle.js'), 200, { 'content-type': 'text/javascript; charset=utf-8' });
});
docsRoutes.get('/docs/assets/swagger-ui.css', async (c) => {
  c.header('cache-control', ASSET_CACHE);
  return c.body(await asset('swagger-ui.css'), 200, { 'content-type': 'text/css; charset=utf-8' });
});
