// The examples gallery, bundled at build time from examples/<name>/. A file `<variant>.<format>`
// (`broken.topology.json`, `fixed.bicep`, `broken.json` for an ARM template) is one entry;
// Bicep files in sub-folders (modules) open together with each Bicep entry of the example.
// examples/large is left out (it is for benchmarks).
const raw = import.meta.glob(
  ["../../examples/*/*.json", "../../examples/*/*.bicep", "../../examples/*/*/*.bicep", "!../../examples/large/**"],
  { query: "?raw", import: "default", eager: true },
);

const FORMAT_LABEL = { topology: "topology JSON", bicep: "Bicep", arm: "ARM" };

function formatOf(name) {
  if (name.endsWith(".bicep")) return "bicep";
  if (name.endsWith(".topology.json")) return "topology";
  return "arm";
}

function titleOf(text) {
  try {
    const v = JSON.parse(text);
    return typeof v.name === "string" ? v.name : null;
  } catch {
    return null;
  }
}

export const EXAMPLES = (() => {
  const entries = new Map();
  const modules = new Map();
  for (const [path, text] of Object.entries(raw)) {
    const rel = path.replace(/^(\.\.\/)+examples\//, "");
    const [dir, ...rest] = rel.split("/");
    const name = rest.join("/");
    if (rest.length > 1) {
      if (!modules.has(dir)) modules.set(dir, []);
      modules.get(dir).push({ name, text });
      continue;
    }
    const variant = name.split(".")[0];
    const format = formatOf(name);
    const id = `${dir}/${variant}${format === "topology" ? "" : `.${format}`}`;
    entries.set(id, { id, dir, variant, format, label: `${variant} · ${FORMAT_LABEL[format]}`, title: titleOf(text), files: [{ name, text }] });
  }
  const list = [...entries.values()];
  for (const ex of list) {
    if (ex.format === "bicep") ex.files.push(...(modules.get(ex.dir) ?? []));
    ex.title ??= ex.dir;
  }
  return list.sort((a, b) => a.dir.localeCompare(b.dir) || a.variant.localeCompare(b.variant) || a.format.localeCompare(b.format));
})();
