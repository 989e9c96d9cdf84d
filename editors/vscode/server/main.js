#!/usr/bin/env node
// The topolint language server under Node: the Rust server (lsp/, compiled to WASM next to this
// file as topolint_lsp.js + topolint_lsp_bg.wasm) does everything; this file only moves
// messages: Content-Length framing over stdin/stdout (`--stdio`, the default) or Node IPC
// (`--node-ipc`, what VS Code uses for a Node module), file reads for the server, and recovery.
//
// Recovery: the WASM is built with panic=abort, so a panic traps the instance. The shim then
// loads a fresh instance, restores the state saved before the last check (open documents,
// settings), replays the notifications since, and goes on; a document whose check trapped is
// quarantined (an internal-error diagnostic) until its text changes.
'use strict';

const fs = require('fs');
const path = require('path');

const GLUE = path.join(__dirname, 'topolint_lsp.js');
// Tests only: reading a file whose path ends so throws through the WASM, as a trap would.
const THROW_ON = process.env.TOPOLINT_LSP_TEST_THROW;

const host = {
  readFile(p) {
    if (THROW_ON && p.endsWith(THROW_ON)) throw new Error(`test failure reading ${p}`);
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  readDir(p) {
    try {
      return fs
        .readdirSync(p, { withFileTypes: true })
        .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
        .join('\n');
    } catch {
      return '';
    }
  },
};

function instantiate() {
  delete require.cache[require.resolve(GLUE)];
  const glue = require(GLUE);
  return new glue.Server(host);
}

const ipc = process.argv.includes('--node-ipc');
let server = instantiate();
// State saved before the last check, and the notifications handled since.
let snapshot = null;
let replay = [];

function log(message) {
  process.stderr.write(`topolint: ${message}\n`);
}

function emit(joined) {
  if (!joined) return;
  for (const text of joined.split('\n')) {
    if (ipc) {
      process.send(JSON.parse(text));
    } else {
      const body = Buffer.from(text, 'utf8');
      process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
      process.stdout.write(body);
    }
  }
}

function restart(error) {
  log(`the server stopped (${error && error.message}); starting a new instance`);
  server = instantiate();
  if (snapshot !== null) server.restore(snapshot);
  for (const text of replay) {
    try {
      server.handle(text);
    } catch {
      server = instantiate();
      if (snapshot !== null) server.restore(snapshot);
      replay = [];
      break;
    }
  }
}

function peek(text) {
  try {
    const m = JSON.parse(text);
    return m && typeof m === 'object' ? m : {};
  } catch {
    return {};
  }
}

function exitIfAsked() {
  const code = server.exitCode();
  if (code === undefined) return;
  if (ipc) process.exit(code);
  process.stdout.write('', () => process.exit(code));
}

function handle(text) {
  try {
    emit(server.handle(text));
    const m = peek(text);
    if (m.method !== undefined && m.id === undefined) replay.push(text);
    else if (m.method === 'initialize' || m.method === 'shutdown') replay.push(text);
  } catch (error) {
    const m = peek(text);
    restart(error);
    if (m.id !== undefined && m.method !== undefined) {
      emit(
        JSON.stringify({
          jsonrpc: '2.0',
          id: m.id,
          error: { code: -32603, message: `topolint failed while answering ${m.method}` },
        }),
      );
    }
  }
  exitIfAsked();
  scheduleFlush();
}

// Checks run when no input is waiting, one document per turn of the event loop, so that a
// burst of changes is checked once, at its latest version.
let flushScheduled = false;
function scheduleFlush() {
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(flushStep);
}

function flushStep() {
  flushScheduled = false;
  if (!server.hasPending()) return;
  snapshot = server.snapshot();
  replay = [];
  const name = server.nextPending();
  try {
    emit(server.flushNext());
  } catch (error) {
    restart(error);
    if (name !== undefined) emit(server.quarantine(name));
  }
  scheduleFlush();
}

if (ipc) {
  process.on('message', (m) => handle(JSON.stringify(m)));
  process.on('disconnect', () => process.exit(1));
} else {
  let buffer = Buffer.alloc(0);
  process.stdin.on('data', (chunk) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) break;
      const headers = buffer.subarray(0, end).toString('ascii');
      const match = /content-length:\s*(\d+)/i.exec(headers);
      if (!match) {
        buffer = buffer.subarray(end + 4);
        continue;
      }
      const length = Number(match[1]);
      if (buffer.length < end + 4 + length) break;
      const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      buffer = buffer.subarray(end + 4 + length);
      handle(body);
    }
  });
  process.stdin.on('end', () => process.exit(1));
}
