import { describe, expect, it } from 'vitest';
import { routerLab } from '../testing/packet-lab';

/** Echo requests that reached sv, from an iptables counter (as checked on real Linux). */
function requestsAtServer(p: ReturnType<typeof routerLab>): number {
  const out = p.run('host', 'ip netns exec sv iptables -L INPUT -v -x -n').stdout;
  return Number(out.split('\n')[2].trim().split(/\s+/)[0]);
}

describe('rp_filter (reverse path filtering on input)', () => {
  it('drops a source that would not be routed back via the receiving device (strict), or not at all (loose)', () => {
    const p = routerLab(1);
    p.script(
      'host',
      `ip -n cl addr add 10.9.9.9/32 dev eth0
      ip netns exec sv iptables -A INPUT -p icmp --icmp-type echo-request
      ip -n rt route add 10.9.9.9 via 10.2.0.2`,
    );
    const ping = () => p.run('host', 'ip netns exec cl ping -c 1 -W 1 -I 10.9.9.9 10.2.0.2', true);
    p.run('host', 'ip netns exec rt sysctl -w net.ipv4.conf.all.rp_filter=1');
    ping();
    expect(requestsAtServer(p)).toBe(0);
    expect(p.traced.some((e) => e.detail.startsWith('rp_filter'))).toBe(true);
    p.run('host', 'ip netns exec rt sysctl -w net.ipv4.conf.all.rp_filter=2');
    ping();
    const loose = requestsAtServer(p);
    expect(loose).toBeGreaterThan(0);
    p.run('host', 'ip -n rt route del 10.9.9.9');
    ping();
    expect(requestsAtServer(p)).toBe(loose);
    p.run('host', 'ip netns exec rt sysctl -w net.ipv4.conf.all.rp_filter=0');
    ping();
    expect(requestsAtServer(p)).toBe(loose + 1);
  });
});
