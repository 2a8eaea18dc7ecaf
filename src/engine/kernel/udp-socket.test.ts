import { describe, expect, it } from 'vitest';
import { vethPairLab } from '../testing/packet-lab';
import { parseFrame } from '../wire';
import { parseIpv4 } from './inet';
import {
  EPHEMERAL_PORT_MAX,
  EPHEMERAL_PORT_MIN,
  udpBind,
  udpRecv,
  udpSendto,
  udpSocketClose,
  udpSocketOpen,
} from './udp-socket';

const ip = (s: string) => parseIpv4(s) as number;

describe('UDP sockets', () => {
  it('binds with the kernel conflict rules', () => {
    const p = vethPairLab();
    const ns = p.ns('host', 'a1');
    const a = udpSocketOpen(ns);
    expect(udpBind(a, 0, 8285).ok).toBe(true);
    const b = udpSocketOpen(ns);
    expect(udpBind(b, ip('10.0.0.1'), 8285)).toEqual({
      ok: false,
      error: { errno: 'EADDRINUSE' },
    });
    expect(udpBind(b, ip('10.0.0.9'), 9000)).toEqual({
      ok: false,
      error: { errno: 'EADDRNOTAVAIL' },
    });
    expect(udpBind(b, ip('10.0.0.1'), 9000).ok).toBe(true);
    const c = udpSocketOpen(ns);
    expect(udpBind(c, ip('127.0.0.1'), 9000).ok).toBe(true); // another address: no conflict
    expect(udpBind(c, 0, 9001)).toEqual({ ok: false, error: { errno: 'EINVAL' } }); // bound
    udpSocketClose(a);
    const d = udpSocketOpen(ns);
    expect(udpBind(d, 0, 8285).ok).toBe(true);
    const e = udpSocketOpen(ns);
    expect(udpBind(e, 0, 0).ok).toBe(true);
    expect(e.localPort).toBeGreaterThanOrEqual(EPHEMERAL_PORT_MIN);
    expect(e.localPort).toBeLessThanOrEqual(EPHEMERAL_PORT_MAX);
  });

  it('echoes a datagram between two namespaces with valid checksums', () => {
    const p = vethPairLab();
    const w = p.world;
    const server = udpSocketOpen(p.ns('host', 'a2'), 'echo');
    expect(udpBind(server, 0, 7).ok).toBe(true);
    server.onReadable = () =>
      w.sched.after(0, () => {
        const d = udpRecv(w, server);
        if (d) udpSendto(w, server, d.from, d.fromPort, d.data, d.packetId);
      });
    const client = udpSocketOpen(p.ns('host', 'a1'), 'client');
    let woke = 0;
    client.onReadable = () => woke++;
    const wire = p.tap(p.dev('host', 'a1', 'eth0'));
    const sent = udpSendto(w, client, ip('10.0.0.2'), 7, new TextEncoder().encode('hello'));
    expect(sent).toEqual({ ok: true });
    w.sched.runUntil(w.sched.now + 1_000_000, 10_000);
    expect(woke).toBe(1);
    const reply = udpRecv(w, client);
    expect(reply && new TextDecoder().decode(reply.data)).toBe('hello');
    expect(reply?.from).toBe(ip('10.0.0.2'));
    expect(reply?.fromPort).toBe(7);
    const udpFrames = wire.filter((f) => f.frame[12] === 8 && f.frame[23] === 17);
    expect(udpFrames).toHaveLength(2);
    for (const f of udpFrames) {
      const t = parseFrame(f.frame, 'ethernet', { verifyChecksum: true });
      if (t.kind !== 'ethernet' || t.payload.kind !== 'ipv4') throw new Error('not IPv4');
      expect(t.payload.ip.dontFrag).toBe(true); // IP_PMTUDISC_WANT on a datagram that fits
      expect(t.payload.ip.ttl).toBe(64);
      const u = t.payload.payload;
      if (u.kind !== 'udp') throw new Error('not UDP');
      expect(u.udp.checksum).toBe('full');
    }
  });

  it('answers a datagram nobody listens for with port unreachable', () => {
    const p = vethPairLab();
    const w = p.world;
    const client = udpSocketOpen(p.ns('host', 'a1'));
    const wire = p.tap(p.dev('host', 'a1', 'eth0'));
    udpSendto(w, client, ip('10.0.0.2'), 9999, new Uint8Array(4));
    w.sched.runUntil(w.sched.now + 1_000_000, 10_000);
    const icmp = wire.filter((f) => f.dir === 'in' && f.frame[23] === 1);
    expect(icmp).toHaveLength(1);
    expect([icmp[0].frame[34], icmp[0].frame[35]]).toEqual([3, 3]);
    expect(client.queue).toHaveLength(0);
  });

  it('shares port 8472 with nobody while a VXLAN device is up', () => {
    const p = vethPairLab();
    const ns = p.ns('host', 'a1');
    p.run('host', 'ip -n a1 link add vx0 type vxlan id 1 dstport 8472 local 10.0.0.1 dev eth0');
    p.run('host', 'ip -n a1 link set vx0 up');
    const s = udpSocketOpen(ns);
    expect(udpBind(s, 0, 8472)).toEqual({ ok: false, error: { errno: 'EADDRINUSE' } });
    p.run('host', 'ip -n a1 link set vx0 down');
    expect(udpBind(s, 0, 8472).ok).toBe(true);
    const r = p.run('host', 'ip -n a1 link set vx0 up', true);
    expect(r.stderr).toBe('RTNETLINK answers: Address already in use\n');
    expect(r.code).toBe(2);
  });
});
