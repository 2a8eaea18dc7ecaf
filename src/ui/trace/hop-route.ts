/**
 * Which canvas edges a packet crossed between two places (device chips or namespace boxes):
 * a veth pair, a bridge port, or a cable to a segment and another cable off it. Pure; the
 * overlay turns the edge ids into on-screen paths. When the two places are not joined by a link
 * (routing inside a host, a VXLAN device handing its packet to eth0), the route is empty and
 * the token goes straight from chip to chip.
 */
import type { DeviceView, TopologyView } from '../../engine/api/types';

export interface HopEdge {
  /** The React Flow edge id. */
  id: string;
  kind: 'veth' | 'port' | 'cable';
}

interface DeviceAt {
  d: DeviceView;
  machine: string;
  netns: string | null;
}

function devices(view: TopologyView): Map<string, DeviceAt> {
  const out = new Map<string, DeviceAt>();
  for (const m of view.machines) {
    for (const ns of m.namespaces) {
      for (const d of ns.devices) out.set(d.id, { d, machine: m.name, netns: ns.name });
    }
  }
  return out;
}

/** The end flow-mapping draws a veth edge from: the namespace end, else the smaller id. */
function vethSource(a: DeviceAt, b: DeviceAt): DeviceAt {
  if (a.netns !== null && b.netns === null) return a;
  if (a.netns === null && b.netns !== null) return b;
  return a.d.id < b.d.id ? a : b;
}

/** The edges between two places, in travel order; empty when no link joins them. */
export function hopRoute(view: TopologyView | null, from: string, to: string): HopEdge[] {
  if (!view || from === to) return [];
  const all = devices(view);
  const a = all.get(from);
  const b = all.get(to);
  if (!a || !b) return [];
  // A veth pair: one edge per pair, named after the end drawn as its source.
  if (a.d.peer === b.d.id) {
    return [{ id: `veth:${vethSource(a, b).d.id}`, kind: 'veth' }];
  }
  // A bridge and one of its ports (either way).
  if (a.machine === b.machine && a.netns === b.netns) {
    if (a.d.master === b.d.name && b.d.kind === 'bridge')
      return [{ id: `port:${a.d.id}`, kind: 'port' }];
    if (b.d.master === a.d.name && a.d.kind === 'bridge')
      return [{ id: `port:${b.d.id}`, kind: 'port' }];
    // Two ports of the same bridge: in by one port, out by the other.
    if (a.d.master && a.d.master === b.d.master) {
      return [
        { id: `port:${a.d.id}`, kind: 'port' },
        { id: `port:${b.d.id}`, kind: 'port' },
      ];
    }
  }
  // Two NICs cabled to the same segment.
  if (a.netns === null && b.netns === null) {
    const ca = view.cables.find((c) => c.machine === a.machine && c.ifname === a.d.name);
    const cb = view.cables.find((c) => c.machine === b.machine && c.ifname === b.d.name);
    if (ca && cb && ca.segment === cb.segment) {
      return [
        { id: ca.id, kind: 'cable' },
        { id: cb.id, kind: 'cable' },
      ];
    }
  }
  return [];
}
