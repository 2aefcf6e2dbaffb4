/**
 * Renders the OpenAPI document as one static HTML page: a table of contents, then each endpoint
 * with its parameters, request body fields, responses and curl examples, the shared errors, and
 * every schema. No script; the page works under `default-src 'none'`. Every string from the
 * document goes through `esc` (text and attributes alike) before it reaches the page; the only
 * markup added to descriptions is `<code>`, `<p>` and `<ul>` from a Markdown subset, applied
 * after escaping.
 */
import { isRef, METHODS, type Example, type JsonSchema, type MediaType, type OpenApiDocument, type Operation, type Parameter, type Ref, type Response } from "./types";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const esc = (value: unknown) => String(value).replace(/[&<>"']/g, (ch) => ESCAPES[ch]);

/** Escaped text with `code` spans. */
const inline = (text: string) => esc(text).replace(/`([^`]+)`/g, "<code>$1</code>");

/** Paragraphs (blank line apart) and `- ` lists. */
function prose(text: string | undefined): string {
  if (!text) return "";
  return text
    .split(/\n{2,}/)
    .map((block) => {
      const out: string[] = [];
      let list: string[] = [];
      let para: string[] = [];
      const flush = () => {
        if (para.length) out.push(`<p>${inline(para.join(" "))}</p>`);
        if (list.length) out.push(`<ul>${list.map((li) => `<li>${inline(li)}</li>`).join("")}</ul>`);
        para = [];
        list = [];
      };
      for (const line of block.split("\n")) {
        if (line.startsWith("- ")) {
          if (para.length) flush();
          list.push(line.slice(2));
        } else {
          if (list.length) flush();
          para.push(line);
        }
      }
      flush();
      return out.join("");
    })
    .join("");
}

export type DocsOptions = { origin: string };

type Context = { doc: OpenApiDocument; origin: string };

/** Follows a local `$ref` (`#/components/…`) through the document. */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  let node: unknown = doc;
  for (const raw of pointer.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function deref<T>(ctx: Context, value: T | Ref): T {
  let node: unknown = value;
  for (let hops = 0; isRef(node) && hops < 10; hops++) node = resolvePointer(ctx.doc, node.$ref);
  if (node === undefined || isRef(node)) throw new Error(`docs: unresolved reference ${(value as Ref).$ref}`);
  return node as T;
}

const schemaName = (r: string) => (r.startsWith("#/components/schemas/") ? r.slice("#/components/schemas/".length) : r);
const schemaLink = (name: string) => `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
const compact = (v: unknown) => JSON.stringify(v);

/** A short type label: `string`, `array of Event`, `integer or string (date-time)`. */
function typeLabel(ctx: Context, s: JsonSchema): string {
  if (s.$ref) return schemaLink(schemaName(s.$ref));
  if (s.const !== undefined) return `<code>${esc(compact(s.const))}</code>`;
  if (s.enum) return s.enum.map((v) => `<code>${esc(compact(v))}</code>`).join(" | ");
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return branches.map((b) => typeLabel(ctx, b)).join(" or ");
  if (s.allOf) return s.allOf.map((b) => typeLabel(ctx, b)).join(" and ");
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const label = types
    .map((t) => {
      if (t === "array") return s.items ? `array of ${typeLabel(ctx, s.items)}` : "array";
      if (t === "object" && !s.properties && s.additionalProperties && typeof s.additionalProperties === "object") {
        const values = s.additionalProperties;
        return Object.keys(values).length ? `object of ${typeLabel(ctx, values)}` : "object";
      }
      if (t === "string" && s.format) return `string (${esc(s.format)})`;
      return esc(t);
    })
    .join(" or ");
  return label || "any";
}

/** Constraints in words: lengths, bounds, sizes, patterns, defaults. */
function constraints(s: JsonSchema): string[] {
  const out: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    if (min !== undefined && max !== undefined) out.push(min === max ? `exactly ${min} ${unit}` : `${min}–${max} ${unit}`);
    else if (min !== undefined) out.push(`at least ${min} ${unit}`);
    else if (max !== undefined) out.push(`at most ${max} ${unit}`);
  };
  range(s.minLength, s.maxLength, "characters");
  range(s.minItems, s.maxItems, "items");
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) out.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) out.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) out.push(`< ${s.exclusiveMaximum}`);
  // Long patterns (zod's date-time one) say less than their format does.
  if (s.pattern && !s.format && s.pattern.length <= 60) out.push(`pattern <code>${esc(s.pattern)}</code>`);
  if (s.default !== undefined) out.push(`default <code>${esc(compact(s.default))}</code>`);
  return out;
}

type Fields = { properties: Record<string, JsonSchema>; required: Set<string> };

/** The object fields a schema describes directly, through refs and `allOf`. */
function fieldsOf(ctx: Context, s: JsonSchema, depth = 0): Fields | null {
  if (depth > 8) return null;
  if (s.$ref) return fieldsOf(ctx, deref<JsonSchema>(ctx, s as Ref), depth + 1);
  const acc: Fields = { properties: {}, required: new Set() };
  let found = false;
  if (s.properties) {
    found = true;
    Object.assign(acc.properties, s.properties);
    for (const r of s.required ?? []) acc.required.add(r);
  }
  for (const part of s.allOf ?? []) {
    const sub = fieldsOf(ctx, part, depth + 1);
    if (!sub) continue;
    found = true;
    Object.assign(acc.properties, sub.properties);
    for (const r of sub.required) acc.required.add(r);
  }
  return found ? acc : null;
}

/** The schemas whose fields belong under a field: its object, its array items, its branches. */
function childSchemas(ctx: Context, s: JsonSchema): { label?: string; schema: JsonSchema }[] {
  const target = s.$ref ? deref<JsonSchema>(ctx, s as Ref) : s;
  if (fieldsOf(ctx, target)) return [{ schema: target }];
  if (target.items) return childSchemas(ctx, target.items);
  const branches = target.anyOf ?? target.oneOf;
  if (branches) {
    const found = branches.flatMap((b) => childSchemas(ctx, b).map((c) => ({ ...c, label: typeLabel(ctx, b) })));
    return found;
  }
  return [];
}

/** A nested list of fields: name, type, required, description, constraints, and sub-fields. */
function fieldList(ctx: Context, schema: JsonSchema, stack: string[] = []): string {
  const fields = fieldsOf(ctx, schema);
  if (!fields) return "";
  const items = Object.entries(fields.properties).map(([name, raw]) => {
    const target = raw.$ref ? deref<JsonSchema>(ctx, raw as Ref) : raw;
    const description = raw.description ?? (raw.$ref ? undefined : target.description);
    const notes = constraints(target);
    const examples = raw.examples ?? target.examples;
    const refName = raw.$ref ? schemaName(raw.$ref) : (raw.items?.$ref ? schemaName(raw.items.$ref) : undefined);
    let nested = "";
    if (!refName || !stack.includes(refName)) {
      const next = refName ? [...stack, refName] : stack;
      const children = stack.length < 4 ? childSchemas(ctx, raw) : [];
      nested = children
        .map((c) => {
          const list = fieldList(ctx, c.schema, next);
          return list && children.length > 1 && c.label ? `<div class="branch">As ${c.label}:</div>${list}` : list;
        })
        .join("");
      // A shared schema's fields fold away: they are listed again under Schemas.
      if (nested && refName) nested = `<details class="nested"><summary>Fields of ${esc(refName)}</summary>${nested}</details>`;
    }
    return [
      `<li><div class="field"><code class="name">${esc(name)}</code> <span class="type">${typeLabel(ctx, raw)}</span>`,
      fields.required.has(name) ? ` <span class="badge req">required</span>` : "",
      `</div>`,
      description ? `<div class="desc">${prose(description)}</div>` : "",
      notes.length ? `<div class="notes">${notes.join(" · ")}</div>` : "",
      examples?.length ? `<div class="notes">example <code>${esc(compact(examples[0]))}</code></div>` : "",
      nested,
      `</li>`,
    ].join("");
  });
  return items.length ? `<ul class="fields">${items.join("")}</ul>` : "";
}

/** A body's schema: a link to its component, then its fields. */
function schemaBlock(ctx: Context, schema: JsonSchema): string {
  const head = schema.$ref
    ? `<p class="schema-ref">Schema: ${schemaLink(schemaName(schema.$ref))}</p>`
    : schema.description
      ? `<div class="desc">${prose(schema.description)}</div>`
      : `<p class="schema-ref">Schema: ${typeLabel(ctx, schema)}</p>`;
  return head + fieldList(ctx, schema);
}

const pretty = (value: unknown) => `<pre><code>${esc(JSON.stringify(value, null, 2))}</code></pre>`;

function examplesOf(media: MediaType): [string, Example][] {
  if (media.examples) return Object.entries(media.examples);
  if (media.example !== undefined) return [["example", { value: media.example }]];
  return [];
}

/** POSIX shell single quoting. */
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A curl command for an operation, with an example body when it has one. */
export function curlFor(ctx: Context, path: string, method: string, op: Operation, body?: unknown): string {
  const params = (op.parameters ?? []).map((p) => deref<Parameter>(ctx, p));
  const query = params
    .filter((p) => p.in === "query" && p.example !== undefined)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(p.example))}`)
    .join("&");
  const url = `${ctx.origin}${path}${query ? `?${query}` : ""}`;
  const lines = [`curl -i${method === "get" || body !== undefined ? "" : ` -X ${method.toUpperCase()}`} ${shellQuote(url)}`];
  if (op.security?.length) {
    for (const requirement of op.security) {
      for (const name of Object.keys(requirement)) {
        const scheme = ctx.doc.components.securitySchemes?.[name];
        if (scheme?.type === "http" && scheme.scheme === "bearer") lines.push(`-H "authorization: Bearer $PARCOURS_API_KEY"`);
      }
    }
  }
  if (body !== undefined) {
    lines.push(`-H ${shellQuote("content-type: application/json")}`);
    // Short bodies on one line; longer ones pretty-printed, still one single-quoted argument.
    const oneLine = JSON.stringify(body);
    lines.push(`-d ${shellQuote(oneLine.length <= 60 ? oneLine : JSON.stringify(body, null, 2))}`);
  }
  return lines.join(" \\\n  ");
}

function parametersTable(ctx: Context, op: Operation): string {
  const params = (op.parameters ?? []).map((p) => deref<Parameter>(ctx, p));
  if (!params.length) return "";
  const rows = params.map((p) => {
    const notes = constraints(p.schema);
    return [
      `<tr><td><code class="name">${esc(p.name)}</code>${p.required ? ` <span class="badge req">required</span>` : ""}</td>`,
      `<td>${esc(p.in)}</td><td>${typeLabel(ctx, p.schema)}</td>`,
      `<td>${prose(p.description)}${notes.length ? `<div class="notes">${notes.join(" · ")}</div>` : ""}`,
      p.example !== undefined ? `<div class="notes">example <code>${esc(String(p.example))}</code></div>` : "",
      `</td></tr>`,
    ].join("");
  });
  return `<h4>Parameters</h4><div class="table"><table class="params"><thead><tr><th>name</th><th>in</th><th>type</th><th>description</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

const statusClass = (status: string) => `s${esc(status[0])}`;

function responsesBlock(ctx: Context, op: Operation): string {
  const items = Object.entries(op.responses).map(([status, raw]) => {
    const res = deref<Response>(ctx, raw);
    const ok = status.startsWith("2");
    const headers = Object.entries(res.headers ?? {}).map(([name, h]) => {
      const header = deref<{ description?: string; example?: unknown }>(ctx, h);
      return `<li><div class="field"><code class="name">${esc(name)}</code></div><div class="desc">${prose(header.description)}</div>${header.example !== undefined ? `<div class="notes">example <code>${esc(String(header.example))}</code></div>` : ""}</li>`;
    });
    const bodies = Object.entries(res.content ?? {}).map(([type, media]) => {
      const examples = examplesOf(media).map(([name, ex]) => `<div class="example"><div class="example-name">${esc(ex.summary ?? name)}</div>${pretty(ex.value)}</div>`);
      return `<div class="media"><div class="notes">${esc(type)}</div>${schemaBlock(ctx, media.schema)}${examples.join("")}</div>`;
    });
    return [
      `<details class="response"${ok ? " open" : ""}><summary><span class="status ${statusClass(status)}">${esc(status)}</span> ${inline(res.description)}</summary>`,
      headers.length ? `<div class="headers"><div class="label">Headers</div><ul class="fields">${headers.join("")}</ul></div>` : "",
      bodies.join(""),
      `</details>`,
    ].join("");
  });
  return `<h4>Responses</h4>${items.join("")}`;
}

function requestBlock(ctx: Context, path: string, method: string, op: Operation): string {
  const body = op.requestBody;
  const curls: string[] = [];
  let out = "";
  if (body) {
    const types = Object.keys(body.content);
    const main = body.content["application/json"] ?? body.content[types[0]];
    out += `<h4>Request body${body.required ? ` <span class="badge req">required</span>` : ""}</h4>`;
    out += prose(body.description);
    out += `<div class="notes">${types.map((t) => `<code>${esc(t)}</code>`).join(", ")}</div>`;
    out += schemaBlock(ctx, main.schema);
    for (const [name, ex] of examplesOf(main)) {
      curls.push(`<div class="example"><div class="example-name">${esc(ex.summary ?? name)}</div><pre><code>${esc(curlFor(ctx, path, method, op, ex.value))}</code></pre></div>`);
    }
  }
  if (!curls.length) curls.push(`<div class="example"><pre><code>${esc(curlFor(ctx, path, method, op))}</code></pre></div>`);
  return out + `<h4>Try it</h4>${curls.join("")}`;
}

type Entry = { path: string; method: string; op: Operation };

function entriesOf(doc: OpenApiDocument): Entry[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m]! })));
}

const anchor = (op: Operation) => `op-${esc(op.operationId)}`;
const methodBadge = (method: string) => `<span class="method m-${esc(method)}">${esc(method.toUpperCase())}</span>`;

function operationSection(ctx: Context, e: Entry): string {
  const security = e.op.security?.length
    ? `<p class="auth">Authentication: ${e.op.security.flatMap((r) => Object.keys(r)).map((n) => `<code>${esc(n)}</code> — ${inline(ctx.doc.components.securitySchemes?.[n]?.description ?? "")}`).join("; ")}</p>`
    : "";
  return [
    `<section class="op" id="${anchor(e.op)}">`,
    `<h3>${methodBadge(e.method)} <code class="path">${esc(e.path)}</code></h3>`,
    `<p class="summary">${inline(e.op.summary)}</p>`,
    prose(e.op.description),
    security,
    parametersTable(ctx, e.op),
    requestBlock(ctx, e.path, e.method, e.op),
    responsesBlock(ctx, e.op),
    `</section>`,
  ].join("");
}

/** The shared error responses, with the statuses the operations answer them under. */
function errorsSection(ctx: Context, entries: Entry[]): string {
  const statuses = new Map<string, Set<string>>();
  for (const { op } of entries) {
    for (const [status, r] of Object.entries(op.responses)) {
      if (!isRef(r)) continue;
      const name = r.$ref.split("/").pop()!;
      if (!statuses.has(name)) statuses.set(name, new Set());
      statuses.get(name)!.add(status);
    }
  }
  const rows = Object.entries(ctx.doc.components.responses ?? {}).map(([name, res]) => {
    const codes = new Set<string>();
    for (const media of Object.values(res.content ?? {})) {
      for (const [, ex] of examplesOf(media)) {
        const code = (ex.value as { error?: { code?: unknown } })?.error?.code;
        if (typeof code === "string") codes.add(code);
      }
    }
    return `<tr><td>${[...(statuses.get(name) ?? [])].map((s) => `<span class="status ${statusClass(s)}">${esc(s)}</span>`).join(" ")}</td><td>${[...codes].map((c) => `<code>${esc(c)}</code>`).join(" ")}</td><td>${inline(res.description)}</td></tr>`;
  });
  const envelope = ctx.doc.components.schemas.ErrorEnvelope;
  const sample = Object.values(ctx.doc.components.responses ?? {})[0];
  const first = sample ? examplesOf(Object.values(sample.content ?? {})[0] ?? { schema: {} })[0] : undefined;
  return [
    `<section id="errors"><h2>Errors</h2>`,
    envelope ? `<div class="desc">${prose(envelope.description)}</div>${fieldList(ctx, envelope)}` : "",
    first ? pretty(first[1].value) : "",
    `<div class="table"><table><thead><tr><th>status</th><th>code</th><th>when</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`,
    `</section>`,
  ].join("");
}

function schemasSection(ctx: Context): string {
  const items = Object.entries(ctx.doc.components.schemas).map(([name, s]) => {
    return [
      `<section class="schema" id="schema-${esc(name)}"><h3><code>${esc(name)}</code>${s.title && s.title !== name ? ` <span class="title">${esc(s.title)}</span>` : ""}</h3>`,
      prose(s.description),
      s.allOf ? `<p class="schema-ref">All of: ${s.allOf.map((p) => typeLabel(ctx, p)).join(", ")}</p>` : "",
      fieldList(ctx, s),
      s.examples?.length ? `<div class="example"><div class="example-name">Example</div>${pretty(s.examples[0])}</div>` : "",
      `</section>`,
    ].join("");
  });
  return `<section id="schemas"><h2>Schemas</h2>${items.join("")}</section>`;
}

function toc(ctx: Context, entries: Entry[]): string {
  const tags = [...(ctx.doc.tags ?? []).map((t) => t.name)];
  for (const e of entries) for (const t of e.op.tags ?? ["Other"]) if (!tags.includes(t)) tags.push(t);
  const groups = tags
    .map((tag) => {
      const mine = entries.filter((e) => (e.op.tags ?? ["Other"]).includes(tag));
      if (!mine.length) return "";
      return `<li><span class="group">${esc(tag)}</span><ul>${mine.map((e) => `<li><a href="#${anchor(e.op)}">${methodBadge(e.method)} <span class="path">${esc(e.path)}</span></a></li>`).join("")}</ul></li>`;
    })
    .join("");
  const schemas = Object.keys(ctx.doc.components.schemas).map((n) => `<li><a href="#schema-${esc(n)}">${esc(n)}</a></li>`).join("");
  return `<nav class="toc" aria-label="Contents"><ul><li><a href="#overview">Overview</a></li>${groups}<li><a href="#errors">Errors</a></li><li><details><summary>Schemas</summary><ul>${schemas}</ul></details></li></ul></nav>`;
}

export const DOCS_CSS = `
:root{--bg:#fff;--fg:#1d2430;--muted:#5b6575;--line:#e3e7ee;--soft:#f5f7fa;--code:#f0f3f7;--accent:#3254d1;--get:#1a7f4b;--post:#3254d1;--other:#8a5a00;--req:#b42318;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.55;color:var(--fg);background:var(--bg)}
@media (prefers-color-scheme:dark){:root{--bg:#11151c;--fg:#e4e8ef;--muted:#9aa4b4;--line:#2a313d;--soft:#171c25;--code:#1d2430;--accent:#8fa8ff;--get:#4cc38a;--post:#8fa8ff;--other:#e0b050;--req:#ff8a80}}
*{box-sizing:border-box}body{margin:0}a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
header{padding:1.25rem 1.25rem 1rem;border-bottom:1px solid var(--line)}header h1{margin:0;font-size:1.5rem}header p{margin:.25rem 0 0;color:var(--muted)}
.layout{display:grid;grid-template-columns:17rem minmax(0,1fr);max-width:78rem;margin:0 auto}
.toc{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:1rem;border-right:1px solid var(--line);font-size:.9rem}
.toc ul{list-style:none;margin:0;padding:0}.toc li{margin:.2rem 0}.toc ul ul{margin:.25rem 0 .6rem}.toc .group{display:block;margin-top:.6rem;font-weight:600;color:var(--muted);font-size:.75rem;text-transform:uppercase;letter-spacing:.04em}
.toc a{display:block;padding:.15rem .3rem;border-radius:4px;color:var(--fg)}.toc a:hover{background:var(--soft);text-decoration:none}.toc summary{cursor:pointer;padding:.15rem .3rem}
main{padding:1rem 1.5rem 4rem;min-width:0}h2{margin:2.5rem 0 1rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{margin:0 0 .4rem;font-size:1.2rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}h4{margin:1.4rem 0 .5rem;font-size:.95rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.op,.schema{padding:1.25rem 0 1.5rem;border-bottom:1px solid var(--line)}.summary{font-size:1.05rem;margin:.2rem 0 .6rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em;background:var(--code);padding:.05rem .3rem;border-radius:4px;overflow-wrap:break-word}
pre{background:var(--code);padding:.8rem 1rem;border-radius:6px;overflow-x:auto;font-size:.85rem;line-height:1.45}pre code{background:none;padding:0;overflow-wrap:normal}
.method{display:inline-block;min-width:3.4rem;text-align:center;font:600 .72rem/1.6 ui-monospace,Menlo,monospace;color:#fff;border-radius:4px;padding:0 .35rem;background:var(--other)}
.m-get{background:var(--get)}.m-post{background:var(--post)}@media (prefers-color-scheme:dark){.method{color:#11151c}}
.path{font-weight:600}h3 code.path{font-size:1.05rem}
.badge{font-size:.7rem;padding:0 .35rem;border-radius:3px;border:1px solid currentColor;vertical-align:middle}.req{color:var(--req)}
.fields{list-style:none;margin:.4rem 0;padding:0 0 0 .9rem;border-left:2px solid var(--line)}.fields>li{margin:.55rem 0}
.field .type{color:var(--muted);font-size:.9rem}.fields .desc{font-size:.95rem}.desc p{margin:.2rem 0}details.nested>summary{font-size:.85rem;color:var(--accent);padding:.2rem 0}.desc ul{margin:.2rem 0;padding-left:1.2rem}.notes{color:var(--muted);font-size:.85rem}.branch{margin-top:.4rem;font-size:.85rem;color:var(--muted)}
.table{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;border-bottom:1px solid var(--line)}th{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}td p{margin:0 0 .2rem}
details.response{border:1px solid var(--line);border-radius:6px;margin:.5rem 0;padding:.2rem .8rem}details.response[open]{padding-bottom:.6rem}details>summary{cursor:pointer;padding:.35rem 0}
.status{display:inline-block;font:600 .8rem/1.5 ui-monospace,Menlo,monospace;padding:0 .35rem;border-radius:4px;background:var(--soft);border:1px solid var(--line)}.s2{color:var(--get)}.s4,.s5{color:var(--req)}
.example-name,.label{font-size:.85rem;font-weight:600;margin-top:.6rem}.plain{list-style:none;padding:0;margin:.2rem 0}.schema-ref{margin:.3rem 0}.title{font-weight:400;color:var(--muted);font-size:.95rem}.auth{padding:.5rem .8rem;background:var(--soft);border-radius:6px}
@media (max-width:52rem){.layout{display:block}.toc{position:static;max-height:none;border-right:0;border-bottom:1px solid var(--line)}main{padding:1rem}header{padding:1rem}}
@media (max-width:40rem){table.params thead{display:none}table.params tr{display:grid;grid-template-columns:auto auto 1fr;gap:0 .6rem;padding:.5rem 0;border-bottom:1px solid var(--line)}table.params td{border:0;padding:.1rem 0}table.params td:last-child{grid-column:1/-1}table.params td:nth-child(2),table.params td:nth-child(3){color:var(--muted)}}
`;

/** The whole page. `origin` fills the curl examples; it is escaped like everything else. */
export function renderDocs(doc: OpenApiDocument, options: DocsOptions): string {
  const ctx: Context = { doc, origin: options.origin };
  const entries = entriesOf(doc);
  return [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<link rel="icon" href="data:,"><title>${esc(doc.info.title)} — API reference</title><style>${DOCS_CSS}</style></head><body>`,
    `<header><h1>${esc(doc.info.title)} <span class="title">${esc(doc.info.version)}</span></h1>`,
    doc.info.summary ? `<p>${inline(doc.info.summary)}</p>` : "",
    `<p>OpenAPI ${esc(doc.openapi)}: <a href="/v1/openapi.json">/v1/openapi.json</a></p></header>`,
    `<div class="layout">${toc(ctx, entries)}<main>`,
    `<section id="overview"><h2>Overview</h2>${prose(doc.info.description)}</section>`,
    `<section id="endpoints"><h2>Endpoints</h2>${entries.map((e) => operationSection(ctx, e)).join("")}</section>`,
    errorsSection(ctx, entries),
    schemasSection(ctx),
    `</main></div></body></html>`,
  ].join("");
}
