// Measure (not a test): the time from a keystroke to its diagnostics on screen, for a generated
// 1,000-line Bicep file, in Chromium. Median over a few dozen keystrokes.
//   node www/tests/measure-latency.mjs [keystrokes]      (after scripts/build-www)
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { launch, openPage } from "./browser.mjs";

const WWW = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const KEYS = Number(process.argv[2] ?? 40);

/** About 1,000 lines: spokes with subnets and peerings, a registry behind an endpoint, AKS. */
function bicep() {
  const out = [
    "param location string = resourceGroup().location",
    "",
    "resource hub 'Microsoft.Network/virtualNetworks@2023-09-01' = {",
    "  name: 'hub'",
    "  location: location",
    "  properties: {",
    "    addressSpace: { addressPrefixes: ['10.0.0.0/16'] }",
    "    subnets: [ { name: 'endpoints', properties: { addressPrefix: '10.0.1.0/24' } } ]",
    "  }",
    "}",
    "",
    "resource acr 'Microsoft.ContainerRegistry/registries@2023-07-01' = {",
    "  name: 'sharedplatform'",
    "  location: location",
    "  sku: { name: 'Premium' }",
    "  properties: { publicNetworkAccess: 'Disabled' }",
    "}",
    "",
    "resource zone 'Microsoft.Network/privateDnsZones@2020-06-01' = {",
    "  name: 'privatelink.azurecr.io'",
    "  location: 'global'",
    "}",
    "",
    "resource pe 'Microsoft.Network/privateEndpoints@2023-09-01' = {",
    "  name: 'acr-pe'",
    "  location: location",
    "  properties: {",
    "    subnet: { id: hub.properties.subnets[0].id }",
    "    privateLinkServiceConnections: [ { name: 'acr', properties: { privateLinkServiceId: acr.id, groupIds: ['registry'] } } ]",
    "  }",
    "}",
    "",
  ];
  let i = 1;
  while (out.length < 960) {
    out.push(
      `resource spoke${i} 'Microsoft.Network/virtualNetworks@2023-09-01' = {`,
      `  name: 'spoke-${i}'`,
      "  location: location",
      "  properties: {",
      `    addressSpace: { addressPrefixes: ['10.${i}.0.0/16'] }`,
      "    subnets: [",
      `      { name: 'nodes', properties: { addressPrefix: '10.${i}.0.0/22' } }`,
      `      { name: 'apps', properties: { addressPrefix: '10.${i}.4.0/24' } }`,
      "    ]",
      "  }",
      "}",
      "",
      `resource link${i} 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {`,
      "  parent: zone",
      `  name: 'link-spoke-${i}'`,
      "  location: 'global'",
      `  properties: { virtualNetwork: { id: spoke${i}.id }, registrationEnabled: false }`,
      "}",
      "",
      `resource peer${i} 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2023-09-01' = {`,
      `  parent: spoke${i}`,
      "  name: 'to-hub'",
      "  properties: { remoteVirtualNetwork: { id: hub.id }, allowVirtualNetworkAccess: true }",
      "}",
      "",
    );
    i++;
  }
  out.push(
    "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {",
    "  name: 'aks-spoke'",
    "  location: location",
    "  properties: {",
    "    agentPoolProfiles: [ { name: 'system', count: 1, vnetSubnetID: spoke1.properties.subnets[0].id } ]",
    "  }",
    "}",
  );
  while (out.length < 999) out.push("// padding");
  out.push("// typed here: ");
  return out.join("\n") + "\n";
}

const text = bicep();
const server = await serve(process.env.WWW_DIST ?? path.join(WWW, "dist"));
const browser = await launch();
const outside = [];
const page = await openPage(browser, server.url, outside);
page.setDefaultTimeout(120_000);
await page.goto(server.url);
await page.waitForSelector(".pull-path");
await page.evaluate((text) => window.__playground.setFiles([{ name: "main.bicep", text }]), text);
await page.waitForFunction(() => /checked in/.test(document.getElementById("status").textContent));
const lines = await page.evaluate(() => window.__playground.view.state.doc.lines);
await page.evaluate(() => {
  const { view } = window.__playground;
  view.focus();
  view.dispatch({ selection: { anchor: view.state.doc.line(view.state.doc.lines - 1).to } });
});

// In the page: the keydown's time, then the first result for the resulting text, then the start
// of the next frame (which paints the diagnostics).
await page.evaluate(() => {
  window.__lat = { t0: 0, done: null };
  document.addEventListener("keydown", () => (window.__lat = { t0: performance.now(), done: null }), true);
  window.addEventListener("topolint:result", (e) => {
    const lat = window.__lat;
    const f = window.__playground.files()[0];
    if (!lat.t0 || lat.done !== null || e.detail.versions[f.name] !== f.version) return;
    // The frame that paints the new diagnostics starts with its animation callbacks.
    requestAnimationFrame(() => (lat.done = performance.now() - lat.t0));
  });
});

const samples = [];
const checkMs = [];
for (let k = 0; k < KEYS; k++) {
  await page.keyboard.press(k % 2 ? "Backspace" : "x");
  await page.waitForFunction(() => window.__lat.done !== null);
  samples.push(await page.evaluate(() => window.__lat.done));
  await page.waitForTimeout(150);
  checkMs.push(await page.evaluate(() => window.__playground.timings()));
}
await browser.close();
await server.close();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
console.log(`document: main.bicep, ${lines} lines, ${text.length} bytes`);
console.log(`keystrokes: ${samples.length}`);
console.log(`keystroke → diagnostics on screen: median ${median(samples).toFixed(1)} ms, p90 ${p(samples, 0.9).toFixed(1)} ms, min ${Math.min(...samples).toFixed(1)} ms (includes the 60 ms debounce)`);
for (const part of ["worker", "diagnostics", "topology"]) {
  const what = { worker: "check + topology in the worker", diagnostics: "diagnostics into the editor and lists", topology: "topology view afterwards (kept when its shape is unchanged)" }[part];
  console.log(`${what}: median ${median(checkMs.map((t) => t[part])).toFixed(1)} ms`);
}
if (outside.length) console.log(`requests outside the page: ${outside.join(", ")}`);
