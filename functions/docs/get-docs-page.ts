import { publicRoute } from '#functions/shared/http.ts';
import { routes } from '#infra/wiring.ts';
import { operations } from './api-description.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);

/** A plain, dependency-free reference page; the full contract is `/openapi.json`. */
const rows = routes
  .filter((r) => r.auth === 'jwt')
  .map((r) => {
    const op = operations[`${r.method} ${r.path}`];
    return `<tr><td><code>${r.method}</code></td><td><code>${escapeHtml(r.path)}</code></td><td>${escapeHtml(op?.summary ?? '')}</td></tr>`;
  })
  .join('\n');

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Samenwerken API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}code{font-size:90%}</style>
</head><body>
<h1>Samenwerken API</h1>
<p>Every route needs <code>Authorization: Bearer &lt;ID token&gt;</code>. Errors are <code>application/problem+json</code> (RFC 9457).
POSTs accept an <code>Idempotency-Key</code>; PATCH accepts <code>If-Match</code> with the ETag of the last read.
The machine-readable contract is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;

export const handler = publicRoute(async () => ({
  status: 200,
  text: page,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' },
}));
