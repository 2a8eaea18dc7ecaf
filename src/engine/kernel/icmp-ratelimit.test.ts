import { describe, expect, it } from 'vitest';
import { routerLab } from '../testing/packet-lab';
import { ICMP_RATELIMIT_US, IcmpRateLimiter } from './icmp-ratelimit';

describe('ICMP error rate limiting', () => {
  it('allows a burst of 6 errors per destination, then one per second', () => {
    const rl = new IcmpRateLimiter();
    const t0 = 100_000_000;
    const burst = Array.from({ length: 8 }, () => rl.allow(0x0a000001, 3, t0, false));
    expect(burst).toEqual([true, true, true, true, true, true, false, false]);
    expect(rl.allow(0x0a000002, 3, t0, false)).toBe(true);
    expect(rl.allow(0x0a000001, 3, t0 + ICMP_RATELIMIT_US - 1, false)).toBe(false);
    expect(rl.allow(0x0a000001, 3, t0 + ICMP_RATELIMIT_US, false)).toBe(true);
  });

  it('never limits echo replies or errors toward loopback', () => {
    const rl = new IcmpRateLimiter();
    for (let i = 0; i < 20; i++) expect(rl.allow(1, 0, 0, false)).toBe(true);
    for (let i = 0; i < 20; i++) expect(rl.allow(1, 3, 0, true)).toBe(true);
  });

  it('silences a router after six TTL-exceeded errors to the same sender', () => {
    const p = routerLab(1);
    const r = p.run('host', 'ip netns exec cl ping -c 10 -i 0.2 -t 1 10.2.0.2', true);
    expect((r.stdout.match(/Time to live exceeded/g) ?? []).length).toBe(7);
  });
});
