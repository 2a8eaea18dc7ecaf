import { describe, expect, it } from 'vitest';
import { writeSysctl } from './procfs';
import { World } from './world';

describe('Netns packet-path sysctls', () => {
  it('follow every write of ip_forward and ip_default_ttl', () => {
    const w = new World(1);
    w.addMachine('h1', 'host');
    const ns = w.machines.get('h1')?.root;
    if (!ns) throw new Error('no root netns');
    expect(ns.defaultTtl).toBe(64);
    const fwd = ns.ipForward;
    expect(writeSysctl(ns, 'net.ipv4.ip_forward', fwd ? '0' : '1')).toBe(true);
    expect(ns.ipForward).toBe(!fwd);
    expect(writeSysctl(ns, 'net.ipv4.ip_forward', fwd ? '1' : '0')).toBe(true);
    expect(ns.ipForward).toBe(fwd);
    expect(writeSysctl(ns, 'net.ipv4.ip_default_ttl', '17')).toBe(true);
    expect(ns.defaultTtl).toBe(17);
  });
});
