// The playground: tabs of documents in CodeMirror, checked as the user types by the WASM core in
// a Web Worker, with diagnostics (underline, gutter, hover, quick fixes), a problems list and a
// picture of the network with its pull paths.
//
// Every check result names the document versions it was computed for and is shown only while
// those are still the versions on screen: a late result never lands over newer text.
import { EditorState, Compartment } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLineGutter, highlightSpecialChars, drawSelection,
  highlightActiveLine, rectangularSelection,
} from "@codemirror/view";
import { defaultKeymap, history as undoHistory, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { json } from "@codemirror/lang-json";
import { linter, lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { bicep } from "./bicep.js";
import { EXAMPLES } from "./examples.js";
import { encodeShare, decodeShare } from "./share.js";
import { renderTopology } from "./topology-view.js";
import "./style.css";

const DEBOUNCE_MS = 60;
const $ = (id) => document.getElementById(id);

/** A DOM element with text content (never markup) and attributes. */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}

// ------------------------------------------------------------------------------------------
// Documents

/** @type {{ name: string, state: EditorState, version: number }[]} */
let files = [];
let active = 0;
const language = new Compartment();

function languageFor(name) {
  if (name.endsWith(".bicep") || name.endsWith(".bicepparam")) return bicep;
  if (name.endsWith(".json") || name.endsWith(".jsonc")) return json();
  return [];
}

// CodeMirror's basic set-up, less autocompletion (nothing to complete yet) to keep the page small.
const setup = [
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightSpecialChars(),
  undoHistory(),
  foldGutter(),
  drawSelection(),
  EditorState.allowMultipleSelections.of(true),
  indentOnInput(),
  syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
  bracketMatching(),
  rectangularSelection(),
  highlightActiveLine(),
  highlightSelectionMatches(),
  keymap.of([indentWithTab, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap]),
];

const onChange = EditorView.updateListener.of((update) => {
  if (!update.docChanged) return;
  const file = files[active];
  if (!file) return;
  file.version++;
  file.state = update.state;
  scheduleCheck();
});

function makeState(name, text) {
  return EditorState.create({
    doc: text,
    extensions: [
      setup,
      language.of(languageFor(name)),
      // No lint source: diagnostics come from the worker through setDiagnostics.
      linter(null, { autoPanel: false }),
      lintGutter(),
      onChange,
      // The editor shares the window with the picture: wrap rather than scroll sideways, so a
      // jump to a range always shows it.
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ "aria-label": "Document" }),
    ],
  });
}

const view = new EditorView({ parent: $("editor"), state: makeState("empty.json", "") });

function docText(file) {
  return file.state.doc.toString();
}

/** Replace every tab with `list` ([{ name, text }]) and open tab `activeIndex`. */
function setFiles(list, activeIndex = 0) {
  files = list.map(({ name, text }) => ({ name, state: makeState(name, text), version: 1 }));
  active = Math.min(activeIndex, files.length - 1);
  selectedPath = null;
  lastResult = null;
  if (files.length) view.setState(files[active].state);
  renderTabs();
  renderExplain();
  checkNow();
}

function switchTo(index) {
  if (index === active || !files[index]) return;
  files[active].state = view.state;
  active = index;
  view.setState(files[active].state);
  applyDiagnosticsToView();
  renderTabs();
}

function uniqueName(base) {
  let name = base;
  for (let i = 2; files.some((f) => f.name === name); i++) name = base.replace(/(\.[^.]+)?$/, `-${i}$1`);
  return name;
}

function addFile() {
  const name = prompt("Name of the new file (.bicep, .json or .topology.json):", uniqueName("module.bicep"));
  if (!name) return;
  if (files.some((f) => f.name === name)) return status(`a tab named ${name} is already open`);
  files[active].state = view.state;
  files.push({ name, state: makeState(name, ""), version: 1 });
  active = files.length - 1;
  view.setState(files[active].state);
  renderTabs();
  checkNow();
  view.focus();
}

function renameFile(index) {
  const file = files[index];
  const name = prompt("Rename the file to:", file.name);
  if (!name || name === file.name) return;
  if (files.some((f) => f.name === name)) return status(`a tab named ${name} is already open`);
  if (index === active) file.state = view.state;
  file.name = name;
  file.state = file.state.update({ effects: language.reconfigure(languageFor(name)) }).state;
  file.version++;
  if (index === active) view.setState(file.state);
  renderTabs();
  checkNow();
}

function deleteFile(index) {
  if (files.length === 1) return status("the last tab cannot be closed");
  if (!confirm(`Close ${files[index].name}? Its text is discarded.`)) return;
  files[active].state = view.state;
  files.splice(index, 1);
  if (active >= index && active > 0) active--;
  view.setState(files[active].state);
  renderTabs();
  checkNow();
}

function renderTabs() {
  const counts = new Map();
  for (const d of currentDiagnostics()) {
    const c = counts.get(d.span.file) ?? { error: 0, warning: 0, info: 0 };
    c[d.severity]++;
    counts.set(d.span.file, c);
  }
  const tabs = files.map((f, i) => {
    const c = counts.get(f.name);
    const badge = c && (c.error || c.warning) ? h("span", { class: `badge ${c.error ? "error" : "warning"}` }, String(c.error || c.warning)) : null;
    return h(
      "div",
      { class: `tab${i === active ? " active" : ""}`, role: "tab", "aria-selected": String(i === active), "data-file": f.name },
      h("button", { type: "button", class: "tab-name", title: "Double-click to rename", onclick: () => switchTo(i), ondblclick: () => renameFile(i) }, f.name),
      badge,
      h("button", { type: "button", class: "tab-close", title: `Close ${f.name}`, "aria-label": `Close ${f.name}`, onclick: () => deleteFile(i) }, "×"),
    );
  });
  tabs.push(h("button", { type: "button", class: "tab-add", title: "New file", "aria-label": "New file", onclick: addFile }, "+"));
  $("tabs").replaceChildren(...tabs);
}

// ------------------------------------------------------------------------------------------
// Checking, in the worker

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
let seq = 0;
let inFlight = false;
let dirty = false;
let timer = null;
/** How long the last result took: in the worker, and to show (ms). */
let timings = null;
/** The last result whose versions matched the documents when it arrived. */
let lastResult = null;

function scheduleCheck() {
  clearTimeout(timer);
  timer = setTimeout(checkNow, DEBOUNCE_MS);
}

function checkNow() {
  clearTimeout(timer);
  if (inFlight) {
    // One check at a time: the newest text is sent when the current one returns.
    dirty = true;
    return;
  }
  dirty = false;
  inFlight = true;
  if (files[active]) files[active].state = view.state;
  worker.postMessage({ type: "check", seq: ++seq, files: files.map((f) => ({ name: f.name, text: docText(f), version: f.version })) });
}

function isCurrent(versions) {
  const names = Object.keys(versions);
  return names.length === files.length && files.every((f) => versions[f.name] === f.version);
}

function currentDiagnostics() {
  return lastResult?.diagnostics ?? [];
}

worker.onmessage = (event) => {
  const msg = event.data;
  if (msg.type === "rules") return renderRules(msg);
  if (msg.type !== "result") return;
  inFlight = false;
  if (dirty || !isCurrent(msg.versions)) {
    // Computed for text that has changed since: drop it, check the text on screen.
    checkNow();
    return;
  }
  if (msg.error) {
    status(msg.error, true);
    return;
  }
  lastResult = msg;
  const t0 = performance.now();
  applyDiagnosticsToView();
  renderTabs();
  renderProblems();
  timings = { worker: msg.ms, diagnostics: performance.now() - t0, topology: null };
  // The picture after the diagnostics have been painted: typing feedback comes first.
  requestAnimationFrame(() => setTimeout(() => {
    const t1 = performance.now();
    renderTopologyView();
    timings.topology = performance.now() - t1;
  }));
  const { error, warning, info } = msg.counts;
  status(`${error} error${error === 1 ? "" : "s"}, ${warning} warning${warning === 1 ? "" : "s"}, ${info} info · checked in ${msg.ms.toFixed(1)} ms`);
  window.dispatchEvent(new CustomEvent("topolint:result", { detail: { versions: msg.versions } }));
};

worker.onerror = (e) => status(`the checker stopped: ${e.message ?? "error"}`, true);

function status(text, bad = false) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("bad", bad);
}

// ------------------------------------------------------------------------------------------
// Diagnostics in the editor

/** A 0-based line / UTF-16 character position → a CodeMirror offset (clamped to the doc). */
function toOffset(doc, pos) {
  if (pos.line + 1 > doc.lines) return doc.length;
  const line = doc.line(pos.line + 1);
  return Math.min(line.from + pos.character, line.to);
}

function applyDiagnosticsToView() {
  const file = files[active];
  if (!file || !lastResult || lastResult.versions[file.name] !== file.version) {
    view.dispatch(setDiagnostics(view.state, []));
    return;
  }
  const doc = view.state.doc;
  const list = lastResult.diagnostics
    .filter((d) => d.span.file === file.name)
    .map((d) => {
      const from = toOffset(doc, d.span.range.start);
      const to = Math.max(from, toOffset(doc, d.span.range.end));
      const versions = lastResult.versions;
      return {
        from,
        to,
        severity: d.severity,
        message: d.message,
        renderMessage: () => renderDiagnostic(d),
        actions: d.fix ? [{ name: d.fix.title, apply: () => applyFix(d.fix, versions) }] : [],
      };
    });
  view.dispatch(setDiagnostics(view.state, list));
}

function renderDiagnostic(d) {
  return h(
    "div",
    { class: "diag" },
    h("div", { class: "diag-message" }, d.message),
    d.help ? h("div", { class: "diag-help" }, d.help) : null,
    d.related.length
      ? h("ul", { class: "diag-related" }, d.related.map((r) => h("li", {}, h("button", { type: "button", class: "link", onclick: () => jump(r.span) }, `${r.span.file}:${r.span.range.start.line + 1}`), " ", r.message)))
      : null,
    h("div", { class: "diag-code" }, h("a", { href: d.url, target: "_blank", rel: "noopener noreferrer" }, d.code)),
  );
}

/** Apply a fix's edits (in any open file), if the text is still the one it was computed for. */
function applyFix(fix, versions) {
  files[active].state = view.state;
  const byFile = new Map();
  for (const e of fix.edits) {
    if (!byFile.has(e.span.file)) byFile.set(e.span.file, []);
    byFile.get(e.span.file).push(e);
  }
  for (const name of byFile.keys()) {
    const f = files.find((x) => x.name === name);
    if (!f || versions[name] !== f.version) return status("the text changed since this fix was computed; try again in a moment", true);
  }
  for (const [name, edits] of byFile) {
    const index = files.findIndex((x) => x.name === name);
    const f = files[index];
    const doc = f.state.doc;
    const changes = edits
      .map((e) => ({ from: toOffset(doc, e.span.range.start), to: toOffset(doc, e.span.range.end), insert: e.newText }))
      .sort((a, b) => a.from - b.from);
    if (index === active) {
      view.dispatch({ changes, userEvent: "input.fix" });
    } else {
      f.state = f.state.update({ changes, userEvent: "input.fix" }).state;
      f.version++;
      scheduleCheck();
    }
  }
}

/** Open a span's file and select the range. */
function jump(span) {
  const index = files.findIndex((f) => f.name === span.file);
  if (index < 0) return;
  switchTo(index);
  const doc = view.state.doc;
  const from = toOffset(doc, span.range.start);
  const to = Math.max(from, toOffset(doc, span.range.end));
  view.dispatch({ selection: { anchor: from, head: to }, effects: EditorView.scrollIntoView(from, { y: "center" }) });
  view.focus();
}

function renderProblems() {
  const list = currentDiagnostics();
  if (!list.length) {
    $("problems").replaceChildren(h("p", { class: "none" }, "No problems."));
    return;
  }
  $("problems").replaceChildren(
    h(
      "ul",
      {},
      list.map((d) =>
        h(
          "li",
          { class: `problem ${d.severity}`, "data-code": d.code },
          h("button", { type: "button", class: "link", onclick: () => jump(d.span) }, `${d.span.file}:${d.span.range.start.line + 1}:${d.span.range.start.character + 1}`),
          " ",
          h("span", { class: `sev ${d.severity}` }, d.severity),
          " ",
          h("span", { class: "msg" }, d.message),
          " ",
          h("a", { href: d.url, target: "_blank", rel: "noopener noreferrer", class: "code" }, d.code),
        ),
      ),
    ),
  );
}

// ------------------------------------------------------------------------------------------
// Topology and pull-path explanations

/** The selected pull path, by its workload → registry names (indices move as text changes). */
let selectedPath = null;

function pathKey(topo, p) {
  return `${topo.workloads[p.workload].name}→${topo.registries[p.registry].name}`;
}

/** What the drawing depends on: the topology less its source ranges, and the selection. */
let drawnShape = null;

function renderTopologyView() {
  const topo = lastResult?.topology;
  if (!topo) return;
  const shape = JSON.stringify(topo, (k, v) => (k === "span" || k === "locations" ? undefined : v)) + selectedPath;
  if (shape !== drawnShape || !$("topology").firstChild) {
    // Typing that moves ranges but changes no name or verdict keeps the drawing (and its
    // layout, the costly part); its clicks resolve ranges in the current result.
    drawnShape = shape;
    const selectedIndex = topo.pullPaths.findIndex((p) => pathKey(topo, p) === selectedPath);
    renderTopology($("topology"), topo, {
      selected: selectedIndex >= 0 ? selectedIndex : null,
      onJump: (ref) => {
        const item = ref.reduce((o, k) => o?.[k], lastResult?.topology);
        if (item?.span) jump(item.span);
      },
      onPath: (i) => {
        const current = lastResult.topology;
        const p = current.pullPaths[i];
        if (!p) return;
        selectedPath = pathKey(current, p);
        renderTopologyView();
        const broken = p.path.steps.find((s) => s.verdict === "broken" && s.locations.length);
        jump(broken ? broken.locations[0].span : p.path.span);
      },
    });
  }
  renderExplain();
}

const VERDICT_MARK = { ok: "✓", broken: "✗", unknown: "?", skipped: "–" };

function renderExplain() {
  const box = $("explain");
  const topo = lastResult?.topology;
  const entry = topo?.pullPaths.find((p) => pathKey(topo, p) === selectedPath);
  if (!entry) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const p = entry.path;
  box.hidden = false;
  box.replaceChildren(
    h(
      "div",
      { class: "explain-head" },
      h("strong", {}, `${pathKey(topo, entry).replace("→", " → ")}`),
      " ",
      h("span", { class: `verdict verdict-${p.verdict}` }, p.verdict),
      h("button", { type: "button", class: "close", "aria-label": "Close the explanation", onclick: () => { selectedPath = null; renderTopologyView(); } }, "×"),
    ),
    h(
      "ol",
      { class: "steps" },
      p.steps.map((s) =>
        h(
          "li",
          { class: `step verdict-${s.verdict}`, "data-step": s.kind },
          h("span", { class: "mark", title: s.verdict }, VERDICT_MARK[s.verdict] ?? s.verdict),
          " ",
          h("strong", {}, s.title),
          ": ",
          h("span", { class: "reason" }, s.reason),
          s.rule && s.verdict !== "ok" ? h("span", { class: "rule" }, " (", s.rule, ")") : null,
          s.locations.length
            ? h("ul", { class: "locs" }, s.locations.map((l) => h("li", {}, h("button", { type: "button", class: "link", onclick: () => jump(l.span) }, `${l.span.file}:${l.span.range.start.line + 1}`), " ", l.message)))
            : null,
        ),
      ),
    ),
  );
}

// ------------------------------------------------------------------------------------------
// Examples, share links, rules page

function fillExamples() {
  const select = $("examples");
  const options = [h("option", { value: "" }, "Choose an example…")];
  const groups = new Map();
  for (const ex of EXAMPLES) {
    if (!groups.has(ex.dir)) groups.set(ex.dir, h("optgroup", { label: ex.dir }));
    groups.get(ex.dir).append(h("option", { value: ex.id }, `${ex.label}: ${ex.title}`));
  }
  select.replaceChildren(...options, ...groups.values());
  select.addEventListener("change", () => {
    const ex = EXAMPLES.find((e) => e.id === select.value);
    if (ex) loadExample(ex);
  });
}

function loadExample(ex) {
  $("examples").value = ex.id;
  setFiles(ex.files);
}

$("share").addEventListener("click", async () => {
  files[active].state = view.state;
  const frag = await encodeShare(files.map((f) => ({ name: f.name, text: docText(f) })), active);
  const url = location.href.replace(/#.*$/, "") + frag;
  history.replaceState(null, "", frag);
  const input = $("share-url");
  input.value = url;
  input.hidden = false;
  input.select();
  try {
    await navigator.clipboard.writeText(url);
    status("share link copied (the files are in the link itself; nothing was uploaded)");
  } catch {
    status("share link ready: copy it from the box (nothing was uploaded)");
  }
});

let rulesRequested = false;
function renderRules({ rules, version }) {
  $("rules-table").tBodies[0].replaceChildren(
    ...rules.map((r) =>
      h(
        "tr",
        { id: `rule-${r.id}` },
        h("td", {}, h("a", { href: r.url, target: "_blank", rel: "noopener noreferrer" }, r.id)),
        h("td", {}, h("span", { class: `sev ${r.defaultSeverity}` }, r.defaultSeverity)),
        h("td", {}, r.hasFix ? "quick fix" : ""),
        h("td", {}, r.summary),
      ),
    ),
  );
  $("rules").dataset.version = version;
  document.title = `topolint ${version} playground`;
}

async function route() {
  const hash = location.hash;
  const rules = hash === "#rules";
  $("rules").hidden = !rules;
  $("playground").hidden = rules;
  $("nav-rules").classList.toggle("current", rules);
  $("nav-play").classList.toggle("current", !rules);
  if (rules) {
    if (!rulesRequested) worker.postMessage({ type: "rules" });
    rulesRequested = true;
    return;
  }
  const shared = await decodeShare(hash);
  if (shared) {
    $("examples").value = "";
    setFiles(shared.files, shared.active);
    status("opened the files from the link");
  } else if (!files.length) {
    loadExample(EXAMPLES.find((e) => e.id === "aks-hub-spoke-private-acr/broken") ?? EXAMPLES[0]);
  }
}

$("nav-play").addEventListener("click", (e) => {
  e.preventDefault();
  history.pushState(null, "", location.pathname + location.search);
  route();
});

fillExamples();
window.addEventListener("hashchange", route);
worker.postMessage({ type: "rules" });
rulesRequested = true;
route();

// For the browser tests and the latency measurement (scripts/test-www, www/tests/).
window.__playground = {
  files: () => files.map((f, i) => ({ name: f.name, text: i === active ? view.state.doc.toString() : docText(f), version: f.version })),
  setFiles,
  view,
  /** The document versions of the diagnostics on screen. */
  shownVersions: () => lastResult?.versions ?? null,
  timings: () => timings,
};
