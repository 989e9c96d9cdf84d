// What costs the most in the .wasm: code bytes per crate, read from the name section of the
// module as cargo built it (wasm-opt drops the names, and shrinks everything by a similar
// factor). Used by bench.mjs; also runs alone: node pkg-tests/wasm-size.mjs FILE.wasm
import fs from "node:fs";
import { fileURLToPath } from "node:url";

export function codeSizeByCrate(file) {
  const buf = fs.readFileSync(file);
  let p = 8;
  const leb = () => {
    let r = 0, shift = 0, b;
    do {
      b = buf[p++];
      r += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return r;
  };
  const skipLimits = () => {
    const flags = leb();
    leb();
    if (flags & 1) leb();
  };
  let imported = 0;
  const bodies = [];
  const names = new Map();
  while (p < buf.length) {
    const id = buf[p++];
    const end = leb() + p;
    if (id === 2) {
      // Imported functions come first in the function index space.
      for (let n = leb(); n > 0; n--) {
        p += leb();
        p += leb();
        const kind = buf[p++];
        if (kind === 0) (leb(), imported++);
        else if (kind === 1) (p++, skipLimits());
        else if (kind === 2) skipLimits();
        else if (kind === 3) p += 2;
        else if (kind === 4) (p++, leb());
      }
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) {
        const size = leb();
        bodies.push(size);
        p += size;
      }
    } else if (id === 0) {
      const nameLen = leb();
      if (buf.subarray(p, p + nameLen).toString() === "name") {
        p += nameLen;
        while (p < end) {
          const sub = buf[p++];
          const subEnd = leb() + p;
          if (sub === 1) {
            for (let n = leb(); n > 0; n--) {
              const idx = leb();
              const len = leb();
              names.set(idx, buf.subarray(p, p + len).toString());
              p += len;
            }
          }
          p = subEnd;
        }
      }
    }
    p = end;
  }
  const crateOf = (name) => {
    // v0 mangling (`_R...C<hash>_<len><crate>`): the first crate is where the item is defined
    // (generic code instantiated for topolint's types counts for core/alloc/serde).
    const v0 = name.startsWith("_R") && name.match(/C(?:s[0-9A-Za-z]*_)?(\d+)/);
    if (v0) return name.substr(v0.index + v0[0].length, +v0[1]);
    return name.replace(/^[<&* ]+/, "").split("::")[0] || "?";
  };
  const byCrate = new Map();
  bodies.forEach((size, i) => {
    const crate = crateOf(names.get(i + imported) ?? "?");
    byCrate.set(crate, (byCrate.get(crate) ?? 0) + size);
  });
  const total = bodies.reduce((a, b) => a + b, 0);
  return { total, functions: bodies.length, crates: [...byCrate].sort((a, b) => b[1] - a[1]) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { total, functions, crates } = codeSizeByCrate(process.argv[2]);
  console.log(`code: ${total} bytes in ${functions} functions`);
  for (const [crate, size] of crates.slice(0, 15)) {
    console.log(`  ${String(size).padStart(9)} ${((100 * size) / total).toFixed(1).padStart(5)}%  ${crate}`);
  }
}
