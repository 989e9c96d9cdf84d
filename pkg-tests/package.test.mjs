// The built package, imported as an ES module the way a Node user does.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { check, pullPaths, rules, topology, topologySchema, version } from "topolint";
import {
  ROOT,
  examples,
  byteToIndex,
  positionToIndex,
  applyByBytes,
  applyByPositions,
  largeTopology,
} from "./support.mjs";

const require = createRequire(import.meta.url);
const PKG = path.dirname(require.resolve("topolint/package.json"));
const errors = (out) => out.diagnostics.filter((d) => d.severity === "error");

/** Every span of a result, with the text of its document. */
function spans(out, files) {
  const text = Object.fromEntries(files.map((f) => [f.name, f.text]));
  const all = [];
  for (const d of out.diagnostics) {
    all.push(d.span, ...d.related.map((r) => r.span));
    for (const e of d.fix?.edits ?? []) all.push(e.span);
  }
  return all.map((s) => ({ s, text: text[s.file] }));
}

/** Both encodings of a span name the same text. */
function assertSpanAgrees(s, text) {
  assert.ok(text !== undefined, `span names an unknown file ${s.file}`);
  assert.ok(s.start <= s.end, JSON.stringify(s));
  const a = byteToIndex(text, s.start);
  const b = byteToIndex(text, s.end);
  assert.equal(positionToIndex(text, s.range.start), a, `start of ${JSON.stringify(s)}`);
  assert.equal(positionToIndex(text, s.range.end), b, `end of ${JSON.stringify(s)}`);
}

const cases = examples();

test("examples: broken ones have errors, fixed ones none", { skip: cases.length === 0 && "no examples/ yet" }, async (t) => {
  for (const c of cases) {
    await t.test(c.id, () => {
      const out = check(c.files);
      assert.equal(out.errorCount, errors(out).length);
      if (c.expect === "broken") assert.ok(out.errorCount > 0, `${c.id}: expected at least one error`);
      if (c.expect === "fixed")
        assert.deepEqual(errors(out).map((d) => `${d.code}: ${d.message}`), [], `${c.id}: expected no error`);
      for (const { s, text } of spans(out, c.files)) assertSpanAgrees(s, text);
      for (const p of pullPaths(c.files)) {
        assert.ok(["ok", "broken", "unknown", "skipped"].includes(p.verdict));
        assert.ok(Array.isArray(p.steps));
      }
    });
  }
});

test("positions count UTF-16 code units on lines with non-ASCII text and emoji", () => {
  const text = '{\r\n  "name": "café 😀🇩🇪",  "vnets": [ ,]\n}\n';
  const out = check([{ name: "emoji.topology.json", text }]);
  assert.ok(out.diagnostics.length > 0);
  const d = out.diagnostics.find((d) => d.code === "syntax-error");
  assert.equal(d.span.file, "emoji.topology.json");
  const comma = text.lastIndexOf(",");
  assert.equal(d.span.range.start.line, 1);
  // The JavaScript index within the line is the UTF-16 character.
  assert.equal(d.span.range.start.character, comma - (text.indexOf("\n") + 1));
  assert.equal(d.span.start, Buffer.byteLength(text.slice(0, comma)));
  for (const { s, text: t } of spans(out, [{ name: "emoji.topology.json", text }])) assertSpanAgrees(s, t);
});

test("fixes apply the same through byte offsets and through positions", () => {
  const withFixes = cases.flatMap((c) => {
    const out = check(c.files);
    return out.diagnostics.filter((d) => d.fix).map((d) => ({ c, d }));
  });
  if (withFixes.length === 0) {
    // No rule offers a fix yet: check the edit encoding on a synthetic edit over a span that
    // crosses multi-byte characters.
    const text = 'x😀é\n{"a": [ ,]}';
    const [d] = check([{ name: "s.topology.json", text }]).diagnostics;
    const span = { ...d.span, start: 1, end: d.span.end, range: { start: { line: 0, character: 1 }, end: d.span.range.end } };
    const edits = [{ span, newText: "ü🙂" }];
    assert.equal(applyByBytes(text, edits), applyByPositions(text, edits));
    assert.equal(applyByBytes(text, edits), "xü🙂" + text.slice(positionToIndex(text, d.span.range.end)));
    return;
  }
  for (const { c, d } of withFixes) {
    const files = c.files.map((f) => {
      const edits = d.fix.edits.filter((e) => e.span.file === f.name);
      const byBytes = applyByBytes(f.text, edits);
      assert.equal(applyByPositions(f.text, edits), byBytes, `${c.id}: ${d.fix.title}`);
      return { ...f, text: byBytes };
    });
    // The fixed problem is gone.
    const again = check(files).diagnostics.filter((x) => x.code === d.code && x.message === d.message);
    assert.ok(
      again.length < check(c.files).diagnostics.filter((x) => x.code === d.code && x.message === d.message).length,
      `${c.id}: applying "${d.fix.title}" did not remove ${d.code}`,
    );
  }
});

test("a malformed document gives syntax errors, not an exception", () => {
  for (const text of ["{", "}", "", "\u0000\u0001", '{"vnets": [1, 2', "\ud800", "[".repeat(10000), "😀".repeat(100)]) {
    const out = check([{ name: "bad.topology.json", text }]);
    assert.ok(Array.isArray(out.diagnostics));
    for (const d of out.diagnostics) assert.equal(typeof d.message, "string");
  }
  // Deterministic junk through every front end: never a trap, always a result.
  const alphabet = [..."{}[]\",:0123456789.-eEtrufalsn \n\r\t/*\\u😀é\u0000\ud800'=@resource param"];
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 200; i++) {
    let text = "";
    for (let n = next() % 80; n > 0; n--) text += alphabet[next() % alphabet.length];
    for (const name of ["j.topology.json", "m.bicep", "t.json", "x.txt"]) {
      assert.ok(Array.isArray(check([{ name, text }]).diagnostics));
      assert.ok(Array.isArray(pullPaths([{ name, text }])));
    }
  }
  const out = check([{ name: "bad.topology.json", text: '{"vnets": [' }]);
  assert.ok(out.diagnostics.some((d) => d.code === "syntax-error" && d.severity === "error"));
  assert.ok(out.diagnostics[0].url.endsWith("syntax-error.md"));
});

test("an empty set", () => {
  assert.deepEqual(check([]), { diagnostics: [], errorCount: 0, warningCount: 0, infoCount: 0 });
  assert.deepEqual(pullPaths([]), []);
});

test("a 5 MB document", () => {
  const valid = largeTopology(5 * 1024 * 1024);
  assert.ok(valid.length >= 5 * 1024 * 1024);
  const out = check([{ name: "large.topology.json", text: valid }]);
  assert.deepEqual(out.diagnostics.filter((d) => d.code === "syntax-error"), []);
  // A syntax error on the last line is found at the right line and character.
  const broken = valid.replace(/\n\]\n\}\n$/, "\n]\n@}\n");
  const err = check([{ name: "large.topology.json", text: broken }]).diagnostics.find((d) => d.code === "syntax-error");
  assert.ok(err);
  assertSpanAgrees(err.span, broken);
  assert.deepEqual(err.span.range.start, { line: broken.split("\n").length - 2, character: 0 });
});

test("invalid input throws an Error with a message", () => {
  const cases = [
    [() => check("not an array"), /files/],
    [() => check([{ name: "a.json" }]), /text/],
    [() => check([{ name: 1, text: "" }]), /files/],
    [() => check([{ name: "a.json", text: "{}" }, { name: "a.json", text: "{}" }]), /a\.json/],
    [() => check([], { settings: { rules: { "no-such-rule": "off" } } }), /no-such-rule/],
    [() => check([], { setings: {} }), /options/],
    [() => check([], { settings: { rules: { x: "loud" } } }), /options/],
    [() => pullPaths(null), /files/],
    [() => check([], 7), /options/],
  ];
  for (const [f, message] of cases) assert.throws(f, (e) => e instanceof Error && message.test(e.message));
  // The module still works after an error.
  assert.equal(check([]).errorCount, 0);
});

test("settings: every rule can be set to any level", () => {
  for (const r of rules()) {
    for (const level of ["off", "info", "warning", "error"]) {
      check([{ name: "a.topology.json", text: "{}" }], { settings: { rules: { [r.id]: level } } });
    }
  }
  check([], {});
  check([], undefined);
  check([], { settings: {} });
  check([], null);
  check([{ name: "a.topology.json", text: "{}", languageId: "json", version: 3 }]);
});

test("a configuration file's text sets levels and options; its problems are diagnostics on it", () => {
  const doc = {
    name: "a.topology.json",
    text: fs.readFileSync(path.join(ROOT, "tests/fixtures/rules/acr-pe-subnet-capacity/fire.topology.json"), "utf8"),
  };
  const capacity = (out) => out.diagnostics.filter((d) => d.code === "acr-pe-subnet-capacity").length;
  assert.equal(capacity(check([doc])), 2);
  const config = {
    name: "topolint.json",
    text: '{ "rules": { "acr-pe-subnet-capacity": ["error", { "minPrefixGeoReplicated": 28 }], "nope": "off" } }',
  };
  const out = check([doc], { config });
  assert.equal(capacity(out), 1);
  const last = out.diagnostics.at(-1);
  assert.equal(last.code, "config-error");
  assert.equal(last.span.file, "topolint.json");
  assert.equal(last.severity, "warning");
  assert.equal(capacity(check([doc], { config, settings: { rules: { "acr-pe-subnet-capacity": "off" } } })), 0);
});

test("check with { topology: true } gives the topology of the same analysis", () => {
  const files = [
    { name: "a.topology.json", text: fs.readFileSync(path.join(ROOT, "examples/aks-hub-spoke-private-acr/broken.topology.json"), "utf8") },
  ];
  const plain = check(files);
  assert.equal(plain.topology, undefined);
  const both = check(files, { topology: true });
  assert.deepEqual(both.diagnostics, plain.diagnostics);
  assert.ok(both.topology.vnets.length > 0);
  assert.deepEqual(both.topology, topology(files));
});

test("rules, schema and version", () => {
  const all = rules();
  assert.ok(Array.isArray(all));
  for (const r of all) {
    assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(["error", "warning", "info"].includes(r.defaultSeverity));
    assert.ok(r.url.endsWith(`${r.id}.md`));
    assert.equal(typeof r.hasFix, "boolean");
  }
  assert.equal(topologySchema(), fs.readFileSync(path.join(ROOT, "schema/topology.schema.json"), "utf8"));
  assert.equal(typeof JSON.parse(topologySchema()), "object");
  assert.equal(version(), JSON.parse(fs.readFileSync(path.join(PKG, "package.json"), "utf8")).version);
});

test("the .wasm stays under 1 MB gzipped", () => {
  for (const target of ["node", "web"]) {
    const wasm = fs.readFileSync(path.join(PKG, target, "topolint_bg.wasm"));
    const gz = zlib.gzipSync(wasm, { level: 9 }).length;
    assert.ok(gz < 1024 * 1024, `${target}/topolint_bg.wasm is ${gz} bytes gzipped`);
  }
});
