import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lab } from '../../api/lab';
import { installCniNode } from './node-image';
import { runPlugin } from './plugins';
import { type CniCommand, errorJson, type PluginOutcome, resultJson } from './types';

const fixture = (f: string) => readFileSync(join(__dirname, 'fixtures', f), 'utf8');

/** MACs and veth names are random: number them by first appearance, as the Linux cases do. */
function normalize(text: string): string {
  const seen = new Map<string, string>();
  return text
    .replace(/[0-9a-f]{2}(:[0-9a-f]{2}){5}/g, (m) => {
      if (m === '00:00:00:00:00:00') return m;
      if (!seen.has(m)) seen.set(m, `<MAC${seen.size + 1}>`);
      return seen.get(m) as string;
    })
    .replace(/veth[0-9a-f]{8}/g, '<VETH>');
}

const BRIDGE = {
  cniVersion: '0.4.0',
  name: 'mynet',
  type: 'bridge',
  bridge: 'cni0',
  isGateway: true,
  ipMasq: true,
  ipam: {
    type: 'host-local',
    subnet: '10.22.0.0/16',
    routes: [{ dst: '0.0.0.0/0' }],
    dataDir: '/tmp/cni/ipam',
  },
};

/** The fixture's setup: namespaces cnipod and cnipod2 on a node, plugins run in its root. */
function node() {
  const lab = new Lab(1);
  const con = lab.openSession({ machine: 'lab' });
  lab.execToEnd(con, 'machine add node1');
  const s = lab.openSession({ machine: 'node1' });
  lab.execToEnd(s, 'ip netns add cnipod; ip netns add cnipod2');
  const machine = lab.worldForBench().machines.get('node1');
  if (!machine) throw new Error('no node1');
  installCniNode(machine);
  const call = (
    type: string,
    command: CniCommand,
    id: string,
    netns: string,
    conf: Record<string, unknown>,
    ifName = 'eth0',
  ): PluginOutcome =>
    runPlugin(type, {
      machine,
      hostNs: machine.root,
      command,
      containerId: id,
      netnsPath: `/var/run/netns/${netns}`,
      ifName,
      path: ['/opt/cni/bin'],
      conf,
    });
  const out = (o: PluginOutcome) =>
    normalize(o.ok ? (o.result ? resultJson(o.result) : '') : errorJson(o.error));
  return { lab, s, machine, call, out };
}

describe('CNI plugins against the reference plugins 1.1.1 on Linux (fixtures/README.md)', () => {
  it('bridge ADD prints the same 0.4.0 and 1.0.0 results and leaves the same state (C16)', () => {
    const { lab, s, machine, call, out } = node();
    expect(out(call('bridge', 'ADD', 'ctr1', 'cnipod', BRIDGE))).toBe(
      normalize(fixture('bridge-add-0.4.0.txt')),
    );
    const v1 = { ...BRIDGE, cniVersion: '1.0.0' };
    const second = out(call('bridge', 'ADD', 'ctr2', 'cnipod2', v1));
    // The bridge is the same one, so its MAC is <MAC1> in both.
    expect(second).toBe(normalize(fixture('bridge-add-1.0.0.txt')));
    expect(machine.files.get('/tmp/cni/ipam/mynet/10.22.0.2')).toBe('ctr1\r\neth0');
    expect(machine.files.get('/tmp/cni/ipam/mynet/last_reserved_ip.0')).toBe('10.22.0.3');
    expect(machine.files.get('/tmp/cni/ipam/mynet/lock')).toBe('');
    expect(lab.execToEnd(s, 'ip -n cnipod route').stdout).toBe(
      'default via 10.22.0.1 dev eth0 \n10.22.0.0/16 dev eth0 proto kernel scope link src 10.22.0.2 \n',
    );
    expect(lab.execToEnd(s, 'ip -4 addr show cni0').stdout).toContain(
      'inet 10.22.0.1/16 brd 10.22.255.255 scope global cni0',
    );
    expect(lab.execToEnd(s, 'iptables-save -t nat | grep CNI-5145').stdout).toBe(
      ':CNI-5145007e2a8415ce07579739 - [0:0]\n' +
        '-A POSTROUTING -s 10.22.0.2/32 -m comment --comment "name: \\"mynet\\" id: \\"ctr1\\"" -j CNI-5145007e2a8415ce07579739\n' +
        '-A CNI-5145007e2a8415ce07579739 -d 10.22.0.0/16 -m comment --comment "name: \\"mynet\\" id: \\"ctr1\\"" -j ACCEPT\n' +
        '-A CNI-5145007e2a8415ce07579739 ! -d 224.0.0.0/4 -m comment --comment "name: \\"mynet\\" id: \\"ctr1\\"" -j MASQUERADE\n',
    );
  });

  it('bridge and loopback errors and the loopback result are the real ones', () => {
    const { call, out } = node();
    expect(
      out(call('loopback', 'ADD', 'ctr1', 'cnipod', { cniVersion: '0.4.0', name: 'lo' }, 'lo')),
    ).toBe(fixture('loopback-add.txt'));
    call('bridge', 'ADD', 'ctr1', 'cnipod', BRIDGE);
    expect(out(call('bridge', 'ADD', 'ctr1', 'cnipod', BRIDGE))).toBe(
      fixture('bridge-add-again.txt'),
    );
    expect(out(call('bridge', 'ADD', 'ctr3', 'nope', BRIDGE))).toBe(
      fixture('bridge-add-no-netns.txt'),
    );
    expect(out(call('bridge', 'ADD', 'ctr3', 'cnipod2', { ...BRIDGE, cniVersion: '9.9.9' }))).toBe(
      fixture('bridge-add-bad-version.txt'),
    );
  });

  it('bridge DEL releases the address and removes the pod’s end, and may be repeated', () => {
    const { lab, s, machine, call } = node();
    call('bridge', 'ADD', 'ctr1', 'cnipod', BRIDGE);
    expect(call('bridge', 'DEL', 'ctr1', 'cnipod', BRIDGE)).toEqual({ ok: true });
    expect(call('bridge', 'DEL', 'ctr1', 'cnipod', BRIDGE)).toEqual({ ok: true });
    expect([...machine.files.keys()].filter((f) => f.startsWith('/tmp/cni/ipam/'))).toEqual([
      '/tmp/cni/ipam/mynet/lock',
      '/tmp/cni/ipam/mynet/last_reserved_ip.0',
    ]);
    expect(lab.execToEnd(s, 'ip -n cnipod -br link').stdout).toBe(
      'lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n',
    );
    expect(lab.execToEnd(s, 'iptables-save -t nat | grep -c CNI-').stdout).toBe('0\n');
  });

  it('bridge without ipam attaches at L2 only; a missing IPAM plugin leaves the veth pair', () => {
    const { lab, s, call, out } = node();
    const l2 = { cniVersion: '0.4.0', name: 'x', type: 'bridge' };
    // Not a gateway: cni0 follows its only port's MAC, so <MAC1> appears twice.
    expect(out(call('bridge', 'ADD', 'a', 'cnipod', l2)).replace('cnipod', 'cnix')).toBe(
      normalize(fixture('bridge-add-no-ipam.txt')),
    );
    const nope = { ...l2, ipam: { type: 'nope' } };
    expect(out(call('bridge', 'ADD', 'b', 'cnipod2', nope))).toBe(
      fixture('bridge-add-ipam-missing.txt').replace('/usr/lib/cni', '/opt/cni/bin'),
    );
    expect(lab.execToEnd(s, 'ip -n cnipod2 -br link show eth0').stdout).toMatch(
      /^eth0@if\d+ +DOWN /,
    );
  });

  it('host-local hands out .2 up, skips the gateway, wraps after the last, refuses duplicates', () => {
    // Seen with host-local 1.1.1 run on its own for ids a…h on a /29 (fixtures/README.md).
    const { call } = node();
    const conf = {
      cniVersion: '0.4.0',
      name: 'small',
      type: 'bridge',
      ipam: { type: 'host-local', subnet: '10.9.0.0/29', dataDir: '/tmp/cni/ipam3' },
    };
    const add = (id: string) => {
      const r = call('host-local', 'ADD', id, 'x', conf);
      return r.ok ? r.result?.ips?.[0]?.address : r.error.msg;
    };
    expect(['a', 'b', 'c', 'd', 'e'].map(add)).toEqual([
      '10.9.0.2/29',
      '10.9.0.3/29',
      '10.9.0.4/29',
      '10.9.0.5/29',
      '10.9.0.6/29',
    ]);
    expect(add('f')).toBe(
      'failed to allocate for range 0: no IP addresses available in range set: 10.9.0.1-10.9.0.6',
    );
    expect(add('a')).toBe(
      'failed to allocate for range 0: 10.9.0.2 has been allocated to a, duplicate allocation is not allowed',
    );
    expect(call('host-local', 'DEL', 'b', 'x', conf)).toEqual({ ok: true });
    expect(add('h')).toBe('10.9.0.3/29');
  });
});
