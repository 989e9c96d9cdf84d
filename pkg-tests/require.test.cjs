// The built package loaded with require(), the way a CommonJS user does.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const topolint = require("topolint");

test("require() gives the same API", () => {
  for (const name of ["check", "pullPaths", "rules", "topologySchema", "version"]) {
    assert.equal(typeof topolint[name], "function", name);
  }
  const out = topolint.check([{ name: "a.topology.json", text: '{"vnets": [,]}' }]);
  assert.equal(out.diagnostics[0].code, "syntax-error");
  assert.deepEqual(out.diagnostics[0].span.range.start, { line: 0, character: 11 });
  assert.equal(out.diagnostics[0].fix, null);
  assert.throws(() => topolint.check(42), Error);
});

test("import and require share one instance in Node", async () => {
  const esm = await import("topolint");
  assert.equal(esm.check, topolint.check);
});

test("the ES module wrapper exports everything the CommonJS module does", async () => {
  const esm = await import("topolint");
  assert.deepEqual(Object.keys(esm).sort(), Object.keys(topolint).sort());
});
