/**
 * The embeddable card: a small self-contained page (rating, claim, who said it, a link to the full
 * fact-check) meant for an iframe on a partner's article page. Styles come from the site's stylesheet;
 * no script runs in it, and its links open outside the frame.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { RatingScale } from '../../../shared/domain/rating-scale.ts';
import type { Verdict } from '../../../shared/domain/verdict.ts';
import type { PageContext } from './fact-check-page.ts';

/** The card may be framed anywhere; otherwise as strict as the rest of the site. */
export const EMBED_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data: https:; base-uri 'none'; form-action 'none'; frame-ancestors *";

export function embedCard(ctx: PageContext, v: Verdict, pageUrl: string, _scale: RatingScale): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fact-check: ${v.claim.statement}</title>
<link rel="stylesheet" href="${ctx.baseUrl}/assets/fact-check.css">
<base target="_blank">
</head>
<body class="card">
<main>
<p class="kicker">${ctx.publisher.name} fact-check</p>
<p><span class="label">${v.rating.label}</span></p>
<h1>${v.claim.statement}</h1>
<p>Claimed by ${v.claim.claimant.name}.</p>
<p><a href="${pageUrl}" rel="noopener">Read the fact-check</a></p>
</main>
</body>
</html>
`;
}
