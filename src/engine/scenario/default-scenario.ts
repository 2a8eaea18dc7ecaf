import type { Scenario } from '../api/types';

/** What the lab opens on: two hosts cabled to one L2 segment. */
export const defaultScenario: Scenario = {
  format: 'cnlab-scenario',
  version: 1,
  title: 'Two hosts on one LAN',
  seed: 1,
  steps: [
    { on: 'lab', line: 'title Two hosts on one LAN' },
    { on: 'lab', line: 'machine add node1' },
    { on: 'lab', line: 'machine add node2' },
    { on: 'lab', line: 'segment add lan0' },
    { on: 'lab', line: 'cable node1 eth0 lan0' },
    { on: 'lab', line: 'cable node2 eth0 lan0' },
    { on: 'node1', line: 'ip link set eth0 up' },
    { on: 'node1', line: 'ip addr add 10.0.0.1/24 dev eth0' },
    { on: 'node2', line: 'ip link set eth0 up' },
    { on: 'node2', line: 'ip addr add 10.0.0.2/24 dev eth0' },
  ],
  layout: {
    'machine:node1': { x: 60, y: 60 },
    'machine:node2': { x: 460, y: 60 },
    'segment:lan0': { x: 250, y: 520 },
  },
};
