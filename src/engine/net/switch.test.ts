import { describe, expect, it } from 'vitest';
import { PacketLab } from '../testing/packet-lab';

function twoHosts(): PacketLab {
  const p = new PacketLab(3);
  p.script(
    'lab',
    `machine add a
    machine add b
    machine add c
    segment add lan
    cable a eth0 lan
    cable b eth0 lan
    cable c eth0 lan`,
  );
  p.script('a', 'ip addr add 192.168.1.1/24 dev eth0\nip link set eth0 up');
  p.script('b', 'ip addr add 192.168.1.2/24 dev eth0\nip link set eth0 up');
  p.script('c', 'ip link set eth0 up');
  return p;
}

describe('segment switch', () => {
  it('carries a ping between two machines through their NICs, with the wire delay in the RTT', () => {
    const p = twoHosts();
    const r = p.run('a', 'ping -c 2 192.168.1.2');
    expect(r.stdout).toContain('64 bytes from 192.168.1.2: icmp_seq=1 ttl=64 time=0.080 ms\n');
    expect(r.stdout).toContain('64 bytes from 192.168.1.2: icmp_seq=2 ttl=64 time=0.040 ms\n');
  });

  it('floods the ARP broadcast to every port, then unicasts to the learnt port only', () => {
    const p = twoHosts();
    const seen = p.tap(p.dev('c', undefined, 'eth0'));
    p.run('a', 'ping -c 2 192.168.1.2');
    expect(seen.map((f) => f.frame[12] === 8 && f.frame[13] === 6)).toEqual([true]);
    expect(p.world.segments.get('lan')?.macTable.size).toBe(2);
  });

  it('drops frames of an uncabled NIC', () => {
    const p = twoHosts();
    p.run('lab', 'uncable b eth0');
    const r = p.run('a', 'ping -c 1 -W 1 192.168.1.2', true);
    expect(r.stdout).toContain('1 packets transmitted, 0 received, 100% packet loss');
  });
});
