// The VS Code side of topolint: starts the language server (server/main.js: the Rust server
// compiled to WASM, run by VS Code's own Node, so one package serves every platform), shows a
// status bar item, and passes the `topolint.*` settings on. It registers for the `bicep`
// language id and file patterns and contributes no language, so it works beside the official
// Bicep extension without taking its files over.
'use strict';

const vscode = require('vscode');
const { LanguageClient, State, TransportKind } = require('vscode-languageclient/node');

let client;
let status;

function documentSelector() {
  return [
    { scheme: 'file', language: 'bicep' },
    { scheme: 'untitled', language: 'bicep' },
    { scheme: 'file', pattern: '**/*.bicep' },
    { scheme: 'file', pattern: '**/*.topology.json' },
    { scheme: 'file', language: 'arm-template' },
    // ARM templates are plain JSON to VS Code; the server reads only those whose `$schema`
    // names a deployment template and ignores other JSON.
    { scheme: 'file', language: 'json' },
    { scheme: 'file', language: 'jsonc' },
  ];
}

function setStatus(text, tooltip) {
  status.text = text;
  status.tooltip = tooltip;
}

async function start(context) {
  const module = context.asAbsolutePath('server/main.js');
  const serverOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc },
  };
  const settings = () => vscode.workspace.getConfiguration('topolint');
  client = new LanguageClient('topolint', 'topolint', serverOptions, {
    documentSelector: documentSelector(),
    initializationOptions: { enable: settings().get('enable'), rules: settings().get('rules') },
    synchronize: {
      configurationSection: 'topolint',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{bicep,json,jsonc}'),
    },
  });
  client.onDidChangeState(({ newState }) => {
    if (newState === State.Running) setStatus('$(shield) topolint', 'topolint is checking Bicep, ARM and topology documents');
    else if (newState === State.Starting) setStatus('$(sync~spin) topolint', 'topolint is starting');
    else setStatus('$(error) topolint', 'topolint stopped; click to restart');
  });
  await client.start();
}

async function activate(context) {
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = 'topolint.restart';
  setStatus('$(sync~spin) topolint', 'topolint is starting');
  status.show();
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('topolint.restart', async () => {
      if (client) await client.stop();
      await start(context);
    }),
    vscode.commands.registerCommand('topolint.showOutput', () => client && client.outputChannel.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('topolint.enable') && !vscode.workspace.getConfiguration('topolint').get('enable')) {
        setStatus('$(circle-slash) topolint', 'topolint is disabled (topolint.enable)');
      }
    }),
  );
  await start(context);
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
