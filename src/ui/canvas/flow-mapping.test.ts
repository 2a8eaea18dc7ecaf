import { describe, expect, it } from 'vitest';
import type { TopologyView } from '../../engine/api/types';
import {
  autoPosition,
  cableGeometry,
  keepMeasured,
  SEGMENT_MIN_WIDTH,
  segmentWidth,
  topologyToFlow,
} from './flow-mapping';

const view: TopologyView = {
  title: 'Two hosts on one LAN',
  machines: [
    { id: 'machine:node1', name: 'node1', kind: 'host', hostname: 'node1', netns: [] },
    { id: 'machine:r1', name: 'r1', kind: 'router', hostname: 'gw', netns: ['blue'] },
  ],
  segments: [{ id: 'segment:lan0', name: 'lan0' }],
  cables: [
    { id: 'cable:node1:eth0', machine: 'node1', ifname: 'eth0', segment: 'lan0' },
    { id: 'cable:r1:eth1', machine: 'r1', ifname: 'eth1', segment: 'lan0' },
    { id: 'cable:ghost:eth0', machine: 'ghost', ifname: 'eth0', segment: 'lan0' },
  ],
  layout: { 'machine:node1': { x: 1, y: 2 } },
};

describe('topologyToFlow', () => {
  it('maps nothing to nothing', () => {
    expect(topologyToFlow(null, {}, null)).toEqual({ nodes: [], edges: [] });
  });

  it('makes one machine node per machine and one segment node per segment', () => {
    const { nodes } = topologyToFlow(view, { 'machine:node1': { x: 10, y: 20 } }, 'machine:r1');
    expect(nodes.map((n) => [n.id, n.type])).toEqual([
      ['machine:node1', 'machine'],
      ['machine:r1', 'machine'],
      ['segment:lan0', 'segment'],
    ]);
    expect(nodes[0]).toMatchObject({
      position: { x: 10, y: 20 },
      data: { name: 'node1', kind: 'host', hostname: 'node1' },
      selected: false,
      deletable: false,
    });
    expect(nodes[1]).toMatchObject({ position: autoPosition('machine', 1), selected: true });
    expect(nodes[2]).toMatchObject({
      position: autoPosition('segment', 0),
      data: { name: 'lan0', width: segmentWidth(3) },
    });
  });

  it('makes one cable edge per cable, labelled with the interface, skipping dangling ones', () => {
    const { edges } = topologyToFlow(view, {}, null);
    expect(edges).toEqual([
      expect.objectContaining({
        id: 'cable:node1:eth0',
        type: 'cable',
        source: 'machine:node1',
        target: 'segment:lan0',
        data: { ifname: 'eth0' },
      }),
      expect.objectContaining({
        id: 'cable:r1:eth1',
        source: 'machine:r1',
        data: { ifname: 'eth1' },
      }),
    ]);
  });

  it('is pure: the same input gives equal output and the input is untouched', () => {
    const copy = structuredClone(view);
    expect(topologyToFlow(view, {}, null)).toEqual(topologyToFlow(view, {}, null));
    expect(view).toEqual(copy);
  });
});

describe('segmentWidth', () => {
  it('has a minimum and grows with cables', () => {
    expect(segmentWidth(0)).toBe(SEGMENT_MIN_WIDTH);
    expect(segmentWidth(10)).toBeGreaterThan(segmentWidth(2));
  });
});

describe('keepMeasured', () => {
  it('carries measured sizes over to rebuilt nodes', () => {
    const [a, b] = topologyToFlow(view, {}, null).nodes;
    const prev = [{ ...a, measured: { width: 150, height: 84 } }];
    const next = keepMeasured([a, b], prev);
    expect(next[0].measured).toEqual({ width: 150, height: 84 });
    expect(next[1].measured).toBeUndefined();
    expect(next[1]).toBe(b);
  });
});

describe('cableGeometry', () => {
  const machine = { x: 0, y: 0, width: 100, height: 60 };

  it('drops straight down onto a segment bar below the machine', () => {
    const g = cableGeometry(machine, { x: -200, y: 200, width: 600, height: 40 });
    expect(g).toMatchObject({ sx: 50, sy: 30, tx: 50, ty: 220 });
    // label just below the machine box, on the cable
    expect(g.labelX).toBe(50);
    expect(g.labelY).toBeGreaterThan(60);
    expect(g.labelY).toBeLessThan(100);
  });

  it('ends inside the bar when the machine is beside it', () => {
    const g = cableGeometry(machine, { x: 300, y: 200, width: 200, height: 40 });
    expect(g.tx).toBe(324);
    expect(g.ty).toBe(220);
  });

  it('keeps the label at most half way on short cables', () => {
    const g = cableGeometry(machine, { x: 0, y: 40, width: 100, height: 40 });
    expect(g.labelY - g.sy).toBeLessThanOrEqual((g.ty - g.sy) / 2);
  });
});
