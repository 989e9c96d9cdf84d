// The language server over a real connection, native (`topolint lsp`) and WASM under Node
// (server/main.js), through the same scenarios. VS Code itself cannot be downloaded on the
// machines that run these tests; everything below it is exercised here.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, uri, applyEdits, ROOT } from './support.mjs';

const HUB = fs.readFileSync(path.join(ROOT, 'tests/fixtures/bicep/hub-spoke.bicep'), 'utf8');
const MAIN = `module net './modules/net.bicep' = {
  name: 'net'
}

resource hub 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'hub'
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: [ net.outputs.space ] }
    subnets: [ { name: 'a', properties: { addressPrefix: '10.1.0.0/24' } } ]
  }
}
`;
const NET = (space) => `output space string = '${space}'\n`;
const codes = (p) => p.diagnostics.map((d) => d.code);

/** The code action titled `title` for diagnostic `d`. */
async function action(s, u, d, title) {
  const actions = await s.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: u },
    range: d.range,
    context: { diagnostics: [d] },
  });
  const found = actions.find((a) => a.title === title);
  assert.ok(found, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(found.kind, 'quickfix');
  return found;
}

function workspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topolint-lsp-'));
  fs.mkdirSync(path.join(dir, 'modules'));
  fs.writeFileSync(path.join(dir, 'hub.bicep'), HUB);
  fs.writeFileSync(path.join(dir, 'main.bicep'), MAIN);
  fs.writeFileSync(path.join(dir, 'modules/net.bicep'), NET('10.0.0.0/16'));
  fs.writeFileSync(
    path.join(dir, 'topolint.json'),
    '// levels for this workspace\n{ "rules": { "peering-overlap": "warning" } }\n',
  );
  return dir;
}

async function initialize(s, dir, capabilities = {}) {
  return s.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uri(dir),
    workspaceFolders: [{ uri: uri(dir), name: 'ws' }],
    capabilities,
  });
}

/** A server in a fresh folder: `body(s, dir)`, then shutdown and exit (status 0). */
async function session(kind, opts, body) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topolint-lsp-'));
  const s = start(kind, opts);
  try {
    await body(s, dir);
    await s.connection.sendRequest('shutdown');
    s.connection.sendNotification('exit');
    assert.equal(await s.exited, 0);
  } finally {
    s.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const kind of ['native', 'wasm']) {
  describe(`${kind} server`, () => {
    let s;
    let dir;
    before(async () => {
      dir = workspace();
      s = start(kind);
      const refused = await s.connection.sendRequest('textDocument/hover', {}).catch((e) => e);
      assert.equal(refused.code, -32002, 'requests before initialize are refused');
      const init = await initialize(s, dir);
      assert.equal(init.capabilities.positionEncoding, 'utf-16');
      assert.equal(init.capabilities.textDocumentSync.change, 2);
      assert.equal(init.serverInfo.name, 'topolint');
      s.connection.sendNotification('initialized', {});
    });
    after(async () => {
      s.child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('workspace files are checked; the config file sets levels', async () => {
      const p = await s.diagnostics(uri(path.join(dir, 'hub.bicep')), (p) => p.diagnostics.length > 0);
      const overlap = p.diagnostics.find((d) => d.code === 'peering-overlap');
      assert.equal(overlap.severity, 2, 'topolint.json makes peering-overlap a warning');
      assert.match(overlap.codeDescription.href, /peering-overlap\.md$/);
      assert.ok(overlap.relatedInformation.length > 0);
      assert.equal(overlap.source, 'topolint');
    });

    test('incremental changes count UTF-16 code units (emoji)', async () => {
      const u = uri(path.join(dir, 'emoji.topology.json'));
      const text = '{\n  "name": "a",\n  "vnets": []\n}\n';
      s.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: u, languageId: 'json', version: 1, text },
      });
      await s.diagnostics(u, (p) => p.version === 1);
      // Line 1 becomes `  "name": "é😀" ,,`: the second comma is at UTF-16 character 17
      // (UTF-8 byte 20).
      s.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: u, version: 2 },
        contentChanges: [
          { range: { start: { line: 1, character: 10 }, end: { line: 1, character: 14 } }, text: '"é😀" ,,' },
        ],
      });
      const p2 = await s.diagnostics(u, (p) => p.version === 2);
      const syntax = p2.diagnostics.filter((d) => d.code === 'syntax-error');
      assert.equal(syntax.length, 1, JSON.stringify(p2));
      assert.deepEqual(syntax[0].range.start, { line: 1, character: 17 });
      // Delete that comma by its UTF-16 position: the document is valid again.
      s.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: u, version: 3 },
        contentChanges: [{ range: { start: { line: 1, character: 17 }, end: { line: 1, character: 18 } }, text: '' }],
      });
      const p3 = await s.diagnostics(u, (p) => p.version === 3);
      assert.deepEqual(codes(p3).filter((c) => c === 'syntax-error'), [], JSON.stringify(p3));
      // A full-text change works too.
      s.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: u, version: 4 },
        contentChanges: [{ text: '{ "vnets": [ ,] }' }],
      });
      const p4 = await s.diagnostics(u, (p) => p.version === 4);
      assert.ok(codes(p4).includes('syntax-error'));
      s.connection.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
      const closed = await s.diagnostics(u, (p) => p.version === undefined || p.version === null);
      assert.deepEqual(closed.diagnostics, [], 'closing a file outside the workspace scan clears it');
    });

    test('code actions: the quick fix and "disable on this line" make diagnostics go', async () => {
      const file = path.join(dir, 'fix.bicep');
      const u = uri(file);
      let text = HUB;
      s.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: u, languageId: 'bicep', version: 1, text },
      });
      const p1 = await s.diagnostics(u, (p) => p.version === 1);
      const premium = p1.diagnostics.find((d) => d.code === 'acr-pe-requires-premium');
      assert.ok(premium, JSON.stringify(codes(p1)));
      const fix = await action(s, u, premium, 'Set `acr` to the Premium SKU');
      text = applyEdits(text, fix.edit.changes[u]);
      assert.match(text, /param acrSku string = 'Premium'/);
      s.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: u, version: 2 },
        contentChanges: [{ text }],
      });
      const p2 = await s.diagnostics(u, (p) => p.version === 2);
      assert.ok(!codes(p2).includes('acr-pe-requires-premium'), JSON.stringify(codes(p2)));

      const one = p2.diagnostics.find((d) => d.code === 'peering-one-sided');
      const disable = await action(s, u, one, 'Disable peering-one-sided on this line');
      text = applyEdits(text, disable.edit.changes[u]);
      assert.match(text, /\n {4}#disable-next-line peering-one-sided\n {4}properties: \{ remoteVirtualNetwork/);
      s.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: u, version: 3 },
        contentChanges: [{ text }],
      });
      const p3 = await s.diagnostics(u, (p) => p.version === 3);
      assert.ok(!codes(p3).includes('peering-one-sided'), JSON.stringify(codes(p3)));
    });

    test('hover on a workload and on a registry shows pull paths', async () => {
      const u = uri(path.join(dir, 'hub.bicep'));
      s.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: u, languageId: 'bicep', version: 1, text: HUB },
      });
      const lines = HUB.split('\n');
      const at = (needle) => {
        const line = lines.findIndex((l) => l.startsWith(needle));
        return { line, character: needle.length - 2 };
      };
      const h = await s.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: u },
        position: at('resource aks '),
      });
      assert.equal(h.contents.kind, 'markdown');
      assert.match(h.contents.value, /AKS cluster `aks-spoke`/);
      assert.match(h.contents.value, /Pull path: .*: \*\*broken\*\*/);
      assert.match(h.contents.value, /DNS/i);
      const r = await s.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: u },
        position: at('resource acr '),
      });
      assert.match(r.contents.value, /Container registry/);
      assert.match(r.contents.value, /aks-spoke/);
      const none = await s.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: u },
        position: { line: 0, character: 0 },
      });
      assert.equal(none, null);
    });

    test('a change in a module updates the files that use it', async () => {
      const main = uri(path.join(dir, 'main.bicep'));
      const net = uri(path.join(dir, 'modules/net.bicep'));
      s.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: main, languageId: 'bicep', version: 7, text: MAIN },
      });
      const p1 = await s.diagnostics(main, (p) => p.version === 7);
      assert.ok(codes(p1).includes('vnet-subnet-outside-space'), JSON.stringify(p1));
      // The module open in the editor, changed there (not saved).
      s.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: net, languageId: 'bicep', version: 1, text: NET('10.0.0.0/16') },
      });
      s.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: net, version: 2 },
        contentChanges: [{ text: NET('10.1.0.0/16') }],
      });
      const p2 = await s.diagnostics(main, (p) => p.version === 7 && !codes(p).includes('vnet-subnet-outside-space'));
      assert.deepEqual(codes(p2), []);
      // Closed again: the text on disk counts; then the disk changes.
      s.connection.sendNotification('textDocument/didClose', { textDocument: { uri: net } });
      await s.diagnostics(main, (p) => codes(p).includes('vnet-subnet-outside-space'));
      fs.writeFileSync(path.join(dir, 'modules/net.bicep'), NET('10.1.0.0/16'));
      s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: net, type: 2 }] });
      await s.diagnostics(main, (p) => !codes(p).includes('vnet-subnet-outside-space'));
    });

    test('settings change rule levels', async () => {
      const u = uri(path.join(dir, 'hub.bicep'));
      s.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { topolint: { rules: { 'peering-overlap': 'off', 'acr-pe-requires-premium': 'info' } } },
      });
      const p = await s.diagnostics(u, (p) => !codes(p).includes('peering-overlap'));
      assert.equal(p.diagnostics.find((d) => d.code === 'acr-pe-requires-premium').severity, 3);
      s.connection.sendNotification('workspace/didChangeConfiguration', { settings: { topolint: { enable: false } } });
      await s.diagnostics(u, (p) => p.diagnostics.length === 0);
      s.connection.sendNotification('workspace/didChangeConfiguration', { settings: { topolint: {} } });
      await s.diagnostics(u, (p) => codes(p).includes('peering-overlap'));
    });

    test('malformed messages get errors and the server keeps answering', async () => {
      s.raw('{"jsonrpc": "2.0", "id": 99, "method": ');
      s.raw('[1, 2]');
      s.raw('{"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"}');
      s.connection.sendNotification('textDocument/didChange', { nonsense: true });
      s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///nowhere.bicep' } });
      const unknown = await s.connection.sendRequest('topolint/nothingHere', {}).catch((e) => e);
      assert.equal(unknown.code, -32601);
      const invalid = await s.connection.sendRequest('textDocument/hover', { position: 3 }).catch((e) => e);
      assert.equal(invalid.code, -32602);
      assert.ok(s.errors.some((e) => /-32700/.test(e)), s.errors.join('\n'));
      assert.ok(s.errors.some((e) => /-32600/.test(e)), s.errors.join('\n'));
      const h = await s.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: uri(path.join(dir, 'hub.bicep')) },
        position: { line: 0, character: 0 },
      });
      assert.equal(h, null);
    });

    test('1,000 rapid changes: the last diagnostics published are the latest version\'s', async () => {
      const u = uri(path.join(dir, 'rapid.topology.json'));
      s.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: u, languageId: 'json', version: 0, text: '{\n  "vnets": []\n}\n' },
      });
      for (let v = 1; v <= 1000; v++) {
        // Odd versions hold a syntax error, even ones do not; the last (1000) is clean, and
        // then version 1001 breaks it on purpose.
        const line = v % 2 ? `  "vnets": [ ,${v}]` : `  "vnets": []`;
        s.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri: u, version: v },
          contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1000 } }, text: line }],
        });
      }
      s.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: u, version: 1001 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }],
      });
      const p = await s.diagnostics(u, (p) => p.version === 1001);
      assert.ok(codes(p).includes('syntax-error'));
      // A round trip, then nothing older may have come after it.
      await s.connection.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 0 } });
      const all = s.published(u);
      assert.equal(all.at(-1).version, 1001);
      for (let i = 1; i < all.length; i++) assert.ok(all[i].version >= all[i - 1].version, 'versions never go back');
      assert.ok(all.length < 1002, `coalesced: ${all.length} publications for 1002 versions`);
    });

    test('shutdown and exit', async () => {
      assert.equal(await s.connection.sendRequest('shutdown'), null);
      const after = await s.connection.sendRequest('textDocument/hover', {}).catch((e) => e);
      assert.equal(after.code, -32600);
      s.connection.sendNotification('exit');
      assert.equal(await s.exited, 0);
    });
  });

  test(`${kind} server: UTF-8 positions when the client offers them`, async () => {
    await session(kind, {}, async (s, dir) => {
      const init = await initialize(s, dir, { general: { positionEncodings: ['utf-8', 'utf-16'] } });
      assert.equal(init.capabilities.positionEncoding, 'utf-8');
      s.connection.sendNotification('initialized', {});
      const u = uri(path.join(dir, 'e.topology.json'));
      s.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: u, languageId: 'json', version: 1, text: '{\n  "name": "a",\n  "vnets": []\n}\n' },
      });
      s.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: u, version: 2 },
        contentChanges: [{ range: { start: { line: 1, character: 10 }, end: { line: 1, character: 14 } }, text: '"é😀" ,,' }],
      });
      const p = await s.diagnostics(u, (p) => p.version === 2);
      const syntax = p.diagnostics.filter((d) => d.code === 'syntax-error');
      assert.deepEqual(syntax[0].range.start, { line: 1, character: 20 });
    });
  });
}

test('wasm server over Node IPC (what VS Code uses)', async () => {
  await session('wasm', { ipc: true }, async (s, dir) => {
    const init = await initialize(s, dir);
    assert.equal(init.capabilities.positionEncoding, 'utf-16');
    s.connection.sendNotification('initialized', {});
    const u = uri(path.join(dir, 'x.topology.json'));
    s.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: u, languageId: 'json', version: 5, text: '{ "vnets": [ ,] }' },
    });
    const p = await s.diagnostics(u, (p) => p.version === 5);
    assert.ok(codes(p).includes('syntax-error'));
  });
});

test('wasm server: a failure inside the WASM restarts the instance; state and service go on', async () => {
  await session('wasm', { env: { TOPOLINT_LSP_TEST_THROW: 'boom.bicep' } }, async (s, dir) => {
    fs.writeFileSync(path.join(dir, 'boom.bicep'), "output x string = 'y'\n");
    // No workspace folder: only the module read throws.
    await s.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    s.connection.sendNotification('initialized', {});
    const other = uri(path.join(dir, 'other.topology.json'));
    s.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: other, languageId: 'json', version: 1, text: '{ "vnets": [ ,] }' },
    });
    await s.diagnostics(other, (p) => p.version === 1 && codes(p).includes('syntax-error'));
    const main = uri(path.join(dir, 'main.bicep'));
    s.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: main, languageId: 'bicep', version: 1, text: "module m './boom.bicep' = { name: 'm' }\n" },
    });
    const p = await s.diagnostics(main, (p) => p.version === 1);
    assert.deepEqual(codes(p), ['internal-error']);
    assert.match(s.stderr(), /starting a new instance/);
    // The new instance has the open documents and keeps serving.
    s.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: other, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 13 }, end: { line: 0, character: 14 } }, text: '' }],
    });
    const p2 = await s.diagnostics(other, (p) => p.version === 2);
    assert.ok(!codes(p2).includes('syntax-error'), JSON.stringify(p2));
  });
});
