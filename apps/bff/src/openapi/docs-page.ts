/** A self-contained, script-free HTML rendering of the OpenAPI document (no CDN; styles carry a nonce). */
export function renderDocsPage(doc: Record<string, unknown>, nonce: string): string {
  const esc = (s: string) =>
    s.replace(
      /[&<>"']/g,
      (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
    );
  const code = (s: string) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');
  const info = doc.info as { title: string; version: string; description: string };
  const schemas = ((doc.components as { schemas: Record<string, unknown> }).schemas ?? {}) as Record<
    string,
    unknown
  >;
  const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
  const ops: string[] = [];
  const toc: string[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const id = String(op.operationId);
      toc.push(`<li><a href="#${esc(id)}"><b>${method.toUpperCase()}</b> ${esc(path)}</a></li>`);
      const body = op.requestBody as
        { content: Record<string, { schema: { $ref: string }; example?: unknown }> } | undefined;
      const json = body?.content['application/json'];
      const responses = Object.entries(
        op.responses as Record<
          string,
          { description: string; content?: Record<string, { schema?: { $ref?: string } }> }
        >,
      )
        .map(([status, r]) => {
          const schemaRef = r.content?.['application/json']?.schema?.$ref;
          const name = schemaRef?.split('/').at(-1);
          return `<tr><td>${esc(status)}</td><td>${code(r.description)}</td><td>${name ? `<a href="#schema-${esc(name)}">${esc(name)}</a>` : ''}</td></tr>`;
        })
        .join('');
      const params = (op.parameters as { name: string; in: string; required: boolean }[] | undefined)
        ?.map((p) => `<code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''})`)
        .join(', ');
      const bodyName = json?.schema.$ref.split('/').at(-1);
      ops.push(`<section id="${esc(id)}"><h3><span class="m">${method.toUpperCase()}</span> ${esc(path)}</h3>
<p>${code(String(op.summary))}</p><p class="auth">${code(String(op.description))}</p>
${params ? `<p>Parameters: ${params}</p>` : ''}
${bodyName ? `<p>Body: <a href="#schema-${esc(bodyName)}">${esc(bodyName)}</a></p>` : ''}
${json?.example !== undefined ? `<details><summary>Example body</summary><pre>${esc(JSON.stringify(json.example, null, 2))}</pre></details>` : ''}
<table><tr><th>status</th><th>meaning</th><th>body</th></tr>${responses}</table></section>`);
    }
  }
  const schemaHtml = Object.entries(schemas)
    .map(
      ([name, s]) =>
        `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3><pre>${esc(JSON.stringify(s, null, 2))}</pre></section>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(info.title)}</title>
<style nonce="${nonce}">body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 2rem;color:#1b1f24}
h3{border-top:1px solid #d0d7de;padding-top:1rem}.m{display:inline-block;min-width:4.5rem;color:#0a58ca}
pre{background:#f6f8fa;padding:.75rem;overflow:auto;font-size:13px}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left}
.auth{color:#57606a}code{background:#f6f8fa;padding:0 .2rem}</style></head>
<body><h1>${esc(info.title)} <small>${esc(info.version)}</small></h1><p>${code(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${esc(String(doc.openapi))})</p>
<h2>Endpoints</h2><ul>${toc.join('')}</ul>${ops.join('')}<h2>Schemas</h2>${schemaHtml}</body></html>`;
}
