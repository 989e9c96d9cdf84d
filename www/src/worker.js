// Runs the WASM core off the main thread, so typing never waits for a check.
//
// Protocol (one request at a time; the page coalesces while one is in flight):
//   → { type: "check", seq, files: [{ name, text, version }] }
//   ← { type: "result", seq, versions: { [name]: version }, diagnostics, topology, ms }
//   → { type: "rules" }  ← { type: "rules", rules, version }
// Every result names the document versions it was computed for; the page shows it only if
// they are still the versions on screen.
import init, { check, rules, version } from "topolint";

const ready = init();

self.onmessage = async (event) => {
  const msg = event.data;
  await ready;
  if (msg.type === "rules") {
    self.postMessage({ type: "rules", rules: rules(), version: version() });
    return;
  }
  if (msg.type === "check") {
    const files = msg.files.map(({ name, text }) => ({ name, text }));
    const versions = Object.fromEntries(msg.files.map((f) => [f.name, f.version]));
    const t0 = performance.now();
    try {
      // One analysis gives both the diagnostics and the topology.
      const out = check(files, { topology: true });
      const topo = out.topology;
      self.postMessage({
        type: "result",
        seq: msg.seq,
        versions,
        diagnostics: out.diagnostics,
        counts: { error: out.errorCount, warning: out.warningCount, info: out.infoCount },
        topology: topo,
        ms: performance.now() - t0,
      });
    } catch (e) {
      // Invalid input (two tabs with the same name): shown as a status, not a diagnostic.
      self.postMessage({ type: "result", seq: msg.seq, versions, error: String(e?.message ?? e) });
    }
  }
};
