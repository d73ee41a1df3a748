/**
 * The public fact-check pages, rendered on the server with Hono's `html` helper (which escapes every
 * interpolated value). No client JavaScript: the only script element is the ClaimReview JSON-LD, which is
 * data, escaped for embedding. Landmarks (banner, main, contentinfo), one h1 and ordered headings, the
 * page's language, a viewport for phones, and colours with at least 4.5:1 contrast (fact-check.css).
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Publisher } from '../../../shared/domain/claim-review.ts';
import type { Appearance, Claimant } from '../../../shared/domain/claim.ts';
import { ordinalBounds, type RatingScale } from '../../../shared/domain/rating-scale.ts';
import { type Verdict, verdictSource } from '../../../shared/domain/verdict.ts';
import { embeddableJson } from '../representation/embeddable-json.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Links only to http(s) URLs: a stored `javascript:` URL is shown as text, never made clickable. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function link(url: string, text: string): Html {
  const href = safeHref(url);
  return href ? html`<a href="${href}">${text}</a>` : html`<span>${text}</span>`;
}

function date(iso: string): Html {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return html`${iso}`;
  const label = d.toLocaleDateString('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  return html`<time datetime="${iso}">${label}</time>`;
}

function claimantText(c: Claimant): string {
  const detail = [c.role, c.affiliation].filter(Boolean).join(', ');
  return detail ? `${c.name} (${detail})` : c.name;
}

function appearanceItem(a: Appearance): Html {
  const host = safeHref(a.url) ? new URL(a.url).host : a.url;
  return html`<li>${link(a.url, host)}, ${date(a.date)}</li>`;
}

function ratingText(verdict: Verdict, scale: RatingScale): string {
  const bounds = ordinalBounds(scale);
  if (verdict.rating.value !== undefined && bounds) return `${verdict.rating.value} on a scale from ${bounds.worst} (worst) to ${bounds.best} (best)`;
  return 'not a position on the true–false scale';
}

export interface PageContext {
  publisher: Publisher;
  /** The site's base URL (links, canonical URL). */
  baseUrl: string;
}

function layout(ctx: PageContext, title: string, canonical: string, body: Html, head: Html = html``): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="canonical" href="${canonical}">
<link rel="stylesheet" href="${ctx.baseUrl}/assets/fact-check.css">
${head}
</head>
<body>
<a class="skip" href="#content">Skip to the fact-check</a>
<header role="banner">
<a class="brand" href="${ctx.baseUrl}/fact-checks">${ctx.publisher.logo ? html`<img src="${ctx.publisher.logo}" alt="" width="32" height="32">` : ''}<span>${ctx.publisher.name}</span></a>
</header>
<main id="content" role="main">
${body}
</main>
<footer role="contentinfo">
<p>Published by ${link(ctx.publisher.url, ctx.publisher.name)}. <a href="${ctx.baseUrl}/fact-checks">All fact-checks</a>.</p>
</footer>
</body>
</html>
`;
}

export interface FactCheckPageInput {
  /** The version shown. */
  verdict: Verdict;
  /** Every version, oldest first (the shown one included). */
  versions: Verdict[];
  /** The reviewers of the shown version, by public display name. */
  reviewerNames: string[];
  scale: RatingScale;
  /** The ClaimReview of the shown version; its `url` is this page. */
  claimReview: unknown;
  /** This page's URL. */
  url: string;
  /** URL of the page of version n. */
  versionUrl: (version: number) => string;
  /** URL of the latest version's page. */
  latestUrl: string;
}

export function factCheckPage(ctx: PageContext, p: FactCheckPageInput): Html {
  const v = p.verdict;
  const latest = p.versions[p.versions.length - 1] ?? v;
  const isLatest = v.version === latest.version;
  const corrections = p.versions.filter((x) => x.version > 1);
  // An imported verdict is another outlet's fact-check: credited to it, not to this desk's editors.
  const source = verdictSource(v);
  const body = html`<article aria-labelledby="claim-heading">
${isLatest ? '' : html`<p class="notice" role="note">This is version ${v.version} of this fact-check, since corrected. <a href="${p.latestUrl}">Read the current version</a>.</p>`}
<p class="kicker">Fact-check</p>
<h1 id="claim-heading">${v.claim.statement}</h1>
<section aria-labelledby="rating-heading" class="rating rating-${v.rating.category}">
<h2 id="rating-heading">${source ? `Rating by ${source.publisher}` : 'Our rating'}: <span class="label">${v.rating.label}</span></h2>
<p class="scale">${ratingText(v, p.scale)}</p>
<p class="summary">${v.summary}</p>
</section>
<section aria-labelledby="claim-details">
<h2 id="claim-details">The claim</h2>
<dl>
<dt>Who said it</dt><dd>${claimantText(v.claim.claimant)}</dd>
<dt>First seen</dt><dd>${link(v.claim.firstAppearance.url, safeHref(v.claim.firstAppearance.url) ? new URL(v.claim.firstAppearance.url).host : v.claim.firstAppearance.url)}, ${date(v.claim.firstAppearance.date)}</dd>
</dl>
<h3>Where it appeared</h3>
<ul>${v.claim.appearances.map(appearanceItem)}</ul>
</section>
<section aria-labelledby="evidence-heading">
<h2 id="evidence-heading">Evidence</h2>
${
  v.evidence.length === 0
    ? html`<p>No evidence is cited.</p>`
    : html`<ol class="evidence">${v.evidence.map(
        (e) =>
          html`<li>${link(e.url, e.title)}${e.publisher ? html` <span class="source">${e.publisher}</span>` : ''}${e.publishedAt ? html`, ${date(e.publishedAt)}` : ''}${e.snippet ? html`<p>${e.snippet}</p>` : ''}</li>`,
      )}</ol>`
}
</section>
<section aria-labelledby="about-heading">
<h2 id="about-heading">About this fact-check</h2>
<dl>
<dt>Published</dt><dd>${date((p.versions[0] ?? v).publishedAt)}</dd>
${v.version > 1 ? html`<dt>This version</dt><dd>${date(v.publishedAt)}</dd>` : ''}
${
  source
    ? html`<dt>Fact-check by</dt><dd>${link(source.url, source.publisher)}</dd>`
    : html`<dt>Reviewed by</dt><dd>${p.reviewerNames.length ? p.reviewerNames.join(', ') : 'our editors'}</dd>`
}
</dl>
</section>
<section aria-labelledby="corrections-heading">
<h2 id="corrections-heading">Corrections</h2>
${
  corrections.length === 0
    ? html`<p>This fact-check has not been corrected.</p>`
    : html`<ol class="corrections">${corrections.map(
        (x) =>
          html`<li>${date(x.publishedAt)}: ${x.correctionNote ?? 'corrected'} (rating now ${x.rating.label}). ${x.version === v.version ? html`<span>(this version)</span>` : link(p.versionUrl(x.version), `Version ${x.version}`)}</li>`,
      )}</ol>
<p>Earlier versions: ${p.versions
        .filter((x) => x.version < latest.version)
        .map(
          (x, i) =>
            html`${i ? ', ' : ''}${x.version === v.version ? html`version ${x.version} (shown)` : link(p.versionUrl(x.version), `version ${x.version}`)}`,
        )}.</p>`
}
</section>
</article>`;
  const jsonLd = html`<script type="application/ld+json">${raw(embeddableJson(p.claimReview))}</script>`;
  return layout(ctx, `Fact-check: ${truncate(v.claim.statement, 90)} | ${ctx.publisher.name}`, p.url, body, jsonLd);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface IndexEntry {
  claimId: string;
  statement: string;
  claimant: string;
  rating: string;
  publishedAt: string;
  url: string;
}

export function indexPage(ctx: PageContext, entries: IndexEntry[], links: { self: string; next: string | null; first: string | null }): Html {
  const body = html`<h1>Latest fact-checks</h1>
${
  entries.length === 0
    ? html`<p>No fact-checks have been published yet.</p>`
    : html`<ol class="index">${entries.map(
        (e) =>
          html`<li><article><h2><a href="${e.url}">${e.statement}</a></h2><p><span class="label">${e.rating}</span> · ${e.claimant} · ${date(e.publishedAt)}</p></article></li>`,
      )}</ol>`
}
<nav aria-label="Pages">${links.first ? html`<a href="${links.first}">Newest</a> ` : ''}${links.next ? html`<a rel="next" href="${links.next}">Older fact-checks</a>` : ''}</nav>`;
  return layout(ctx, `Fact-checks | ${ctx.publisher.name}`, links.self, body);
}

export function notFoundPage(ctx: PageContext): Html {
  return layout(
    ctx,
    `Not found | ${ctx.publisher.name}`,
    `${ctx.baseUrl}/fact-checks`,
    html`<h1>No such fact-check</h1><p>It may not be published yet, or it was withdrawn. <a href="${ctx.baseUrl}/fact-checks">See the latest fact-checks</a>.</p>`,
  );
}

/** Colours: text #1a1a1a and links #0b4f9c on white (both above 7:1); labels white on #1a1a1a. */
export const FACT_CHECK_CSS = `*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
header,main,footer{max-width:42rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid #d0d0d0}
.brand{display:flex;align-items:center;gap:.5rem;font-weight:700;color:#1a1a1a;text-decoration:none}
a{color:#0b4f9c}
a:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
h1{font-size:1.6rem;line-height:1.25;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin-top:2rem}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.85rem;color:#444;margin-bottom:0}
.rating{border-left:.4rem solid #1a1a1a;padding:.25rem 1rem;background:#f4f4f4}
.rating h2{margin-top:.5rem}
.label{display:inline-block;background:#1a1a1a;color:#fff;padding:0 .5rem;border-radius:.25rem}
.scale{color:#444;font-size:.95rem}
dt{font-weight:700}dd{margin:0 0 .75rem 0;overflow-wrap:anywhere}
.evidence li,.corrections li,.index li{margin-bottom:1rem;overflow-wrap:anywhere}
.source{color:#444}
.notice{background:#fff4ce;border:1px solid #8a6d00;padding:.5rem 1rem}
.index{list-style:none;padding:0}.index h2{font-size:1.1rem;margin:0}
footer{border-top:1px solid #d0d0d0;color:#444;font-size:.95rem}
`;
