import { describe, expect, it } from 'vitest';
import { World } from './world';

describe('World', () => {
  it('creates a network card when a machine is first cabled, with carrier while cabled', () => {
    const w = new World(1);
    w.addMachine('h1', 'host');
    w.addSegment('lan0');
    expect(w.cable('h1', 'eth0', 'lan0')).toEqual({ ok: true });
    const nic = w.machines.get('h1')?.root.byName('eth0');
    expect(nic?.kind).toBe('nic');
    expect(nic?.carrier).toBe(true);
    expect(w.uncable('h1', 'eth0')).toEqual({ ok: true });
    expect(nic?.carrier).toBe(false);
    expect(w.machines.get('h1')?.root.byName('eth0')).toBe(nic);
    expect(w.cable('h1', 'eth0', 'lan0')).toEqual({ ok: true });
    expect(w.cable('h1', 'eth0', 'lan0')).toEqual({
      ok: false,
      error: 'h1 eth0 is already cabled',
    });
  });

  it('refuses bad names, duplicates and unknown ends', () => {
    const w = new World(1);
    expect(w.addMachine('1bad', 'host').ok).toBe(false);
    expect(w.addMachine('lab', 'host')).toEqual({
      ok: false,
      error: '"lab" is reserved for the lab console',
    });
    w.addMachine('h1', 'host');
    expect(w.addSegment('h1')).toEqual({ ok: false, error: '"h1" already exists' });
    expect(w.cable('nope', 'eth0', 'x')).toEqual({
      ok: false,
      error: 'machine "nope" does not exist',
    });
    expect(w.cable('h1', 'eth0', 'x')).toEqual({ ok: false, error: 'segment "x" does not exist' });
    expect(w.cable('h1', 'bad/name', 'x').ok).toBe(false);
  });

  it('describes machines with their namespaces and devices for the canvas', () => {
    const w = new World(1);
    w.addMachine('h1', 'router');
    w.addSegment('lan0');
    w.cable('h1', 'eth0', 'lan0');
    const m = w.view().machines[0];
    expect(m.ipForward).toBe(true);
    expect(m.namespaces).toHaveLength(1);
    expect(m.namespaces[0].name).toBeNull();
    expect(m.namespaces[0].devices.map((d) => [d.id, d.kind, d.up])).toEqual([
      ['dev:h1:-:lo', 'loopback', true],
      ['dev:h1:-:eth0', 'nic', false],
    ]);
  });

  it('gives each machine MACs from its own stream, whatever else is in the lab', () => {
    const mac = (w: World) => w.machines.get('b')?.root.byName('eth0')?.mac;
    const w1 = new World(7);
    w1.addMachine('b', 'host');
    w1.addSegment('s');
    w1.cable('b', 'eth0', 's');
    const w2 = new World(7);
    w2.addMachine('a', 'host');
    w2.addSegment('s');
    w2.cable('a', 'eth0', 's');
    w2.addMachine('b', 'host');
    w2.cable('b', 'eth0', 's');
    expect(mac(w1)).toBe(mac(w2));
  });
});
