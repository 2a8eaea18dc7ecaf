/**
 * TopologyView → React Flow nodes and edges. Pure and tested: the canvas components only render
 * what this returns. Node `data` carries display fields only; the engine stays the source of truth.
 *
 * A host is one React Flow node that draws its namespaces and their devices itself (a group in
 * the picture, one node for React Flow: 1,000 hosts stay 1,000 nodes). Device chips carry handles
 * (`<device id>:t` on top, `<device id>:b` below) that veth, bridge-port and cable edges attach to.
 * Zoomed out, a host collapses to a compact card and only cables are drawn.
 */
import type { Edge, Node } from '@xyflow/react';
import type {
  DeviceKindView,
  DeviceView,
  MachineKind,
  MachineView,
  NodePosition,
  TopologyView,
} from '../../engine/api/types';

/** Below this zoom a host is drawn as one compact card. */
export const COLLAPSE_ZOOM = 0.55;

export type ChipState = 'up' | 'nocarrier' | 'down';

export interface DeviceChip {
  id: string;
  name: string;
  kind: DeviceKindView;
  addrs: string[];
  state: ChipState;
  /** The bridge it is a port of. */
  master?: string;
}

export interface NetnsBox {
  /** `netns:<machine>:<name|->`. */
  id: string;
  /** Null for the root namespace. */
  name: string | null;
  /** Rows from top to bottom: veth and other virtual devices, bridges, NICs. */
  rows: DeviceChip[][];
}

export interface MachineNodeData extends Record<string, unknown> {
  name: string;
  kind: MachineKind;
  hostname: string;
  /** Named namespaces first (drawn on top, like containers), the root namespace last. */
  namespaces: NetnsBox[];
  netnsCount: number;
  deviceCount: number;
  collapsed: boolean;
  /** The selected namespace or device inside this host, if any. */
  selectedInner: string | null;
}

export interface SegmentNodeData extends Record<string, unknown> {
  name: string;
  /** Width of the segment bar in px: it grows with the number of machines cabled to it. */
  width: number;
}

export type LinkKind = 'cable' | 'veth' | 'port';

export interface LabEdgeData extends Record<string, unknown> {
  kind: LinkKind;
  /** What the edge is labelled with (cables: the interface name). */
  label?: string;
}

export type MachineFlowNode = Node<MachineNodeData, 'machine'>;
export type SegmentFlowNode = Node<SegmentNodeData, 'segment'>;
export type LabFlowNode = MachineFlowNode | SegmentFlowNode;
export type LabFlowEdge = Edge<LabEdgeData, 'lab'>;
/** Kept for readers of the older name. */
export type CableFlowEdge = LabFlowEdge;

export const MACHINE_SIZE = { width: 150, height: 84 } as const;
export const SEGMENT_HEIGHT = 44;
export const SEGMENT_MIN_WIDTH = 240;
const SEGMENT_WIDTH_PER_CABLE = 150;

/** Where nodes without a saved position go: machines on one row, segments on a row below. */
export function autoPosition(kind: 'machine' | 'segment', index: number): NodePosition {
  return kind === 'machine' ? { x: index * 220, y: 0 } : { x: index * 340, y: 240 };
}

export function segmentWidth(cableCount: number): number {
  return Math.max(SEGMENT_MIN_WIDTH, cableCount * SEGMENT_WIDTH_PER_CABLE);
}

export const netnsBoxId = (machine: string, netns: string | null) =>
  `netns:${machine}:${netns ?? '-'}`;
export const topHandle = (deviceId: string) => `${deviceId}:t`;
export const bottomHandle = (deviceId: string) => `${deviceId}:b`;

/** Green when it passes packets, amber when up without a link, grey when down. */
export function chipState(d: DeviceView): ChipState {
  if (!d.up) return 'down';
  if (d.operstate === 'LOWERLAYERDOWN' || d.operstate === 'DOWN' || !d.carrier) return 'nocarrier';
  return 'up';
}

/** Loopback is noise on a diagram unless someone gave it a real address. */
export function isShownDevice(d: DeviceView): boolean {
  return d.kind !== 'loopback' || d.addrs.some((a) => !a.startsWith('127.'));
}

function chipOf(d: DeviceView): DeviceChip {
  const chip: DeviceChip = {
    id: d.id,
    name: d.name,
    kind: d.kind,
    addrs: d.addrs,
    state: chipState(d),
  };
  if (d.master) chip.master = d.master;
  return chip;
}

/**
 * The rows of one namespace. Virtual devices come first, ordered by the namespace their veth peer
 * lives in, so the lines from the namespaces above do not cross.
 */
function rowsOf(devices: readonly DeviceView[], peerOrder: (d: DeviceView) => number) {
  const shown = devices.filter(isShownDevice);
  const others = shown
    .filter((d) => d.kind !== 'bridge' && d.kind !== 'nic')
    .sort((a, b) => peerOrder(a) - peerOrder(b) || a.ifindex - b.ifindex);
  const rows = [
    others,
    shown.filter((d) => d.kind === 'bridge'),
    shown.filter((d) => d.kind === 'nic'),
  ];
  return rows.filter((r) => r.length > 0).map((r) => r.map(chipOf));
}

/** The host's boxes: named namespaces (in the engine's order), then the root namespace. */
export function namespaceBoxes(m: MachineView): NetnsBox[] {
  const named = m.namespaces.filter((n) => n.name !== null);
  const nsIndex = new Map<string, number>();
  for (const [i, ns] of named.entries()) {
    for (const d of ns.devices) nsIndex.set(d.id, i);
  }
  const peerOrder = (d: DeviceView) =>
    d.peer ? (nsIndex.get(d.peer) ?? named.length) : named.length;
  const root = m.namespaces.find((n) => n.name === null);
  const boxes = named.map((ns) => ({
    id: netnsBoxId(m.name, ns.name),
    name: ns.name,
    rows: rowsOf(ns.devices, peerOrder),
  }));
  return [
    ...boxes,
    { id: netnsBoxId(m.name, null), name: null, rows: rowsOf(root?.devices ?? [], peerOrder) },
  ];
}

function machineIdOfInner(id: string | null): string | null {
  const m = id ? /^(?:netns|dev):([^:]+):/.exec(id) : null;
  return m ? `machine:${m[1]}` : null;
}

export function topologyToFlow(
  view: TopologyView | null,
  positions: Readonly<Record<string, NodePosition>>,
  selectedId: string | null,
  collapsed = false,
): { nodes: LabFlowNode[]; edges: LabFlowEdge[] } {
  if (!view) return { nodes: [], edges: [] };
  const machineIds = new Map(view.machines.map((m) => [m.name, m.id]));
  const segmentIds = new Map(view.segments.map((s) => [s.name, s.id]));
  const innerHost = machineIdOfInner(selectedId);

  const machines: MachineFlowNode[] = view.machines.map((m, i) => {
    const devices = m.namespaces.flatMap((n) => n.devices).filter(isShownDevice);
    return {
      id: m.id,
      type: 'machine',
      position: positions[m.id] ?? autoPosition('machine', i),
      data: {
        name: m.name,
        kind: m.kind,
        hostname: m.hostname,
        namespaces: collapsed ? [] : namespaceBoxes(m),
        netnsCount: m.netns.length,
        deviceCount: devices.length,
        collapsed,
        selectedInner: innerHost === m.id ? selectedId : null,
      },
      selected: m.id === selectedId,
      deletable: false,
    };
  });
  const segments: SegmentFlowNode[] = view.segments.map((s, i) => ({
    id: s.id,
    type: 'segment',
    position: positions[s.id] ?? autoPosition('segment', i),
    data: {
      name: s.name,
      width: segmentWidth(view.cables.filter((c) => c.segment === s.name).length),
    },
    selected: s.id === selectedId,
    deletable: false,
  }));

  const edges: LabFlowEdge[] = [];
  const edge = (e: Omit<LabFlowEdge, 'type' | 'selectable' | 'deletable' | 'focusable'>) =>
    edges.push({ ...e, type: 'lab', selectable: false, deletable: false, focusable: false });

  for (const c of view.cables) {
    const source = machineIds.get(c.machine);
    const target = segmentIds.get(c.segment);
    if (!source || !target) continue;
    const nic = view.machines
      .find((m) => m.name === c.machine)
      ?.namespaces.find((n) => n.name === null)
      ?.devices.find((d) => d.name === c.ifname);
    edge({
      id: c.id,
      source,
      target,
      // From the NIC chip, drawn over its host so the cable is seen leaving the chip.
      ...(!collapsed && nic ? { sourceHandle: bottomHandle(nic.id), zIndex: 1 } : {}),
      data: { kind: 'cable', label: c.ifname },
    });
  }
  if (!collapsed) {
    for (const m of view.machines) {
      const all = new Map<string, { d: DeviceView; ns: string | null }>();
      for (const ns of m.namespaces) for (const d of ns.devices) all.set(d.id, { d, ns: ns.name });
      for (const { d, ns } of all.values()) {
        const peer = d.peer ? all.get(d.peer) : undefined;
        // One edge per pair, from the namespace end (above) down to the root end.
        if (peer && isShownDevice(d) && isShownDevice(peer.d)) {
          const fromHere =
            ns !== null && peer.ns === null
              ? true
              : ns === null && peer.ns !== null
                ? false
                : d.id < peer.d.id;
          if (fromHere) {
            edge({
              id: `veth:${d.id}`,
              source: m.id,
              target: m.id,
              sourceHandle: bottomHandle(d.id),
              targetHandle: topHandle(peer.d.id),
              data: { kind: 'veth' },
              zIndex: 1,
            });
          }
        }
        if (d.master) {
          const bridge = m.namespaces
            .find((n) => n.name === ns)
            ?.devices.find((x) => x.name === d.master);
          if (bridge) {
            edge({
              id: `port:${d.id}`,
              source: m.id,
              target: m.id,
              sourceHandle: bottomHandle(d.id),
              targetHandle: topHandle(bridge.id),
              data: { kind: 'port' },
              zIndex: 1,
            });
          }
        }
      }
    }
  }
  return { nodes: [...machines, ...segments], edges };
}

/** Structural equality for node data (plain JSON-like values). */
function sameData(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Reuse the previous node object when nothing about a node changed, and keep what React Flow
 * measured. Memoised node components then skip rendering: one engine event re-renders only the
 * hosts it touched, which keeps a 1,000-node canvas smooth.
 */
export function stabilizeNodes(next: LabFlowNode[], prev: readonly LabFlowNode[]): LabFlowNode[] {
  const before = new Map(prev.map((n) => [n.id, n]));
  return next.map((n) => {
    const p = before.get(n.id);
    if (!p) return n;
    if (
      p.selected === n.selected &&
      p.position.x === n.position.x &&
      p.position.y === n.position.y &&
      sameData(p.data, n.data)
    ) {
      return p;
    }
    return p.measured ? ({ ...n, measured: p.measured } as LabFlowNode) : n;
  });
}

/**
 * Keep what React Flow measured (size) on nodes rebuilt from the store, so nodes do not blink
 * invisible while React Flow measures them again.
 */
export function keepMeasured(next: LabFlowNode[], prev: readonly LabFlowNode[]): LabFlowNode[] {
  const measured = new Map(prev.map((n) => [n.id, n.measured]));
  return next.map((n) => {
    const m = measured.get(n.id);
    return m ? ({ ...n, measured: m } as LabFlowNode) : n;
  });
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * How a cable is drawn: from the machine's centre straight to the segment bar (dropping onto the
 * bar right below or above the machine when it can, like a bus), with the interface label just
 * outside the machine box.
 */
export function cableGeometry(
  machine: Rect,
  segment: Rect,
): { sx: number; sy: number; tx: number; ty: number; labelX: number; labelY: number } {
  const sx = machine.x + machine.width / 2;
  const sy = machine.y + machine.height / 2;
  const inset = Math.min(24, segment.width / 2);
  const tx = Math.min(Math.max(sx, segment.x + inset), segment.x + segment.width - inset);
  const ty = segment.y + segment.height / 2;
  const dx = tx - sx;
  const dy = ty - sy;
  const length = Math.hypot(dx, dy) || 1;
  // Distance from the machine centre to its border along the cable, then a little further.
  const toBorder = Math.min(
    dx === 0 ? Number.POSITIVE_INFINITY : machine.width / 2 / Math.abs(dx / length),
    dy === 0 ? Number.POSITIVE_INFINITY : machine.height / 2 / Math.abs(dy / length),
  );
  const along = Math.min(toBorder + 28, length / 2);
  return {
    sx,
    sy,
    tx,
    ty,
    labelX: sx + (dx / length) * along,
    labelY: sy + (dy / length) * along,
  };
}
