// The examples gallery, bundled at build time from examples/<name>/: each file's name up to its
// first dot is its variant (`broken`, `fixed`); a variant's files (a Bicep main file and its
// modules, an ARM template, topology JSON) open together as tabs. examples/large is left out.
const raw = import.meta.glob(
  ["../../examples/*/*.json", "../../examples/*/*.bicep", "../../examples/*/*/*.bicep", "!../../examples/large/**"],
  { query: "?raw", import: "default", eager: true },
);

function titleOf(text) {
  try {
    return JSON.parse(text).name ?? null;
  } catch {
    return null;
  }
}

export const EXAMPLES = (() => {
  const byKey = new Map();
  for (const [path, text] of Object.entries(raw)) {
    const rel = path.replace(/^(\.\.\/)+examples\//, "");
    const [dir, ...rest] = rel.split("/");
    const name = rest.join("/");
    const variant = rest[0].split(".")[0];
    const key = `${dir}/${variant}`;
    if (!byKey.has(key)) byKey.set(key, { id: key, dir, variant, title: null, files: [] });
    const ex = byKey.get(key);
    ex.files.push({ name, text });
    if (name.endsWith(".topology.json")) ex.title ??= titleOf(text);
  }
  const list = [...byKey.values()];
  for (const ex of list) {
    ex.title ??= `${ex.dir} (${ex.variant})`;
    // The main file first: `<variant>.*` before modules in sub-folders.
    ex.files.sort((a, b) => a.name.split("/").length - b.name.split("/").length || a.name.localeCompare(b.name));
  }
  return list.sort((a, b) => a.id.localeCompare(b.id));
})();
