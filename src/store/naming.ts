/**
 * Pure helpers for the names and positions of what the palette adds: the next free machine or
 * segment name, the next free interface name, and a spot on the canvas that does not overlap.
 */
import type { NodePosition, TopologyView } from '../engine/api/types';

export type PaletteItem = 'host' | 'router' | 'segment';

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
