import { describe, expect, it } from 'vitest';
import { PacketLab } from '../testing/packet-lab';
import { fdbList } from './bridge';
import { formatMac } from './inet';

function docker0(): PacketLab {
  const p = new PacketLab(7);
  p.run('lab', 'machine add host --bare');
  p.script(
    'host',
    `ip netns add c1
    ip netns add c2
    ip link add docker0 type bridge
    ip link set docker0 address 02:42:a6:c4:ba:41
    ip addr add 172.17.0.1/16 dev docker0
    ip link set docker0 up
    ip link add veth1 type veth peer name eth0 netns c1
    ip link add veth2 type veth peer name eth0 netns c2
    ip link set veth1 master docker0
    ip link set veth2 master docker0
    ip link set veth1 up
    ip link set veth2 up
    ip -n c1 link set eth0 address 02:42:ac:11:00:02
    ip -n c2 link set eth0 address 02:42:ac:11:00:03
    ip -n c1 addr add 172.17.0.2/16 dev eth0
    ip -n c2 addr add 172.17.0.3/16 dev eth0
    ip -n c1 link set eth0 up
    ip -n c2 link set eth0 up
    ip -n c1 route add default via 172.17.0.1`,
  );
  return p;
}

describe('bridge', () => {
  it('forwards between two ports at L2 (TTL 64) and learns both MACs', () => {
    const p = docker0();
    const br = p.dev('host', undefined, 'docker0');
    expect(
      fdbList(p.world, br).map(
        (e) => `${formatMac(e.mac)} ${e.dev.name}${e.permanent ? ' permanent' : ''}`,
      ),
    ).toEqual([
      '02:42:a6:c4:ba:41 docker0 permanent',
      `${formatMac(p.dev('host', undefined, 'veth1').mac)} veth1 permanent`,
      `${formatMac(p.dev('host', undefined, 'veth2').mac)} veth2 permanent`,
    ]);
    const r = p.run('host', 'ip netns exec c1 ping -c 3 172.17.0.3');
    expect(r.stdout).toMatch(
      /^PING 172\.17\.0\.3 \(172\.17\.0\.3\) 56\(84\) bytes of data\.\n64 bytes from 172\.17\.0\.3: icmp_seq=1 ttl=64 time=0\.\d{3} ms\n/,
    );
    expect(r.stdout).toContain('3 packets transmitted, 3 received, 0% packet loss, time 2048ms');
    const learnt = fdbList(p.world, br).filter((e) => !e.permanent);
    expect(learnt.map((e) => `${formatMac(e.mac)} ${e.dev.name}`)).toEqual([
      '02:42:ac:11:00:02 veth1',
      '02:42:ac:11:00:03 veth2',
    ]);
  });

  it('floods the first ARP broadcast to the other port and the bridge itself, then forwards by FDB', () => {
    const p = docker0();
    const v2 = p.tap(p.dev('host', undefined, 'veth2'));
    const brFrames = p.tap(p.dev('host', undefined, 'docker0'));
    p.run('host', 'ip netns exec c1 ping -c 1 172.17.0.3');
    // veth2 carries: the flooded request (out), the reply (in), echo request (out), echo reply (in).
    expect(v2.map((f) => f.dir)).toEqual(['out', 'in', 'out', 'in']);
    // The bridge device saw nothing addressed to it but the broadcast (delivered up, not answered).
    expect(brFrames).toEqual([]);
    const ev = p.traced.filter((e) => e.hook.startsWith('bridge.'));
    expect(ev.map((e) => e.hook)).toEqual(
      expect.arrayContaining(['bridge.fdb', 'bridge.flood', 'bridge.local_in', 'bridge.forward']),
    );
  });

  it('routes from a container to the bridge address (the host answers)', () => {
    const p = docker0();
    const r = p.run('host', 'ip netns exec c1 ping -c 1 172.17.0.1');
    expect(r.stdout).toContain('64 bytes from 172.17.0.1: icmp_seq=1 ttl=64');
  });

  it('ages learnt entries out after ageing_time (300 s)', () => {
    const p = docker0();
    p.run('host', 'ip netns exec c1 ping -c 1 172.17.0.3');
    const br = p.dev('host', undefined, 'docker0');
    expect(fdbList(p.world, br).filter((e) => !e.permanent)).toHaveLength(2);
    p.lab.run(310_000);
    expect(fdbList(p.world, br).filter((e) => !e.permanent)).toHaveLength(0);
  });
});
