// The browser build (topolint/web), initialised the way a page does, but with the bytes read
// from disk instead of fetched.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import init, { initSync, check, version } from "topolint/web";

const require = createRequire(import.meta.url);

test("the web build initialises from bytes and checks", async () => {
  const wasm = fs.readFileSync(require.resolve("topolint/web/topolint_bg.wasm"));
  initSync({ module: wasm });
  assert.equal(typeof init, "function");
  const out = check([{ name: "a.topology.json", text: '{"vnets": [ ,]}' }]);
  assert.equal(out.diagnostics[0].code, "syntax-error");
  assert.match(version(), /^\d+\.\d+\.\d+/);
});
