/**
 * Identity tensors are wires: a network is drawn with every δ, α and β that is wired to
 * something taken out, the wires through it joined end to end (A–δ–B becomes A–B, and a free
 * wire through α ends on the node α led it to). A strand of identities from one free wire to
 * another becomes one bare wire (δ) between them: in ∂(AᵀB)/∂A = αBᵀ:β the free wire i runs
 * straight to l. An identity wired to nothing (the picture of α or β alone) is kept as it is.
 * The network contracts to the same tensor (the tests contract every picture).
 * @packageDocumentation
 */
import type { DiagramNode, Network, Output, PortRef, Wire } from "./graph";

const key = (r: PortRef): string => `${r.node}:${r.port}`;

/** The network with its wired identity nodes replaced by the wires they stand for. */
export function joinIdentityWires(net: Network): Network {
  const byId = new Map(net.nodes.map((n) => [n.id, n]));
  const wired = new Set<number>();
  const partner = new Map<string, PortRef>();
  for (const w of net.wires) {
    partner.set(key(w.a), w.b);
    partner.set(key(w.b), w.a);
    wired.add(w.a.node).add(w.b.node);
  }
  const isJoined = (n: DiagramNode | undefined): boolean => n?.kind === "identity" && wired.has(n.id);
  if (!net.nodes.some(isJoined)) return net;
  const through = new Map<string, PortRef>(); // an identity port → the other end of its pair
  for (const n of net.nodes)
    if (isJoined(n))
      for (const [a, b] of n.pairs ?? []) {
        through.set(key({ node: n.id, port: a }), { node: n.id, port: b });
        through.set(key({ node: n.id, port: b }), { node: n.id, port: a });
      }
  const outputAt = new Map(net.outputs.map((o, i) => [key(o.port), i]));

  const seen = new Set<string>(); // the identity ports walked through
  /** From a port (not the start of a free wire), along wires and through joined identities, to the strand's end. */
  const walk = (from: PortRef): { port?: PortRef; output?: number } => {
    for (let cur = from; ;) {
      const out = outputAt.get(key(cur));
      if (out !== undefined) return { output: out };
      const next = partner.get(key(cur));
      if (next === undefined) return {};
      if (!isJoined(byId.get(next.node))) return { port: next };
      const other = through.get(key(next));
      if (other === undefined || seen.has(key(next))) return {};
      seen.add(key(next)).add(key(other));
      cur = other;
    }
  };

  const wires: Wire[] = [];
  const outputs: (Output | undefined)[] = net.outputs.map(() => undefined);
  const done = new Set<string>();
  const kept = net.nodes.filter((n) => !isJoined(n));
  for (const n of kept)
    n.ports.forEach((_, port) => {
      const here = { node: n.id, port };
      if (done.has(key(here))) return;
      done.add(key(here));
      const at = outputAt.get(key(here));
      if (at !== undefined) {
        outputs[at] = net.outputs[at];
        return;
      }
      const end = walk(here);
      if (end.port !== undefined) {
        done.add(key(end.port));
        wires.push({ a: here, b: end.port });
      } else if (end.output !== undefined) outputs[end.output] = { ...net.outputs[end.output], port: here };
    });
  // strands from a free wire to a free wire through identities only: one bare wire each
  let next = Math.max(...net.nodes.map((n) => n.id)) + 1;
  const nodes: DiagramNode[] = [...kept];
  net.outputs.forEach((o, i) => {
    if (outputs[i] !== undefined) return;
    const other = through.get(key(o.port));
    if (other === undefined) return;
    seen.add(key(o.port)).add(key(other));
    const end = walk(other);
    if (end.output === undefined || outputs[end.output] !== undefined) return;
    const start = byId.get(o.port.node)?.ports[o.port.port];
    const stop = byId.get(net.outputs[end.output].port.node)?.ports[net.outputs[end.output].port.port];
    if (start === undefined || stop === undefined) return;
    const id = next++;
    nodes.push({
      id,
      kind: "identity",
      label: "δ",
      ports: [
        { axis: 0, side: "left", dim: start.dim },
        { axis: 1, side: "right", dim: stop.dim },
      ],
      pairs: [[0, 1]],
    });
    outputs[i] = { ...o, port: { node: id, port: 0 } };
    outputs[end.output] = { ...net.outputs[end.output], port: { node: id, port: 1 } };
  });
  // a closed loop of identities (a size), or anything not accounted for: draw the network as it was
  if (outputs.some((o) => o === undefined) || [...through.keys()].some((k) => !seen.has(k))) return net;
  return { coef: net.coef, nodes, wires, outputs: outputs as Output[] };
}
