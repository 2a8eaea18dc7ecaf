/**
 * TopologyView → React Flow nodes and edges. Pure and tested: the canvas components only render
 * what this returns. Node `data` carries display fields only; the engine stays the source of truth.
 */
import type { Edge, Node } from '@xyflow/react';
import type { MachineKind, NodePosition, TopologyView } from '../../engine/api/types';

export interface MachineNodeData extends Record<string, unknown> {
  name: string;
  kind: MachineKind;
  hostname: string;
}

export interface SegmentNodeData extends Record<string, unknown> {
  name: string;
  /** Width of the segment bar in px: it grows with the number of machines cabled to it. */
  width: number;
}

export interface CableEdgeData extends Record<string, unknown> {
  ifname: string;
}

export type MachineFlowNode = Node<MachineNodeData, 'machine'>;
export type SegmentFlowNode = Node<SegmentNodeData, 'segment'>;
export type LabFlowNode = MachineFlowNode | SegmentFlowNode;
export type CableFlowEdge = Edge<CableEdgeData, 'cable'>;

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

export function topologyToFlow(
  view: TopologyView | null,
  positions: Readonly<Record<string, NodePosition>>,
  selectedId: string | null,
): { nodes: LabFlowNode[]; edges: CableFlowEdge[] } {
  if (!view) return { nodes: [], edges: [] };
  const machineIds = new Map(view.machines.map((m) => [m.name, m.id]));
  const segmentIds = new Map(view.segments.map((s) => [s.name, s.id]));

  const machines: MachineFlowNode[] = view.machines.map((m, i) => ({
    id: m.id,
    type: 'machine',
    position: positions[m.id] ?? autoPosition('machine', i),
    data: { name: m.name, kind: m.kind, hostname: m.hostname },
    selected: m.id === selectedId,
    deletable: false,
  }));
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

  const edges: CableFlowEdge[] = [];
  for (const c of view.cables) {
    const source = machineIds.get(c.machine);
    const target = segmentIds.get(c.segment);
    if (!source || !target) continue;
    edges.push({
      id: c.id,
      type: 'cable',
      source,
      target,
      data: { ifname: c.ifname },
      selectable: false,
      deletable: false,
      focusable: false,
    });
  }
  return { nodes: [...machines, ...segments], edges };
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
