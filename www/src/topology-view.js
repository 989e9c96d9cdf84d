// The topology view: the model `topology()` returns, laid out with dagre and drawn as SVG built
// node by node (names come from the user's documents, so text goes in as text, never markup).
import { Graph, layout } from "@dagrejs/dagre";

const SVG = "http://www.w3.org/2000/svg";
const KIND = { aks: "AKS", aci: "ACI", webapp: "Web App" };
const ROW = 17;

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

function text(parent, x, y, content, cls) {
  const t = el("text", { x, y, class: cls }, parent);
  t.textContent = content;
  return t;
}

/** Shorten a label to about `n` characters (the full text is in the node's tooltip). */
function clip(s, n) {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

function title(parent, content) {
  el("title", {}, parent).textContent = content;
}

/**
 * Draw `topo` into `container`. `onJump(ref)` moves the editor to the source range of the item
 * at `ref` (a property path into the topology, such as `["vnets", 0]`, resolved when clicked so
 * that a drawing kept across edits that did not change its shape jumps to current ranges);
 * `onPath(index)` selects a pull path; `selected` is the selected path's index or null.
 */
export function renderTopology(container, topo, { onJump, onPath, selected }) {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 22, ranksep: 46, edgesep: 14, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));

  topo.vnets.forEach((v, i) => {
    g.setNode(`v${i}`, { kind: "vnet", item: v, ref: ["vnets", i], width: 190, height: 40 + ROW * v.subnets.length });
  });
  topo.registries.forEach((r, i) => g.setNode(`r${i}`, { kind: "registry", item: r, ref: ["registries", i], width: 170, height: 42 }));
  topo.endpoints.forEach((e, i) => g.setNode(`e${i}`, { kind: "endpoint", item: e, ref: ["endpoints", i], width: 170, height: 42 }));
  topo.zones.forEach((z, i) => g.setNode(`z${i}`, { kind: "zone", item: z, ref: ["zones", i], width: 200, height: 42 }));
  topo.workloads.forEach((w, i) => g.setNode(`w${i}`, { kind: "workload", item: w, ref: ["workloads", i], width: 160, height: 42 }));

  const vnetOfSubnet = new Map();
  topo.vnets.forEach((v, i) => v.subnets.forEach((s) => vnetOfSubnet.set(s, i)));
  const edge = (from, to, name, label) => g.setEdge(from, to, { label, width: 0, height: 0 }, name);

  topo.workloads.forEach((w, i) => {
    const vnets = new Set(w.subnets.map((s) => vnetOfSubnet.get(s)).filter((v) => v !== undefined));
    for (const v of vnets) edge(`w${i}`, `v${v}`, `runs${i}-${v}`, { cls: "runs-in" });
  });
  // One edge per peered pair; both directions declared or only one.
  const pairs = new Map();
  for (const p of topo.peerings) {
    if (p.remote === null || p.remote === p.local) continue;
    const key = [Math.min(p.local, p.remote), Math.max(p.local, p.remote)].join("-");
    const pair = pairs.get(key) ?? { from: p.local, to: p.remote, dirs: new Set(), ref: ["peerings", topo.peerings.indexOf(p)] };
    pair.dirs.add(`${p.local}>${p.remote}`);
    pairs.set(key, pair);
  }
  // Draw a peering from the workloads' side, so ranks read workload → its VNet → peered VNet →
  // endpoint → registry, the way a pull travels.
  const hostsWorkload = new Set(topo.workloads.flatMap((w) => w.subnets.map((s) => vnetOfSubnet.get(s))));
  for (const p of pairs.values()) {
    if (!hostsWorkload.has(p.from) && hostsWorkload.has(p.to)) [p.from, p.to] = [p.to, p.from];
  }
  for (const [key, p] of pairs) {
    edge(`v${p.from}`, `v${p.to}`, `peer${key}`, { cls: p.dirs.size === 2 ? "peering" : "peering one-way", ref: p.ref, tip: p.dirs.size === 2 ? "peered both ways" : "peering declared one way only" });
  }
  topo.endpoints.forEach((e, i) => {
    const v = e.subnet !== null ? vnetOfSubnet.get(e.subnet) : undefined;
    if (v !== undefined) edge(`v${v}`, `e${i}`, `in${i}`, { cls: "endpoint-in", tip: `in subnet ${topo.subnets[e.subnet].name}` });
    for (const r of e.registries) edge(`e${i}`, `r${r}`, `pe${i}-${r}`, { cls: "private-link", tip: "private link" });
  });
  topo.zones.forEach((z, i) => {
    z.links.forEach((l, j) => {
      if (l.vnet !== null) edge(`v${l.vnet}`, `z${i}`, `link${i}-${j}`, { cls: "zone-link", ref: ["zones", i, "links", j], tip: "DNS zone linked to this VNet" });
    });
  });
  topo.pullPaths.forEach((p, i) => {
    edge(`w${p.workload}`, `r${p.registry}`, `pull${i}`, { cls: `pull-path verdict-${p.path.verdict}`, path: i });
  });

  layout(g);

  // The drawing's box, from the nodes and every edge point (long edges may bend outside the
  // box dagre reports).
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const grow = (x, y) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  };
  for (const id of g.nodes()) {
    const n = g.node(id);
    grow(n.x - n.width / 2, n.y - n.height / 2);
    grow(n.x + n.width / 2, n.y + n.height / 2);
  }
  for (const e of g.edges()) for (const p of g.edge(e).points ?? []) grow(p.x, p.y);
  if (!Number.isFinite(minX)) [minX, minY, maxX, maxY] = [0, 0, 10, 10];
  const pad = 10;
  const width = maxX - minX + 2 * pad;
  const height = maxY - minY + 2 * pad;
  const svg = el("svg", {
    viewBox: `${(minX - pad).toFixed(1)} ${(minY - pad).toFixed(1)} ${width.toFixed(1)} ${height.toFixed(1)}`,
    width: Math.ceil(width),
    height: Math.ceil(height),
    role: "img",
    "aria-label": "Topology",
  });
  const defs = el("defs", {}, svg);
  for (const v of ["ok", "broken", "unknown", "skipped", "plain"]) {
    const m = el("marker", { id: `arrow-${v}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", class: `arrowhead verdict-${v}` }, m);
  }

  // Edges under nodes; pull paths last, on top of the other edges.
  const edges = g.edges().map((e) => ({ e, data: g.edge(e) }));
  edges.sort((a, b) => (a.data.label.path !== undefined) - (b.data.label.path !== undefined));
  const edgeLayer = el("g", { class: "edges" }, svg);
  for (const { data } of edges) {
    const label = data.label;
    const pts = data.points ?? [];
    if (pts.length < 2) continue;
    const d = "M" + pts.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" L");
    const grp = el("g", { class: `edge ${label.cls}` }, edgeLayer);
    if (label.path !== undefined) {
      const p = topo.pullPaths[label.path];
      const wname = topo.workloads[p.workload].name;
      const rname = topo.registries[p.registry].name;
      grp.setAttribute("data-path", `${wname}→${rname}`);
      grp.setAttribute("data-verdict", p.path.verdict);
      grp.setAttribute("tabindex", "0");
      grp.setAttribute("role", "button");
      grp.setAttribute("aria-label", `pull path ${wname} to ${rname}: ${p.path.verdict}`);
      if (selected === label.path) grp.classList.add("selected");
      title(grp, `${wname} pulls from ${rname}: ${p.path.verdict} (click to explain)`);
      el("path", { d, class: "hit" }, grp);
      el("path", { d, class: "line", "marker-end": `url(#arrow-${p.path.verdict})` }, grp);
      const select = () => onPath(label.path);
      grp.addEventListener("click", select);
      grp.addEventListener("keydown", (ev) => {
        if (ev.key !== "Enter" && ev.key !== " ") return;
        // Selecting moves focus to the editor: the key must not be typed there too.
        ev.preventDefault();
        select();
      });
    } else {
      if (label.tip) title(grp, label.tip);
      el("path", { d, class: "line", "marker-end": label.cls.startsWith("peering") && !label.cls.includes("one-way") ? "" : "url(#arrow-plain)" }, grp);
      if (label.ref) grp.addEventListener("click", () => onJump(label.ref));
    }
  }

  const nodeLayer = el("g", { class: "nodes" }, svg);
  for (const id of g.nodes()) {
    const n = g.node(id);
    const x = n.x - n.width / 2;
    const y = n.y - n.height / 2;
    const grp = el("g", { class: `node ${n.kind}`, "data-node": id, transform: `translate(${x.toFixed(1)},${y.toFixed(1)})` }, nodeLayer);
    el("rect", { width: n.width, height: n.height, rx: n.kind === "vnet" ? 6 : 4, class: "box" }, grp);
    const item = n.item;
    let kindLabel, sub;
    switch (n.kind) {
      case "vnet":
        kindLabel = "VNet";
        sub = item.addressPrefixes.join(", ");
        break;
      case "registry":
        kindLabel = "Registry";
        sub = item.sku ? `SKU ${item.sku}` : "";
        break;
      case "endpoint":
        kindLabel = "Private endpoint";
        sub = "";
        break;
      case "zone":
        kindLabel = "Private DNS zone";
        sub = "";
        break;
      case "workload":
        kindLabel = KIND[item.kind] ?? item.kind;
        sub = "workload";
        break;
    }
    title(grp, `${kindLabel} ${item.name}${sub ? ` (${sub})` : ""}`);
    text(grp, 8, 15, clip(`${kindLabel}${sub ? " · " + sub : ""}`, 32), "kind");
    const nameText = text(grp, 8, 32, clip(item.name, 26), "name");
    nameText.addEventListener("click", () => onJump(n.ref));
    grp.querySelector("rect").addEventListener("click", () => onJump(n.ref));
    if (n.kind === "vnet") {
      item.subnets.forEach((s, j) => {
        const subnet = topo.subnets[s];
        const row = el("g", { class: "subnet", transform: `translate(8,${38 + j * ROW})` }, grp);
        el("rect", { width: n.width - 16, height: ROW - 3, rx: 3, class: "subnet-box" }, row);
        text(row, 6, 11, clip(`${subnet.name} ${subnet.prefixes.join(", ")}`, 30), "subnet-label");
        title(row, `subnet ${subnet.name} ${subnet.prefixes.join(", ")}`);
        row.addEventListener("click", (ev) => {
          ev.stopPropagation();
          onJump(["subnets", s]);
        });
      });
    }
  }

  container.replaceChildren(svg);
  if (!g.nodes().length) {
    const p = document.createElement("p");
    p.className = "empty";
    p.textContent = "Nothing to draw yet: declare VNets, registries and workloads.";
    container.replaceChildren(p);
  }
}
