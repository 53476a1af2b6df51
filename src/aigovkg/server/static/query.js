// The query page: pick a named competency query, edit it, run it against /sparql,
// and show the answer as a table whose IRIs link to their pages. No libraries, no CDN.
"use strict";

const AGKD = "https://w3id.org/aigovkg/id/";
let prefixes = {};
let named = {};

function compact(iri) {
  let best = "";
  let name = iri;
  for (const [prefix, ns] of Object.entries(prefixes)) {
    if (iri.startsWith(ns) && ns.length > best.length) {
      best = ns;
      name = prefix + ":" + iri.slice(ns.length);
    }
  }
  return name;
}

function href(iri) {
  return iri.startsWith(AGKD) ? "/id/" + iri.slice(AGKD.length) : "/resource?iri=" + encodeURIComponent(iri);
}

function cell(binding) {
  const td = document.createElement("td");
  if (!binding) return td;
  if (binding.type === "uri") {
    const a = document.createElement("a");
    a.href = href(binding.value);
    a.title = binding.value;
    a.textContent = compact(binding.value);
    td.appendChild(a);
  } else {
    td.textContent = binding.value;
    if (binding["xml:lang"]) td.title = "@" + binding["xml:lang"];
    else if (binding.datatype) td.title = compact(binding.datatype);
  }
  return td;
}

function render(data, seconds) {
  const results = document.getElementById("results");
  results.replaceChildren();
  const status = document.getElementById("status");
  if (typeof data.boolean === "boolean") {
    status.textContent = `ASK: ${data.boolean} (${seconds.toFixed(2)} s)`;
    return;
  }
  const vars = data.head.vars;
  const rows = data.results.bindings;
  status.textContent = `${rows.length} row${rows.length === 1 ? "" : "s"} in ${seconds.toFixed(2)} s`;
  const table = document.createElement("table");
  table.className = "props results";
  table.id = "result-table";
  const head = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.className = "result-row";
    for (const v of vars) tr.appendChild(cell(row[v]));
  }
  results.appendChild(table);
}

async function run(event) {
  if (event) event.preventDefault();
  const error = document.getElementById("error");
  const status = document.getElementById("status");
  error.hidden = true;
  status.textContent = "running…";
  const started = performance.now();
  const response = await fetch("/sparql", {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/sparql-results+json",
    },
    body: new URLSearchParams({ query: document.getElementById("editor").value }),
  });
  const seconds = (performance.now() - started) / 1000;
  if (!response.ok) {
    status.textContent = `error ${response.status}`;
    error.textContent = await response.text();
    error.hidden = false;
    document.getElementById("results").replaceChildren();
    return;
  }
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("json")) {
    status.textContent = `answered as ${type}`;
    const pre = document.createElement("pre");
    pre.textContent = await response.text();
    document.getElementById("results").replaceChildren(pre);
    return;
  }
  render(await response.json(), seconds);
}

function choose() {
  const name = document.getElementById("named").value;
  const question = document.getElementById("question");
  if (name && named[name]) {
    document.getElementById("editor").value = named[name].text;
    question.textContent = named[name].question;
  } else {
    question.textContent = "";
  }
}

async function start() {
  const [p, q] = await Promise.all([fetch("/api/prefixes"), fetch("/api/queries")]);
  prefixes = await p.json();
  for (const item of await q.json()) named[item.name] = item;
  document.getElementById("named").addEventListener("change", choose);
  document.getElementById("query-form").addEventListener("submit", run);
  document.getElementById("editor").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(e);
    if (e.key === "Tab") {
      e.preventDefault();
      const t = e.target;
      const at = t.selectionStart;
      t.value = t.value.slice(0, at) + "  " + t.value.slice(t.selectionEnd);
      t.selectionStart = t.selectionEnd = at + 2;
    }
  });
  if (document.getElementById("named").value) choose();
  document.body.dataset.ready = "true";
}

start();
