// The playground in real Chromium: load an example, type a problem in, see its diagnostic and
// the pull path turn red, apply the quick fix, explain a broken path, share the files by link,
// read the rules page. Screenshots go to www/test-results/ (git-ignored) for a human to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { launch, openPage } from "./browser.mjs";

const WWW = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SHOTS = path.join(WWW, "test-results");
const DIST = process.env.WWW_DIST ?? path.join(WWW, "dist"); // another build, for debugging
const TIMEOUT = 60_000; // a loaded 2-core machine

let server, browser, page;
const outside = [];

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, "index.html")), `${DIST} is not built; run scripts/build-www`);
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await serve(DIST);
  browser = await launch();
  page = await openPage(browser, server.url, outside);
  page.setDefaultTimeout(TIMEOUT);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
const files = () => page.evaluate(() => window.__playground.files().map(({ name, text }) => ({ name, text })));

/** Select the first occurrence of `needle` in the open document (as a user's double-click would). */
async function select(needle) {
  await page.evaluate((needle) => {
    const { view } = window.__playground;
    const at = view.state.doc.toString().indexOf(needle);
    if (at < 0) throw new Error(`${needle} is not in the document`);
    view.focus();
    view.dispatch({ selection: { anchor: at, head: at + needle.length }, scrollIntoView: true });
  }, needle);
}

async function loadExample(id) {
  await page.selectOption("#examples", id);
  await page.waitForFunction(() => /checked in/.test(document.getElementById("status").textContent));
}

test("the page loads, checks the default example, and draws its pull path", async () => {
  await page.goto(server.url);
  await page.waitForSelector(".pull-path");
  await page.waitForFunction(() => /checked in/.test(document.getElementById("status").textContent));
  assert.ok((await page.locator(".problem.error").count()) > 0, "the default example is a broken one");
  assert.equal(await page.locator(".tab").count(), 1);
});

test("typing a problem in shows its diagnostic; its quick fix takes it away", async () => {
  await loadExample("aks-hub-spoke-private-acr/fixed");
  await page.waitForSelector('.pull-path[data-verdict="ok"]');
  assert.equal(await page.locator(".problem.error").count(), 0);
  await shot("01-fixed-example");

  await select('"Premium"');
  await page.keyboard.type('"Basic"', { delay: 30 });
  await page.waitForSelector('.problem[data-code="acr-pe-requires-premium"]');
  await page.waitForSelector(".cm-lintRange-error");
  await page.waitForSelector(".cm-lint-marker-error");

  // Hover: the message, and the rule id linking to its documentation.
  await page.locator(".cm-lintRange-error").first().hover();
  const tooltip = page.locator(".cm-tooltip-lint");
  await tooltip.waitFor();
  const link = tooltip.locator(".diag-code a", { hasText: "acr-pe-requires-premium" });
  assert.match(await link.getAttribute("href"), /acr-pe-requires-premium/);
  await shot("02-diagnostic-hover");

  // The quick fix sets the SKU back and the diagnostic goes.
  await tooltip.locator(".cm-diagnosticAction").first().click();
  await page.waitForSelector('.problem[data-code="acr-pe-requires-premium"]', { state: "detached" });
  assert.match((await files())[0].text, /"sku": "Premium"/);
  assert.equal(await page.locator(".problem.error").count(), 0);
  await page.mouse.move(0, 0);
  await shot("03-quick-fix-applied");
});

test("an edit that breaks the pull path turns it from ok to broken", async () => {
  await page.waitForSelector('.pull-path[data-verdict="ok"]');
  // Delete the hub's side of the peering: the spoke can no longer reach the endpoint.
  await select(',\n      "peerings": [ { "remote": "spoke-aks" } ]');
  await page.keyboard.press("Backspace");
  await page.waitForSelector('.pull-path[data-verdict="broken"]');
  assert.equal(await page.locator('.pull-path[data-verdict="ok"]').count(), 0);
  assert.ok((await page.locator(".problem.error").count()) > 0);
  await page.mouse.move(0, 0);
  await shot("04-path-broken-by-edit");
});

test("after fast typing, what is shown was computed for the text on screen", async () => {
  await select('"aks-spoke", "kind"');
  await page.keyboard.type('"aks-spoke-renamed-quickly", "kind"', { delay: 0 });
  await page.waitForFunction(() => {
    const shown = window.__playground.shownVersions();
    return shown && window.__playground.files().every((f) => shown[f.name] === f.version);
  });
  assert.match((await files())[0].text, /aks-spoke-renamed-quickly/);
});

test("clicking a broken pull path explains it and jumps to the source", async () => {
  await loadExample("aks-hub-spoke-private-acr/broken");
  const broken = page.locator('.pull-path[data-verdict="broken"]').first();
  await broken.focus();
  await page.keyboard.press("Enter");
  const explain = page.locator("#explain");
  await explain.waitFor();
  assert.ok((await explain.locator(".step.verdict-broken").count()) > 0);
  const selected = await page.evaluate(() => {
    const { view } = window.__playground;
    const r = view.state.selection.main;
    return view.state.sliceDoc(r.from, r.to);
  });
  assert.ok(selected.length > 0, "the editor selects the source range of the broken step");
  await shot("05-explain-broken-path");
});

test("a share link restores the open files", async () => {
  page.once("dialog", (d) => d.accept("network.bicep"));
  await page.click(".tab-add");
  await page.waitForSelector('.tab[data-file="network.bicep"]');
  await page.keyboard.type("param location string = 'westeurope'\n// é😀 survives the link\n");
  const before = await files();
  assert.equal(before.length, 2);
  await page.click("#share");
  // The link is compressed asynchronously (CompressionStream).
  await page.waitForFunction(() => document.getElementById("share-url").value.includes("#share="));
  const url = await page.inputValue("#share-url");
  assert.match(url, /#share=/);

  const other = await openPage(browser, server.url, outside);
  await other.goto(url);
  await other.waitForFunction(() => /opened the files from the link|checked in/.test(document.getElementById("status").textContent));
  await other.waitForSelector('.tab[data-file="network.bicep"]');
  const restored = await other.evaluate(() => window.__playground.files().map(({ name, text }) => ({ name, text })));
  assert.deepEqual(restored, before);
  await other.waitForSelector(".cm-line");
  await other.screenshot({ path: path.join(SHOTS, "06-share-link-restored.png") });
  await other.close();
});

test("the rules page lists every rule from rules()", async () => {
  await page.goto(server.url + "#rules");
  await page.waitForSelector("#rule-acr-pe-requires-premium");
  const rows = await page.locator("#rules-table tbody tr").count();
  assert.ok(rows >= 10, `${rows} rules`);
  await shot("07-rules-page");
});

test("nothing was requested outside the page's own origin", () => {
  assert.deepEqual(outside, []);
});
