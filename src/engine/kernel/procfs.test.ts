import { describe, expect, it } from 'vitest';
import { readSysctl, tcpRcvWscale, writeSysctl } from './procfs';
import { World } from './world';

function netns() {
  const w = new World(1);
  w.addMachine('h1', 'host');
  const ns = w.machines.get('h1')?.root;
  if (!ns) throw new Error('no root netns');
  return ns;
}

describe('net.ipv4.tcp_rmem', () => {
  it("reads back tab-separated and sets the window scale a connection offers (Debian's 7)", () => {
    const ns = netns();
    expect(readSysctl(ns, 'net.ipv4.tcp_rmem')).toBe('4096\t131072\t6291456');
    expect(tcpRcvWscale(ns)).toBe(7);
    writeSysctl(ns, 'net.ipv4.tcp_rmem', '4096 131072  33554432');
    expect(readSysctl(ns, 'net.ipv4.tcp_rmem')).toBe('4096\t131072\t33554432');
    expect(tcpRcvWscale(ns)).toBe(10);
    // rmem_max (212992) is the floor
    writeSysctl(ns, 'net.ipv4.tcp_rmem', '4096 8192 16384');
    expect(tcpRcvWscale(ns)).toBe(2);
  });
});
