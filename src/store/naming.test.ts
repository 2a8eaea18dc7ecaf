import { describe, expect, it } from 'vitest';
import type { TopologyView } from '../engine/api/types';
import {
  freeSpot,
  GRID,
  nextFreeName,
  nextIfname,
  paletteCommand,
  paletteName,
  paletteNodeId,
} from './naming';

const view: TopologyView = {
  title: '',
  machines: [
    {
      id: 'machine:node1',
      name: 'node1',
      kind: 'host',
      hostname: 'node1',
      netns: [],
      namespaces: [],
      ipForward: false,
    },
    {
      id: 'machine:node2',
      name: 'node2',
      kind: 'host',
      hostname: 'node2',
      netns: [],
      namespaces: [],
      ipForward: false,
    },
  ],
  segments: [{ id: 'segment:lan0', name: 'lan0' }],
  cables: [
    { id: 'cable:node1:eth0', machine: 'node1', ifname: 'eth0', segment: 'lan0' },
    { id: 'cable:node1:eth2', machine: 'node1', ifname: 'eth2', segment: 'lan0' },
  ],
  layout: {},
};

describe('naming', () => {
  it('nextFreeName skips taken names', () => {
    expect(nextFreeName('host', new Set(['host3', 'host4']), 3)).toBe('host5');
    expect(nextFreeName('lan', new Set(), 0)).toBe('lan0');
  });

  it('names palette items after what exists', () => {
    expect(paletteName('host', view)).toBe('host3');
    expect(paletteName('router', view)).toBe('router1');
    expect(paletteName('segment', view)).toBe('lan1');
    const crowded = {
      ...view,
      segments: [...view.segments, { id: 'segment:host3', name: 'host3' }],
    };
    expect(paletteName('host', crowded)).toBe('host4');
  });

  it('builds the lab command and view id for each item', () => {
    expect(paletteCommand('host', 'host3')).toBe('machine add host3');
    expect(paletteCommand('router', 'router1')).toBe('machine add router1 --kind router');
    expect(paletteCommand('segment', 'lan1')).toBe('segment add lan1');
    expect(paletteNodeId('host', 'host3')).toBe('machine:host3');
    expect(paletteNodeId('segment', 'lan1')).toBe('segment:lan1');
  });

  it('nextIfname takes the first unused ethN of that machine', () => {
    expect(nextIfname(view, 'node1')).toBe('eth1');
    expect(nextIfname(view, 'node2')).toBe('eth0');
  });
});

describe('freeSpot', () => {
  const positions = {
    'machine:node1': { x: 60, y: 60 },
    'machine:node2': { x: 460, y: 80 },
    'segment:lan0': { x: 280, y: 300 },
  };

  it('puts machines right of the rightmost machine, on the machine row', () => {
    expect(freeSpot('host', view, positions)).toEqual({ x: 460 + GRID.machineDx, y: 60 });
    expect(freeSpot('router', view, positions)).toEqual({ x: 460 + GRID.machineDx, y: 60 });
  });

  it('puts segments right of the rightmost segment', () => {
    expect(freeSpot('segment', view, positions)).toEqual({ x: 280 + GRID.segmentDx, y: 300 });
  });

  it('starts at the origin of an empty canvas', () => {
    const empty = { ...view, machines: [], segments: [] };
    expect(freeSpot('host', empty, {})).toEqual({ x: 0, y: 0 });
    expect(freeSpot('segment', empty, {})).toEqual({ x: 0, y: GRID.rowDy });
  });
});
