// Drives a topolint language server over a real connection (a child process's stdio, or Node
// IPC) with vscode-languageserver-protocol, the client library VS Code's own client uses.
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  IPCMessageReader,
  IPCMessageWriter,
} from 'vscode-languageserver-protocol/node';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../../..');

/** The two ways the server runs: native (`topolint lsp`) and the WASM build under Node. */
export const SERVERS = {
  native: () => [process.env.TOPOLINT_BIN || path.join(ROOT, 'target/debug/topolint'), ['lsp', '--stdio']],
  wasm: () => [process.execPath, [path.join(ROOT, 'editors/vscode/server/main.js'), '--stdio']],
};

export function uri(p) {
  return pathToFileURL(p).href;
}

/**
 * Start a server; returns { connection, child, published(uri), nextDiagnostics(uri, pred),
 * errors, exited }.
 */
export function start(kind, { ipc = false, env = {} } = {}) {
  const [cmd, args] = SERVERS[kind]();
  const child = spawn(cmd, ipc ? [args[0], '--node-ipc'] : args, {
    stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const errors = [];
  const logger = {
    error: (m) => errors.push(m),
    warn: () => {},
    info: () => {},
    log: () => {},
  };
  const connection = ipc
    ? createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child), logger)
    : createProtocolConnection(
        new StreamMessageReader(child.stdout),
        new StreamMessageWriter(child.stdin),
        logger,
      );
  // Every publishDiagnostics in arrival order, by URI, and waiters.
  const published = new Map();
  const waiters = [];
  const messages = [];
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    if (!published.has(p.uri)) published.set(p.uri, []);
    published.get(p.uri).push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.pred(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.onNotification('window/logMessage', (p) => messages.push(p));
  connection.onNotification('window/showMessage', (p) => messages.push(p));
  connection.listen();
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    connection,
    child,
    errors,
    messages,
    exited,
    stderr: () => stderr,
    published: (u) => published.get(u) || [],
    last: (u) => (published.get(u) || []).at(-1),
    /** The next publishDiagnostics for `u` that satisfies `pred` (already received ones count). */
    diagnostics(u, pred = () => true, timeoutMs = 60000) {
      const latest = (published.get(u) || []).at(-1);
      if (latest && pred(latest)) return Promise.resolve(latest);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching diagnostics for ${u}; got ${JSON.stringify(published.get(u) || []).slice(0, 2000)}\n${stderr}`)),
          timeoutMs,
        );
        waiters.push({
          uri: u,
          pred,
          resolve: (p) => {
            clearTimeout(timer);
            resolve(p);
          },
        });
      });
    },
    /** Write raw bytes to the server (stdio only): for malformed messages. */
    raw(body) {
      const b = Buffer.from(body, 'utf8');
      child.stdin.write(`Content-Length: ${b.length}\r\n\r\n`);
      child.stdin.write(b);
    },
  };
}

/** Apply LSP TextEdits (UTF-16 positions) to a text. */
export function applyEdits(text, edits) {
  const lines = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') {
      lines.push(start);
      start = i + 1;
    }
  }
  lines.push(start);
  const offset = (p) => Math.min((lines[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) {
    text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  }
  return text;
}
