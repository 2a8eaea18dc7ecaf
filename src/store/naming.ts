/**
 * Pure helpers for the names and positions of what the palette adds: the next free machine or
 * segment name, the next free interface name, and a spot on the canvas that does not overlap.
 */
import type { NodePosition, TopologyView } from '../engine/api/types';

export type PaletteItem = 'host' | 'router' | 'segment';
/** Palette items that are dropped onto a host (they live inside one). */
export type InnerPaletteItem = 'netns' | 'bridge' | 'container' | 'pod';

/** `prefix` + the smallest number ≥ `start` whose name is not taken. */
export function nextFreeName(prefix: string, taken: ReadonlySet<string>, start: number): string {
  let n = Math.max(0, start);
  while (taken.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/** Names are shared by machines and segments, so none of them may repeat. */
export function takenNames(view: TopologyView): Set<string> {
  return new Set([...view.machines.map((m) => m.name), ...view.segments.map((s) => s.name)]);
}

/**
 * The name the palette gives a new item. Hosts continue the machine count (node1, node2 → host3),
 * routers count from 1, segments continue the segment count (lan0 → lan1).
 */
export function paletteName(item: PaletteItem, view: TopologyView): string {
  const taken = takenNames(view);
  if (item === 'host') return nextFreeName('host', taken, view.machines.length + 1);
  if (item === 'router') {
    const routers = view.machines.filter((m) => m.kind === 'router').length;
    return nextFreeName('router', taken, routers + 1);
  }
  return nextFreeName('lan', taken, view.segments.length);
}

/** The lab command that creates a palette item. */
export function paletteCommand(item: PaletteItem, name: string): string {
  if (item === 'host') return `machine add ${name}`;
  if (item === 'router') return `machine add ${name} --kind router`;
  return `segment add ${name}`;
}

export function paletteNodeId(item: PaletteItem, name: string): string {
  return item === 'segment' ? `segment:${name}` : `machine:${name}`;
}

/** The first `eth<n>` the machine does not use yet. */
export function nextIfname(view: TopologyView, machine: string): string {
  const used = new Set(view.cables.filter((c) => c.machine === machine).map((c) => c.ifname));
  return nextFreeName('eth', used, 0);
}

export const GRID = { machineDx: 240, segmentDx: 520, rowDy: 240 } as const;

/**
 * Where a clicked (not dragged) palette item goes: machines to the right of the rightmost machine
 * on the machine row, segments to the right of the rightmost segment on the segment row.
 */
export function freeSpot(
  item: PaletteItem,
  view: TopologyView,
  positions: Readonly<Record<string, NodePosition>>,
): NodePosition {
  const at = (ids: string[]) => ids.map((id) => positions[id]).filter((p) => p !== undefined);
  const machines = at(view.machines.map((m) => m.id));
  const segments = at(view.segments.map((s) => s.id));
  const machineRowY = machines.length ? Math.min(...machines.map((p) => p.y)) : 0;
  if (item !== 'segment') {
    const x = machines.length ? Math.max(...machines.map((p) => p.x)) + GRID.machineDx : 0;
    return { x, y: machineRowY };
  }
  if (segments.length) {
    return {
      x: Math.max(...segments.map((p) => p.x)) + GRID.segmentDx,
      y: Math.max(...segments.map((p) => p.y)),
    };
  }
  return { x: 0, y: machineRowY + GRID.rowDy };
}

// ---- Namespaces, bridges, veth pairs --------------------------------------------------------

/** View ids of what lives inside a machine: `netns:<machine>:<name>` (null name = root). */
export function netnsId(machine: string, netns: string | null): string {
  return `netns:${machine}:${netns ?? '-'}`;
}

/** What a `netns:` or `dev:` view id points at. */
export type InnerRef =
  | { kind: 'netns'; machine: string; netns: string | null }
  | { kind: 'device'; machine: string; netns: string | null; name: string };

/** The parts of a `netns:` or `dev:` view id, or null for anything else. */
export function parseInnerId(id: string): InnerRef | null {
  // A container's unnamed namespace is labelled `container:NAME` by the view.
  const ns = /^netns:([^:]+):((?:container:)?[^:]+)$/.exec(id);
  if (ns) return { kind: 'netns', machine: ns[1], netns: ns[2] === '-' ? null : ns[2] };
  const dev = /^dev:([^:]+):((?:container:)?[^:]+):(.+)$/.exec(id);
  if (dev) {
    return { kind: 'device', machine: dev[1], netns: dev[2] === '-' ? null : dev[2], name: dev[3] };
  }
  return null;
}

/** The next free `nsN` of a machine (ns1, ns2 …). */
export function nextNetnsName(view: TopologyView, machine: string): string {
  const m = view.machines.find((x) => x.name === machine);
  return nextFreeName('ns', new Set(m?.netns ?? []), 1);
}

function devicesOf(view: TopologyView, machine: string, netns: string | null) {
  const m = view.machines.find((x) => x.name === machine);
  return m?.namespaces.find((n) => n.name === netns)?.devices ?? [];
}

/** The next free `brN` in a machine's root namespace (br0, br1 …). */
export function nextBridgeName(view: TopologyView, machine: string): string {
  return nextFreeName('br', new Set(devicesOf(view, machine, null).map((d) => d.name)), 0);
}

/** The first `ethN` not used inside a namespace (where the container end of a veth goes). */
export function nextNetnsIfname(view: TopologyView, machine: string, netns: string): string {
  return nextFreeName('eth', new Set(devicesOf(view, machine, netns).map((d) => d.name)), 0);
}

/** 32-bit FNV-1a: a small stable hash, so generated names do not depend on Math.random. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The host end of a new veth pair, named like Docker's (`veth` + 7 hex digits). The digits come
 * from a counter hashed with the machine and the namespace, so the same gesture on the same lab
 * always gives the same name (undo/redo and replays stay stable); taken names are skipped.
 */
export function nextVethName(view: TopologyView, machine: string, netns: string): string {
  const taken = new Set(devicesOf(view, machine, null).map((d) => d.name));
  for (let n = 0; ; n++) {
    const hex = fnv1a(`${machine}/${netns}/${n}`).toString(16).padStart(8, '0').slice(0, 7);
    const name = `veth${hex}`;
    if (!taken.has(name)) return name;
  }
}

/** The commands that plug a namespace into a bridge, as one does by hand for a container. */
export function vethCommands(veth: string, ifname: string, netns: string, bridge: string) {
  return [
    `ip link add ${veth} type veth peer name ${ifname} netns ${netns}`,
    `ip link set ${veth} master ${bridge}`,
    `ip link set ${veth} up`,
    `ip -n ${netns} link set ${ifname} up`,
  ];
}

/** `A.B.C.D/LEN` with every octet 0–255 and LEN 0–32 (what `ip addr add` takes here). */
export function isIpv4Cidr(text: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) && Number(m[5]) <= 32;
}

/** Linux accepts MTUs from 68 (IPv4's minimum) to 65535 on the devices modelled here. */
export function isMtu(text: string): boolean {
  if (!/^\d{2,5}$/.test(text.trim())) return false;
  const n = Number(text);
  return n >= 68 && n <= 65535;
}

/** A hostname as `hostname` takes it: letters, digits, dots and dashes, 1–64 characters. */
export function isHostname(text: string): boolean {
  return /^[A-Za-z0-9]([A-Za-z0-9.-]{0,62}[A-Za-z0-9])?$/.test(text);
}

/** The terminal tab (and its title) of a shell target: `node1`, or `node1:c1` inside netns c1. */
export function tabIdOf(machine: string, netns?: string | null): string {
  return netns ? `${machine}:${netns}` : machine;
}

/** The shell target of a tab id (the inverse of tabIdOf). */
export function tabTarget(id: string): { machine: string; netns?: string } {
  const i = id.indexOf(':');
  return i < 0 ? { machine: id } : { machine: id.slice(0, i), netns: id.slice(i + 1) };
}
