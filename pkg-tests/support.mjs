// Helpers shared by the package tests and the benchmark (not a test file itself).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const DOC = /\.(json|jsonc|bicep)$/;

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? walk(p) : DOC.test(e.name) && !e.name.includes(".fixed") ? [p] : [];
    });
}

/** The documents of a case, named relative to `base` with forward slashes. */
function load(files, base) {
  return files.map((f) => ({
    name: path.relative(base, f).split(path.sep).join("/"),
    text: fs.readFileSync(f, "utf8"),
  }));
}

/**
 * Every example under examples/, as document sets: a file is a set of one; a directory
 * named `broken`, `fixed` or `*.set` is one set. `expect` is "broken" (at least one error),
 * "fixed" (no error) or null (no expectation, e.g. examples/large).
 */
export function examples(root = path.join(ROOT, "examples")) {
  const cases = [];
  const visit = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      const expect = /^broken\b/.test(e.name) ? "broken" : /^fixed\b/.test(e.name) ? "fixed" : null;
      if (e.isDirectory()) {
        if (expect || e.name.endsWith(".set")) {
          cases.push({ id: path.relative(root, p), expect, files: load(walk(p), p) });
        } else {
          visit(p);
        }
      } else if (DOC.test(e.name) && !e.name.includes(".fixed")) {
        cases.push({ id: path.relative(root, p), expect, files: load([p], dir) });
      }
    }
  };
  visit(root);
  return cases;
}

/** Byte offset (UTF-8) → JavaScript string index (UTF-16). */
export function byteToIndex(text, byte) {
  return Buffer.from(text, "utf8").subarray(0, byte).toString("utf8").length;
}

/** LSP position (0-based line, UTF-16 character) → JavaScript string index. */
export function positionToIndex(text, { line, character }) {
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let l = 0; l < line; l++) {
    const m = re.exec(text);
    if (!m) return text.length;
    start = m.index + m[0].length;
  }
  re.lastIndex = start;
  const m = re.exec(text);
  const end = m ? m.index : text.length;
  return Math.min(start + character, end);
}

/** Apply edits using their byte offsets. */
export function applyByBytes(text, edits) {
  let buf = Buffer.from(text, "utf8");
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    buf = Buffer.concat([buf.subarray(0, e.span.start), Buffer.from(e.newText, "utf8"), buf.subarray(e.span.end)]);
  }
  return buf.toString("utf8");
}

/** Apply edits using their line/UTF-16 character ranges. */
export function applyByPositions(text, edits) {
  const located = edits.map((e) => ({
    s: positionToIndex(text, e.span.range.start),
    t: positionToIndex(text, e.span.range.end),
    newText: e.newText,
  }));
  let out = text;
  for (const e of located.sort((a, b) => b.s - a.s)) {
    out = out.slice(0, e.s) + e.newText + out.slice(e.t);
  }
  return out;
}

/** A large, valid topology document of about `bytes` bytes (hub-and-spokes VNets). */
export function largeTopology(bytes) {
  const vnets = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const v = {
      name: `spoke-${i}-é😀`,
      addressSpace: [`10.${(i >> 8) & 255}.${i & 255}.0/24`],
      subnets: [{ name: "workloads", addressPrefix: `10.${(i >> 8) & 255}.${i & 255}.0/25` }],
      peerings: [{ name: `spoke-${i}-to-hub`, remoteVnet: "hub" }],
    };
    const s = JSON.stringify(v, null, 2);
    size += s.length + 2;
    vnets.push(s);
  }
  return `{\n"vnets": [\n${vnets.join(",\n")}\n]\n}\n`;
}
