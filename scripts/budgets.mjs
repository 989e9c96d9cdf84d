// The checks of scripts/budgets (run that, not this: it builds what this measures).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const budgets = JSON.parse(fs.readFileSync(path.join(ROOT, "budgets.json"), "utf8"));
const measured = {};
const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], ...opts });

// ---- sizes
const gz = (f) => zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length;
measured.wasmGzipBytes = Math.max(
  ...["node", "web"].map((t) => gz(path.join(ROOT, "pkg", t, "topolint_bg.wasm"))),
);
const [packed] = JSON.parse(run("npm", ["pack", "--dry-run", "--json", "--silent"], { cwd: path.join(ROOT, "pkg") }));
measured.npmPackBytes = packed.size;
const vsix = fs
  .readdirSync(path.join(ROOT, "editors", "vscode"))
  .filter((f) => f.endsWith(".vsix"))
  .map((f) => path.join(ROOT, "editors", "vscode", f))
  .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
measured.vsixBytes = fs.statSync(vsix).size;

// ---- figures: native first, then Node on the same documents, in this one run
const native = JSON.parse(run("cargo", ["bench", "--quiet", "--locked", "--bench", "check", "--", "--figures"]).trim().split("\n").pop());
const dir = path.join(ROOT, "target", "bench", "generated");
run("cargo", ["bench", "--quiet", "--locked", "--bench", "check", "--", "--generate", dir]);
const require = createRequire(import.meta.url);
const { check } = require(path.join(ROOT, "pkg"));
const texts = ["before", "after"].map((w) => [
  { name: "main.bicep", text: fs.readFileSync(path.join(dir, `edit-2000-${w}.bicep`), "utf8") },
]);
const times = [];
for (let i = 0; i < 206; i++) {
  const t = performance.now();
  check(texts[i % 2]);
  if (i >= 6) times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const nodeMs = times[times.length >> 1];
Object.assign(measured, native);
measured.node2kEditMs = nodeMs;
measured.nodeOverNative2kEdit = nodeMs / native.bicep2kEditMs;

// ---- verdict
const limits = { ...budgets.sizes, ...budgets.figures };
const failures = [];
console.log(`${"figure".padEnd(28)} ${"measured".padStart(12)} ${"limit".padStart(12)}`);
for (const [name, limit] of Object.entries(limits)) {
  const value = measured[name];
  const shown = Number.isInteger(value) ? String(value) : value?.toFixed(2);
  const ok = typeof value === "number" && value <= limit;
  console.log(`${name.padEnd(28)} ${String(shown).padStart(12)} ${String(limit).padStart(12)} ${ok ? "ok" : "OVER"}`);
  if (!ok) failures.push(`${name}: measured ${shown}, limit ${limit} (budgets.json)`);
}
const info = ["bicep2kEditMs", "node2kEditMs", "referenceMs", "bicep100kMs", "arm100kMs", "topology100kMs"];
console.log(`(for information, this machine now: ${info.map((k) => `${k} ${measured[k]?.toFixed(2)}`).join(", ")})`);
if (failures.length > 0) {
  console.error(`\nover budget:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log("\nall budgets held");
