// Benchmark, not a test: times `check` of the largest example in Node (the built package) and
// natively (benches/check.rs), side by side in one run, and prints the package's size.
//
//   node pkg-tests/bench.mjs            (after scripts/build-wasm and scripts/test-pkg)
//
// The document is the largest examples/large/*.json when there is one, otherwise a generated
// topology document of about 1 MB.
//
//   node pkg-tests/bench.mjs --generated
//
// times instead, in Node and natively side by side, each document that
// `cargo bench --bench check -- --generate` writes (benches/support/gen.rs: Bicep, ARM and
// topology JSON of 1k, 10k and 100k lines, and a 2,000-line Bicep file before and after a
// one-character edit), then exits.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { ROOT, largeTopology } from "./support.mjs";
import { codeSizeByCrate } from "./wasm-size.mjs";

const require = createRequire(import.meta.url);
const { check } = require("topolint");
const PKG = path.dirname(require.resolve("topolint/package.json"));

function pickDocument() {
  const dir = path.join(ROOT, "examples", "large");
  const candidates = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f))
    : [];
  if (candidates.length > 0) {
    const file = candidates.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
    return { file, label: path.relative(ROOT, file) };
  }
  const file = path.join(ROOT, "target", "bench", "generated.topology.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, largeTopology(1024 * 1024));
  return { file, label: "generated topology JSON (no examples/large yet)" };
}

function timeNode(files) {
  let diagnostics = 0;
  for (let i = 0; i < 3; i++) diagnostics = check(files).diagnostics.length;
  const times = [];
  const started = performance.now();
  while (times.length < 10 || (performance.now() - started < 2000 && times.length < 1000)) {
    const t = performance.now();
    check(files);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { runs: times.length, medianMs: times[times.length >> 1], minMs: times[0], diagnostics };
}

if (process.argv.includes("--generated")) {
  const dir = path.join(ROOT, "target", "bench", "generated");
  const cargo = (args) =>
    execFileSync("cargo", ["bench", "--quiet", "--bench", "check", "--", ...args], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
  const files = cargo(["--generate", dir]).trim().split("\n");
  const native = new Map(
    cargo(["--each", ...files])
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .map((r) => [r.file, r]),
  );
  console.log(`${"document".padEnd(34)} ${"lines".padStart(7)} ${"node ms".padStart(9)} ${"native ms".padStart(9)} ${"ratio".padStart(6)} ${"diags".padStart(6)} ${"peak/input".padStart(10)}`);
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const node = timeNode([{ name: file, text }]);
    const n = native.get(file);
    console.log(
      `${path.basename(file).padEnd(34)} ${String(text.split("\n").length).padStart(7)} ${node.medianMs.toFixed(2).padStart(9)} ${n.medianMs.toFixed(2).padStart(9)} ${(node.medianMs / n.medianMs).toFixed(2).padStart(6)} ${String(node.diagnostics).padStart(6)} ${(n.peakBytes / Buffer.byteLength(text)).toFixed(1).padStart(10)}`,
    );
  }
  process.exit(0);
}

const { file, label } = pickDocument();
const text = fs.readFileSync(file, "utf8");
const files = [{ name: path.basename(file), text }];
console.log(`document: ${label}: ${text.split("\n").length} lines, ${Buffer.byteLength(text)} bytes`);

const node = timeNode(files);
const native = JSON.parse(
  execFileSync("cargo", ["bench", "--quiet", "--bench", "check", "--", file], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop(),
);
const fmt = (r) => `median ${r.medianMs.toFixed(2)} ms, min ${r.minMs.toFixed(2)} ms over ${r.runs} runs, ${r.diagnostics} diagnostics`;
console.log(`node (wasm): ${fmt(node)}`);
console.log(`native:      ${fmt(native)}`);
console.log(`node / native: ${(node.medianMs / native.medianMs).toFixed(2)}x (median), ${(node.minMs / native.minMs).toFixed(2)}x (min)`);

console.log("\npackage size (raw / gzip -9):");
let total = 0;
const walk = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
for (const f of walk(PKG).sort()) {
  const bytes = fs.readFileSync(f);
  total += bytes.length;
  const gz = zlib.gzipSync(bytes, { level: 9 }).length;
  console.log(`  ${path.relative(PKG, f).padEnd(28)} ${String(bytes.length).padStart(9)} ${String(gz).padStart(9)}`);
}
console.log(`  ${"total (unpacked)".padEnd(28)} ${String(total).padStart(9)}`);

// What costs the most: code per crate in the module as cargo built it (before wasm-opt).
const raw = ["wasm-debian", "wasm"]
  .map((d) => path.join(ROOT, "target", d, "wasm32-unknown-unknown", "release-wasm", "topolint.wasm"))
  .filter((f) => fs.existsSync(f))
  .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
if (raw) {
  const { total, crates } = codeSizeByCrate(raw);
  console.log(`\ncode before wasm-opt, by defining crate (${path.relative(ROOT, raw)}, ${total} bytes of code):`);
  for (const [crate, size] of crates.slice(0, 10)) {
    console.log(`  ${crate.padEnd(28)} ${String(size).padStart(9)} ${((100 * size) / total).toFixed(1).padStart(5)}%`);
  }
}
