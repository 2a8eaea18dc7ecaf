import { describe, expect, it } from 'vitest';
import { routerLab, type TappedFrame } from '../testing/packet-lab';

/** Sizes of the IPv4 frames received. */
function ipIn(frames: TappedFrame[]): number[] {
  return frames
    .filter((f) => f.dir === 'in' && f.frame[12] === 0x08 && f.frame[13] === 0)
    .map((f) => f.frame.length);
}

describe('IPv4 forwarding through a router namespace', () => {
  it('delivers with TTL 63 when ip_forward=1 and drops silently when 0', () => {
    const p = routerLab();
    expect(p.run('host', 'ip netns exec cl ping -c 2 10.2.0.2').stdout).toContain(
      '64 bytes from 10.2.0.2: icmp_seq=2 ttl=63',
    );
    p.run('host', 'ip netns exec rt sysctl -w net.ipv4.ip_forward=0');
    const r = p.run('host', 'ip netns exec cl ping -c 1 -W 1 10.2.0.2', true);
    expect(r.stdout).toBe(
      'PING 10.2.0.2 (10.2.0.2) 56(84) bytes of data.\n\n--- 10.2.0.2 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\n',
    );
    expect(r.code).toBe(1);
    // The router's other address is local: no forwarding needed.
    expect(p.run('host', 'ip netns exec cl ping -c 1 10.2.0.1').stdout).toContain('ttl=64');
  });

  it('answers TTL 1 with time exceeded from the address facing the sender', () => {
    const p = routerLab();
    const r = p.run('host', 'ip netns exec cl ping -c 2 -t 1 10.2.0.2', true);
    expect(r.stdout).toBe(
      [
        'PING 10.2.0.2 (10.2.0.2) 56(84) bytes of data.',
        'From 10.1.0.1 icmp_seq=1 Time to live exceeded',
        'From 10.1.0.1 icmp_seq=2 Time to live exceeded',
        '',
        '--- 10.2.0.2 ping statistics ---',
        '2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1024ms',
        '',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(1);
  });

  it('sends "fragmentation needed" for DF packets too big for the next hop, then the sender knows the PMTU', () => {
    const p = routerLab();
    p.run('host', 'ip -n rt link set eth2 mtu 1450');
    p.run('host', 'ip -n sv link set eth0 mtu 1450');
    const r = p.run('host', 'ip netns exec cl ping -c 2 -M do -s 1430 10.2.0.2', true);
    expect(r.stdout).toContain('From 10.1.0.1 icmp_seq=1 Frag needed and DF set (mtu = 1450)\n');
    expect(r.stderr).toBe('ping: local error: message too long, mtu=1450\n');
    expect(r.stdout).toContain('2 packets transmitted, 0 received, +2 errors, 100% packet loss');
    // Without DF (the default "want" mode) the sender fragments to the learnt PMTU.
    const frames = p.tap(p.dev('host', 'sv', 'eth0'));
    const ok = p.run('host', 'ip netns exec cl ping -c 2 -s 1430 10.2.0.2');
    expect(ok.stdout).toContain('1438 bytes from 10.2.0.2: icmp_seq=1 ttl=63');
    expect(ok.stdout).toContain('2 packets transmitted, 2 received, 0% packet loss');
    expect(ipIn(frames)).toEqual([14 + 1444, 14 + 34, 14 + 1444, 14 + 34]);
  });

  it('fragments at the router too when DF is clear (-M dont)', () => {
    const p = routerLab();
    p.run('host', 'ip -n rt link set eth2 mtu 1450');
    p.run('host', 'ip -n sv link set eth0 mtu 1450');
    const frames = p.tap(p.dev('host', 'sv', 'eth0'));
    const r = p.run('host', 'ip netns exec cl ping -c 1 -M dont -s 1472 10.2.0.2');
    expect(r.stdout).toContain('1480 bytes from 10.2.0.2: icmp_seq=1 ttl=63');
    expect(ipIn(frames)).toEqual([14 + 1444, 14 + 20 + 56]);
  });

  it('returns net unreachable when the router has no route', () => {
    const p = routerLab();
    p.run('host', 'ip -n cl route add 10.9.0.0/16 via 10.1.0.1');
    const r = p.run('host', 'ip netns exec cl ping -c 1 10.9.0.1', true);
    expect(r.stdout).toContain('From 10.1.0.1 icmp_seq=1 Destination Net Unreachable\n');
  });
});
