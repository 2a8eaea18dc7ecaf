import { describe, expect, it } from 'vitest';
import { vethPairLab } from '../testing/packet-lab';
import { parseFrame } from '../wire';
import { formatMac, parseIpv4, parseMac } from './inet';
import { frameDst } from './l2';
import { neighAdd, neighDel, neighList } from './neigh';

const ip = (s: string) => parseIpv4(s) as number;

function arpSummary(frame: Uint8Array): string {
  const n = parseFrame(frame, 'ethernet');
  if (n.kind !== 'ethernet' || n.payload.kind !== 'arp') return 'not arp';
  return n.payload.arp.operation === 1 ? `request to ${formatMac(n.eth.dst)}` : 'reply';
}

describe('neighbour resolution over a veth pair', () => {
  it('ARPs first, then echoes with TTL 64, leaving REACHABLE entries on both sides', () => {
    const p = vethPairLab();
    const a1 = p.dev('host', 'a1', 'eth0');
    const a2 = p.dev('host', 'a2', 'eth0');
    const frames = p.tap(a1);
    const r = p.run('host', 'ip netns exec a1 ping -c 1 10.0.0.2');
    expect(r.stdout).toMatch(/64 bytes from 10\.0\.0\.2: icmp_seq=1 ttl=64 time=0\.\d{3} ms/);
    const kinds = frames.map((f) => {
      const n = parseFrame(f.frame, 'ethernet', { verifyChecksum: true });
      if (n.kind !== 'ethernet') return 'bad';
      const pl = n.payload;
      if (pl.kind === 'arp') return `${f.dir} arp ${pl.arp.operation === 1 ? 'request' : 'reply'}`;
      if (pl.kind === 'ipv4' && pl.payload.kind === 'icmp')
        return `${f.dir} ${pl.payload.icmp.kind} ttl ${pl.ip.ttl}`;
      return 'other';
    });
    expect(kinds).toEqual([
      'out arp request',
      'in arp reply',
      'out echoRequest ttl 64',
      'in echoReply ttl 64',
    ]);
    const n1 = neighList(p.ns('host', 'a1'));
    expect(n1.map((n) => [n.addr, n.lladdr && formatMac(n.lladdr), n.state])).toEqual([
      [ip('10.0.0.2'), formatMac(a2.mac), 'REACHABLE'],
    ]);
    // a2 learnt a1 from the request (STALE), then the echo reply confirmed nothing: STALE → DELAY.
    const n2 = neighList(p.ns('host', 'a2'));
    expect(n2.map((n) => [n.addr, n.lladdr && formatMac(n.lladdr)])).toEqual([
      [ip('10.0.0.1'), formatMac(a1.mac)],
    ]);
    expect(['STALE', 'DELAY', 'REACHABLE']).toContain(n2[0].state);
  });

  it('ages REACHABLE to STALE after reachable_time, and re-probes by unicast when used again', () => {
    const p = vethPairLab();
    p.run('host', 'ip netns exec a1 ping -c 1 10.0.0.2');
    p.lab.run(60_000);
    expect(neighList(p.ns('host', 'a1'))[0].state).toBe('STALE');
    const frames = p.tap(p.dev('host', 'a1', 'eth0'));
    p.run('host', 'ip netns exec a1 ping -c 1 10.0.0.2');
    expect(neighList(p.ns('host', 'a1'))[0].state).toBe('DELAY');
    p.lab.run(10_000);
    // DELAY → PROBE after 5 s: one unicast request, answered: REACHABLE again. (a2 does the same
    // for its own DELAY entry of a1, so a1 also answers one request.)
    const arps = frames
      .filter((f) => f.frame[12] === 0x08 && f.frame[13] === 0x06)
      .map((f) => `${f.dir} ${arpSummary(f.frame)}`);
    expect(arps.sort()).toEqual(
      [
        `out request to ${formatMac(p.dev('host', 'a2', 'eth0').mac)}`,
        'in reply',
        `in request to ${formatMac(p.dev('host', 'a1', 'eth0').mac)}`,
        'out reply',
      ].sort(),
    );
    expect(neighList(p.ns('host', 'a1'))[0].state).toBe('REACHABLE');
  });

  it('adds, replaces and deletes permanent entries with netlink errors', () => {
    const p = vethPairLab();
    const ns = p.ns('host', 'a1');
    const dev = p.dev('host', 'a1', 'eth0');
    const w = p.world;
    const req = {
      dev,
      addr: ip('10.0.0.9'),
      lladdr: parseMac('02:00:00:00:00:09') as number,
      state: 'PERMANENT' as const,
    };
    expect(neighAdd(w, ns, req, 'add').ok).toBe(true);
    expect(neighAdd(w, ns, req, 'add')).toEqual({ ok: false, error: { errno: 'EEXIST' } });
    expect(neighAdd(w, ns, { ...req, addr: ip('10.0.0.8') }, 'change')).toEqual({
      ok: false,
      error: { errno: 'ENOENT' },
    });
    expect(
      neighAdd(w, ns, { ...req, lladdr: parseMac('02:00:00:00:00:99') as number }, 'replace').ok,
    ).toBe(true);
    expect(neighList(ns).map((n) => [n.lladdr && formatMac(n.lladdr), n.state])).toEqual([
      ['02:00:00:00:00:99', 'PERMANENT'],
    ]);
    // A permanent entry is used without ARP (the echo goes to that MAC, nobody answers).
    const frames = p.tap(dev);
    p.run('host', 'ip netns exec a1 ping -c 1 -W 1 10.0.0.9', true);
    expect(frames.map((f) => formatMac(frameDst(f.frame)))).toEqual(['02:00:00:00:00:99']);
    expect(neighDel(w, ns, dev, ip('10.0.0.9')).ok).toBe(true);
    expect(neighDel(w, ns, dev, ip('10.0.0.9'))).toEqual({ ok: false, error: { errno: 'ENOENT' } });
    expect(neighList(ns)).toEqual([]);
  });

  it('fails after three broadcast probes ~3 s apart and reports host unreachable', () => {
    const p = vethPairLab();
    const frames = p.tap(p.dev('host', 'a1', 'eth0'));
    const r = p.run('host', 'ip netns exec a1 ping -c 3 10.0.0.7', true);
    expect(r.stdout).toContain('From 10.0.0.1 icmp_seq=1 Destination Host Unreachable\n');
    expect(r.stdout).toContain('3 packets transmitted, 0 received, +3 errors, 100% packet loss');
    expect(r.code).toBe(1);
    const t = frames.map((f) => f.t - frames[0].t);
    expect(t).toEqual([0, 1_024_000, 2_048_000]);
    const e = neighList(p.ns('host', 'a1')).find((n) => n.addr === ip('10.0.0.7'));
    expect(e?.state).toBe('FAILED');
  });
});
