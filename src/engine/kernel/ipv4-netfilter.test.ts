/**
 * The netfilter hooks on the IPv4 path, end to end: Docker's MASQUERADE for a container that
 * talks to the outside (C05, C06), FORWARD policy drops, REJECT replies, and un-NAT of replies.
 */
import { describe, expect, it } from 'vitest';
import { PacketLab } from '../testing/packet-lab';
import { parseIpv4 } from '../wire';

/** docker0 on `host` with container c1, host eth0 to machine `outside` over segment wan. */
function dockerToOutside(): PacketLab {
  const p = new PacketLab(1);
  p.script(
    'lab',
    `machine add host
    machine add outside
    segment add wan
    cable host eth0 wan
    cable outside eth0 wan`,
  );
  p.script(
    'host',
    `ip link set eth0 up
    ip addr add 10.168.0.2/24 dev eth0
    ip netns add c1
    ip link add docker0 type bridge
    ip addr add 172.17.0.1/16 dev docker0
    ip link set docker0 up
    ip link add veth1 type veth peer name eth0 netns c1
    ip link set veth1 master docker0
    ip link set veth1 up
    ip -n c1 link set lo up
    ip -n c1 addr add 172.17.0.2/16 dev eth0
    ip -n c1 link set eth0 up
    ip -n c1 route add default via 172.17.0.1
    sysctl -w net.ipv4.ip_forward=1`,
  );
  p.script(
    'outside',
    `ip link set eth0 up
    ip addr add 10.168.0.100/24 dev eth0`,
  );
  return p;
}

function sources(frames: { frame: Uint8Array }[]): string[] {
  return frames
    .map((f) => parseIpv4(f.frame.subarray(14)))
    .filter((r) => r.ok)
    .map((r) =>
      r.ok
        ? `${r.value.src >>> 24}.${(r.value.src >>> 16) & 255}.${(r.value.src >>> 8) & 255}.${r.value.src & 255}`
        : '',
    );
}

describe('netfilter on the IPv4 path', () => {
  it('without MASQUERADE the outside sees the container address and cannot answer (C05)', () => {
    const p = dockerToOutside();
    const r = p.run('host', 'ip netns exec c1 ping -c 1 -W 1 10.168.0.100', true);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('0 received');
  });

  it('MASQUERADE rewrites the source on the way out and un-NATs the reply (C05, C06)', () => {
    const p = dockerToOutside();
    p.run('host', 'iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
    const onWire = p.tap(p.dev('outside', undefined, 'eth0'));
    const inC1 = p.tap(p.dev('host', 'c1', 'eth0'));
    const r = p.run('host', 'ip netns exec c1 ping -c 3 10.168.0.100');
    expect(r.stdout).toContain('3 received');
    expect(r.stdout).toContain('ttl=63');
    const wireSources = sources(onWire.filter((f) => f.dir === 'in'));
    expect(wireSources.length).toBeGreaterThan(0);
    expect(new Set(wireSources)).toEqual(new Set(['10.168.0.2']));
    expect(new Set(sources(inC1.filter((f) => f.dir === 'in')))).toEqual(new Set(['10.168.0.100']));
    // The nat rule counts only the first packet of the flow; conntrack shows the translation.
    const counters = p.run('host', 'iptables -t nat -L POSTROUTING -n -v -x').stdout;
    expect(counters).toMatch(/^\s+1\s+84 MASQUERADE/m);
    expect(p.run('host', 'conntrack -L').stdout).toContain('src=172.17.0.2 dst=10.168.0.100');
  });

  it('a FORWARD policy DROP stops the container, and the trace names the chain', () => {
    const p = dockerToOutside();
    p.run('host', 'iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
    p.run('host', 'iptables -P FORWARD DROP');
    p.takeTrace();
    const r = p.run('host', 'ip netns exec c1 ping -c 1 -W 1 10.168.0.100', true);
    expect(r.stdout).toContain('0 received');
    const drop = p.traced.find((e) => e.verdict === 'drop' && e.detail.startsWith('netfilter'));
    expect(drop?.detail).toContain('filter FORWARD policy DROP');
    expect(drop?.machine).toBe('host');
  });

  it('REJECT answers with an ICMP port unreachable that ping reports', () => {
    const p = dockerToOutside();
    p.run('outside', 'iptables -A INPUT -p icmp -j REJECT');
    const r = p.run('host', 'ping -c 1 -W 1 10.168.0.100', true);
    expect(r.stdout).toContain('Destination Port Unreachable');
  });
});
