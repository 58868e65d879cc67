/**
 * A readable API reference rendered on the server from the generated OpenAPI document, so it
 * needs no script from a CDN and is always in step with the routes.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Json }[];
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Json }> }>;
};
type Doc = {
  info: { title: string; version: string; description?: string };
  paths?: object;
  components?: object;
};

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );

const code = (value: Json | undefined) =>
  value === undefined ? "" : `<pre><code>${escapeHtml(JSON.stringify(value, null, 2))}</code></pre>`;

function renderOperation(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? "yes" : "no"}</td><td>${escapeHtml(p.description ?? "")}</td></tr>`,
    )
    .join("");
  const body = Object.entries(op.requestBody?.content ?? {})
    .map(([type, media]) => `<h4>Body <small>${escapeHtml(type)}</small></h4>${code(media.schema)}`)
    .join("");
  const responses = Object.entries(op.responses ?? {})
    .map(
      ([status, r]) =>
        `<details><summary><b>${escapeHtml(status)}</b> ${escapeHtml(r.description ?? "")}</summary>${Object.values(
          r.content ?? {},
        )
          .map((m) => code(m.schema))
          .join("")}</details>`,
    )
    .join("");
  const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, "-");
  return `<section class="op" id="${id}">
<h3><span class="m m-${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
${op.summary ? `<p><b>${escapeHtml(op.summary)}</b></p>` : ""}${op.description ? `<p>${escapeHtml(op.description)}</p>` : ""}
${params ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>description</th></tr>${params}</table>` : ""}
${body}<h4>Responses</h4>${responses}</section>`;
}

export function renderApiReference(doc: Doc): string {
  const ops: { tag: string; html: string; method: string; path: string }[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Operation>>)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op)
        ops.push({ tag: op.tags?.[0] ?? "Other", method, path, html: renderOperation(method, path, op) });
    }
  }
  const tags = [...new Set(ops.map((o) => o.tag))].sort();
  const nav = tags
    .map(
      (t) =>
        `<h5>${escapeHtml(t)}</h5>${ops
          .filter((o) => o.tag === t)
          .map(
            (o) =>
              `<a href="#${`${o.method}-${o.path}`.replace(/[^a-z0-9]+/gi, "-")}">${o.method.toUpperCase()} ${escapeHtml(o.path)}</a>`,
          )
          .join("")}`,
    )
    .join("");
  const sections = tags
    .map(
      (t) =>
        `<h2>${escapeHtml(t)}</h2>${ops
          .filter((o) => o.tag === t)
          .map((o) => o.html)
          .join("")}`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(doc.info.title)} reference</title><style>${STYLE}</style></head><body>
<nav><h1>${escapeHtml(doc.info.title)} <small>v${escapeHtml(doc.info.version)}</small></h1><a href="/api/openapi.json">openapi.json</a>${nav}</nav>
<main><p>${escapeHtml(doc.info.description ?? "")}</p>${sections}
<h2>Schemas</h2>${code((doc.components ?? {}) as Json)}</main></body></html>`;
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1d22;--muted:#6b7280;--bg:#fff;--panel:#f6f7f9;--line:#e4e6ea}
@media (prefers-color-scheme:dark){:root{--fg:#e7e9ee;--muted:#9aa1ad;--bg:#111318;--panel:#191c22;--line:#2a2e36}}
body{margin:0;display:grid;grid-template-columns:300px 1fr;font:14px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
nav{position:sticky;top:0;height:100vh;overflow:auto;padding:16px;border-right:1px solid var(--line);background:var(--panel)}
nav a{display:block;color:var(--fg);text-decoration:none;font-family:ui-monospace,monospace;font-size:12px;padding:2px 0}
nav h5{margin:16px 0 4px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
main{padding:16px 32px;max-width:960px}.op{border:1px solid var(--line);border-radius:8px;padding:8px 16px;margin:12px 0}
pre{background:var(--panel);padding:8px;border-radius:6px;overflow:auto;font-size:12px}
table{border-collapse:collapse}td,th{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left}
.m{font-size:11px;padding:2px 6px;border-radius:4px;color:#fff;background:#6b7280}.m-get{background:#2563eb}.m-post{background:#16a34a}.m-delete{background:#dc2626}.m-put,.m-patch{background:#d97706}`;
