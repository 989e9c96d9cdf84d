// Round trip from a didChange to its publishDiagnostics for a generated 2,000-line Bicep file,
// native (`topolint lsp`) and WASM under Node: the median over some dozens of changes. Prints
// figures; asserts nothing (speed lives in benchmarks, not tests). Run by scripts/bench-lsp.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, uri } from './support.mjs';

const ROUNDS = Number(process.env.ROUNDS || 40);

/** About 2,000 lines: VNets with subnets, registries with endpoints, clusters pulling. */
function bicep(lines) {
  const out = ["param location string = 'westeurope'", ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `resource vnet${i} 'Microsoft.Network/virtualNetworks@2024-05-01' = {`,
      `  name: 'vnet${i}'`,
      '  location: location',
      '  properties: {',
      `    addressSpace: { addressPrefixes: [ '10.${i % 250}.0.0/16' ] }`,
      '    subnets: [',
      `      { name: 'nodes', properties: { addressPrefix: '10.${i % 250}.0.0/22' } }`,
      `      { name: 'endpoints', properties: { addressPrefix: '10.${i % 250}.4.0/27' } }`,
      '    ]',
      '  }',
      '}',
      '',
      `resource acr${i} 'Microsoft.ContainerRegistry/registries@2025-11-01' = {`,
      `  name: 'acr${i}'`,
      '  location: location',
      "  sku: { name: 'Premium' }",
      "  properties: { publicNetworkAccess: 'Disabled' }",
      '}',
      '',
      `resource pe${i} 'Microsoft.Network/privateEndpoints@2024-05-01' = {`,
      `  name: 'pe${i}'`,
      '  location: location',
      '  properties: {',
      `    subnet: { id: '\${vnet${i}.id}/subnets/endpoints' }`,
      `    privateLinkServiceConnections: [ { name: 'acr', properties: { privateLinkServiceId: acr${i}.id, groupIds: [ 'registry' ] } } ]`,
      '  }',
      '}',
      '',
      `resource aks${i} 'Microsoft.ContainerService/managedClusters@2026-05-01' = {`,
      `  name: 'aks${i}'`,
      '  location: location',
      "  identity: { type: 'SystemAssigned' }",
      '  properties: {',
      `    agentPoolProfiles: [ { name: 'system', count: 3, vnetSubnetID: vnet${i}.properties.subnets[0].id } ]`,
      '  }',
      '}',
      '',
      `resource pull${i} 'Microsoft.Authorization/roleAssignments@2022-04-01' = {`,
      `  name: guid(acr${i}.id, aks${i}.id, 'acrpull')`,
      `  scope: acr${i}`,
      '  properties: {',
      `    principalId: aks${i}.identity.principalId`,
      "    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')",
      '  }',
      '}',
      '',
    );
  }
  return out.join('\n');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(kind, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topolint-bench-'));
  const s = start(kind);
  try {
    await s.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    s.connection.sendNotification('initialized', {});
    const u = uri(path.join(dir, 'big.bicep'));
    s.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: u, languageId: 'bicep', version: 0, text },
    });
    const first = await s.diagnostics(u, (p) => p.version === 0, 600000);
    const times = [];
    for (let v = 1; v <= ROUNDS; v++) {
      const t0 = process.hrtime.bigint();
      // Edit the location parameter's default: every resource depends on it.
      s.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: u, version: v },
        contentChanges: [
          { range: { start: { line: 0, character: 24 }, end: { line: 0, character: 34 } }, text: v % 2 ? 'northeurop' : 'westeurope' },
        ],
      });
      await s.diagnostics(u, (p) => p.version === v, 600000);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    await s.connection.sendRequest('shutdown');
    s.connection.sendNotification('exit');
    await s.exited;
    return { times, diagnostics: first.diagnostics.length };
  } finally {
    s.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const text = bicep(2000);
const lines = text.split('\n').length;
console.log(`didChange → publishDiagnostics, ${lines}-line Bicep file (${text.length} bytes), ${ROUNDS} changes each`);
for (const kind of ['native', 'wasm']) {
  const { times, diagnostics } = await measure(kind, text);
  console.log(
    `${kind.padEnd(6)}  median ${median(times).toFixed(1)} ms  min ${Math.min(...times).toFixed(1)} ms  max ${Math.max(...times).toFixed(1)} ms  (${diagnostics} diagnostics)`,
  );
}
