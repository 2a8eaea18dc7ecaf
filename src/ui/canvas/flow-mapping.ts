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
import { type ContainerInfo, type ContainersByMachine, netnsContainers } from '../../store';

/** Below this zoom a host is drawn as one compact card. */
export const COLLAPSE_ZOOM = 0.55;
/**
 * Below this zoom icons, counts and cable labels (3 px and less on screen) are left out; the
 * cards keep their size, colours and names.
 */
export const FAR_ZOOM = 0.25;

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

/** Who lives in a container's namespace: the owner, and containers that joined it (a pod). */
export interface ContainerLabel {
  name: string;
  image?: string;
  /** The pod's name when the owner is a pause container. */
  pod: string | null;
  joined: { name: string; image: string }[];
}

export interface NetnsBox {
  /** `netns:<machine>:<name|->`. */
  id: string;
  /** Null for the root namespace. */
  name: string | null;
  /** Set for a container's unnamed namespace. */
  container?: ContainerLabel;
  /** Rows from top to bottom: veth and other virtual devices, bridges, NICs. */
  rows: DeviceChip[][];
}

export interface MachineNodeData extends Record<string, unknown> {
  name: string;
  kind: MachineKind;
  hostname: string;
  /** Daemons running on the machine, shown as badges in its header. */
  daemons: string[];
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

export type LinkKind = 'cable' | 'veth' | 'port' | 'tunnel';

/** What an overlay tunnel edge says: a VXLAN VNI, or flannel's UDP backend. */
export type TunnelLabel = { type: 'vxlan'; vni: number } | { type: 'udp' };

export interface LabEdgeData extends Record<string, unknown> {
  kind: LinkKind;
  /** What the edge is labelled with (cables: the interface name). */
  label?: string;
  /** Tunnels: what they carry. */
  tunnel?: TunnelLabel;
  /** Tunnels: 0 between neighbours; higher arcs over the hosts in between. */
  arc?: number;
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
/** Side handles of tunnel endpoints (VTEPs, TUN devices): tunnels leave sideways. */
export const leftHandle = (deviceId: string) => `${deviceId}:l`;
export const rightHandle = (deviceId: string) => `${deviceId}:r`;

/** Devices that end an overlay tunnel between hosts. */
export const isTunnelEnd = (kind: DeviceKindView) => kind === 'vxlan' || kind === 'tun';

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

function containerLabel(owner: string, known: readonly ContainerInfo[]): ContainerLabel {
  const c = netnsContainers(owner, known);
  const label: ContainerLabel = {
    name: owner,
    pod: c.pod,
    joined: c.joined.map((j) => ({ name: j.name, image: j.image })),
  };
  if (c.owner.image) label.image = c.owner.image;
  return label;
}

/**
 * The host's boxes: named namespaces and containers' namespaces (in the engine's order), then
 * the root namespace.
 */
export function namespaceBoxes(
  m: MachineView,
  containers: readonly ContainerInfo[] = [],
): NetnsBox[] {
  const named = m.namespaces.filter((n) => n.name !== null);
  const nsIndex = new Map<string, number>();
  for (const [i, ns] of named.entries()) {
    for (const d of ns.devices) nsIndex.set(d.id, i);
  }
  const peerOrder = (d: DeviceView) =>
    d.peer ? (nsIndex.get(d.peer) ?? named.length) : named.length;
  const root = m.namespaces.find((n) => n.name === null);
  const boxes = named.map((ns) => {
    const box: NetnsBox = {
      id: netnsBoxId(m.name, ns.name),
      name: ns.name,
      rows: rowsOf(ns.devices, peerOrder),
    };
    if (ns.container) box.container = containerLabel(ns.container, containers);
    return box;
  });
  return [
    ...boxes,
    { id: netnsBoxId(m.name, null), name: null, rows: rowsOf(root?.devices ?? [], peerOrder) },
  ];
}

function machineIdOfInner(id: string | null): string | null {
  const m = id ? /^(?:netns|dev):([^:]+):/.exec(id) : null;
  return m ? `machine:${m[1]}` : null;
}

/** What the canvas shows beyond the view: the multi-selection and dockerd's containers. */
export interface FlowExtras {
  multi?: readonly string[];
  containers?: ContainersByMachine;
}

export function topologyToFlow(
  view: TopologyView | null,
  positions: Readonly<Record<string, NodePosition>>,
  selectedId: string | null,
  collapsed = false,
  extras: FlowExtras = {},
): { nodes: LabFlowNode[]; edges: LabFlowEdge[] } {
  if (!view) return { nodes: [], edges: [] };
  const multi = new Set(extras.multi ?? []);
  const isSelected = (id: string) => id === selectedId || multi.has(id);
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
        daemons: m.daemons ?? [],
        namespaces: collapsed ? [] : namespaceBoxes(m, extras.containers?.[m.name]),
        netnsCount: m.netns.length,
        deviceCount: devices.length,
        collapsed,
        selectedInner: innerHost === m.id ? selectedId : null,
      },
      selected: isSelected(m.id),
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
    selected: isSelected(s.id),
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
  if (!collapsed) {
    for (const e of tunnelEdges(view, (id) => machines.find((n) => n.id === id)?.position)) {
      edge(e);
    }
  }
  return { nodes: [...machines, ...segments], edges };
}

/**
 * Overlay tunnels, drawn dashed between the tunnel devices of different hosts: VXLAN devices
 * with the same VNI (flannel.1 ↔ flannel.1), and flannel's TUN devices of the same name
 * (flannel0, carried by flanneld over UDP 8285). Each pair once, from the host on the left.
 */
export function tunnelEdges(
  view: TopologyView,
  positionOf: (machineId: string) => NodePosition | undefined,
): Omit<LabFlowEdge, 'type' | 'selectable' | 'deletable' | 'focusable'>[] {
  const groups = new Map<string, { machine: MachineView; d: DeviceView }[]>();
  for (const m of view.machines) {
    for (const ns of m.namespaces) {
      for (const d of ns.devices) {
        const key =
          d.kind === 'vxlan' && d.vni !== undefined
            ? `vxlan:${d.vni}`
            : d.kind === 'tun' && d.name.startsWith('flannel')
              ? `tun:${d.name}`
              : null;
        if (!key) continue;
        const list = groups.get(key) ?? [];
        list.push({ machine: m, d });
        groups.set(key, list);
      }
    }
  }
  const out: Omit<LabFlowEdge, 'type' | 'selectable' | 'deletable' | 'focusable'>[] = [];
  for (const members of groups.values()) {
    const x = (m: MachineView) => positionOf(m.id)?.x ?? 0;
    const sorted = [...members].sort((a, b) => x(a.machine) - x(b.machine));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const a = sorted[i];
        const b = sorted[j];
        if (a.machine.id === b.machine.id) continue;
        const tunnel: TunnelLabel =
          a.d.kind === 'vxlan' ? { type: 'vxlan', vni: a.d.vni ?? 0 } : { type: 'udp' };
        out.push({
          id: `tunnel:${a.d.id}|${b.d.id}`,
          source: a.machine.id,
          target: b.machine.id,
          sourceHandle: rightHandle(a.d.id),
          targetHandle: leftHandle(b.d.id),
          data: { kind: 'tunnel', tunnel, arc: j - i - 1 },
          zIndex: 1,
        });
      }
    }
  }
  return out;
}

/**
 * Auto-layout: each segment with the hosts cabled to it (first cable wins) in a row above it,
 * segments side by side; hosts without a cable on a row of their own at the right. Sizes are
 * what React Flow measured (a host grows with its namespaces).
 */
export function autoLayout(
  view: TopologyView,
  sizeOf: (id: string) => { width: number; height: number } | undefined,
): Record<string, NodePosition> {
  const GAP = 60;
  const ROW_GAP = 110;
  const out: Record<string, NodePosition> = {};
  const size = (id: string, fallback: { width: number; height: number }) => sizeOf(id) ?? fallback;
  const placed = new Set<string>();
  const groups = view.segments.map((seg) => {
    const hosts = view.machines.filter(
      (m) =>
        !placed.has(m.name) && view.cables.find((c) => c.machine === m.name)?.segment === seg.name,
    );
    for (const h of hosts) placed.add(h.name);
    return { seg, hosts };
  });
  const rowHeight = Math.max(
    MACHINE_SIZE.height,
    ...view.machines.map((m) => size(m.id, MACHINE_SIZE).height),
  );
  let x = 0;
  for (const { seg, hosts } of groups) {
    const widths = hosts.map((h) => size(h.id, MACHINE_SIZE).width);
    const rowWidth = widths.reduce((a, w) => a + w, 0) + GAP * Math.max(0, hosts.length - 1);
    const segWidth = size(seg.id, { width: SEGMENT_MIN_WIDTH, height: SEGMENT_HEIGHT }).width;
    const width = Math.max(rowWidth, segWidth);
    let hx = x + (width - rowWidth) / 2;
    for (const [i, h] of hosts.entries()) {
      const hh = size(h.id, MACHINE_SIZE).height;
      // Bottom-aligned, so every cable drops the same distance to the segment.
      out[h.id] = { x: Math.round(hx), y: Math.round(rowHeight - hh) };
      hx += widths[i] + GAP;
    }
    out[seg.id] = { x: Math.round(x + (width - segWidth) / 2), y: rowHeight + ROW_GAP };
    x += width + GAP * 2;
  }
  for (const m of view.machines.filter((m) => !placed.has(m.name))) {
    const s = size(m.id, MACHINE_SIZE);
    out[m.id] = { x: Math.round(x), y: Math.round(rowHeight - s.height) };
    x += s.width + GAP;
  }
  return out;
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
    const measured = n.measured ?? p.measured;
    if (
      p.selected === n.selected &&
      p.position.x === n.position.x &&
      p.position.y === n.position.y &&
      p.measured?.width === measured?.width &&
      p.measured?.height === measured?.height &&
      sameData(p.data, n.data)
    ) {
      return p;
    }
    // A newer measurement wins over the one the previous object carried (the minimap draws a
    // node only once its object has a size).
    return measured ? ({ ...n, measured } as LabFlowNode) : n;
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
