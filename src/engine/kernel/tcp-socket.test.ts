import { describe, expect, it } from 'vitest';
import { type PacketLab, type TappedFrame, vethPairLab } from '../testing/packet-lab';
import { parseTcp, TcpFlag, type TcpRepr } from '../wire';
import { parseIpv4 } from './inet';
import { readU32 } from './l2';
import { tcpFlagText } from './tcp-output';
import {
  type TcpSocket,
  tcpAccept,
  tcpBind,
  tcpClose,
  tcpConnect,
  tcpListen,
  tcpRecv,
  tcpSend,
  tcpSocketOpen,
  tcpSockets,
  tcpStateName,
} from './tcp-socket';

const ip = (s: string) => parseIpv4(s) as number;
const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const str = (b: Uint8Array) => String.fromCharCode(...b);

/** The TCP segments among tapped frames, parsed with checksum verification. */
function tcpSegments(frames: TappedFrame[]): (TcpRepr & { src: number; data: string })[] {
  const out: (TcpRepr & { src: number; data: string })[] = [];
  for (const f of frames) {
    if (f.frame[12] !== 8 || f.frame[13] !== 0 || f.frame[23] !== 6) continue;
    const hl = (f.frame[14] & 0x0f) * 4;
    const total = (f.frame[16] << 8) | f.frame[17];
    const bytes = f.frame.subarray(14 + hl, 14 + total);
    const src = readU32(f.frame, 26);
    const r = parseTcp(bytes, src, readU32(f.frame, 30));
    if (!r.ok) throw new Error(r.error.reason);
    out.push({ ...r.value, src, data: str(bytes.subarray(bytes.length - r.value.payloadLen)) });
  }
  return out;
}

function run(p: PacketLab, ms: number): void {
  p.world.sched.runUntil(p.world.sched.now + ms * 1000, 100_000);
}

/** A listener on 10.0.0.2:80 in a2 that records what it accepts. */
function server(p: PacketLab): { l: TcpSocket; conns: TcpSocket[] } {
  const w = p.world;
  const l = tcpSocketOpen(p.ns('host', 'a2'), 'srv');
  expect(tcpBind(l, 0, 80).ok).toBe(true);
  expect(tcpListen(w, l, 5).ok).toBe(true);
  const conns: TcpSocket[] = [];
  l.onReadable = () => {
    const a = tcpAccept(w, l);
    if (a.ok && a.value) conns.push(a.value);
  };
  return { l, conns };
}

describe('TCP sockets', () => {
  it('bind and listen follow the kernel conflict rules', () => {
    const p = vethPairLab();
    const w = p.world;
    const ns = p.ns('host', 'a2');
    const a = tcpSocketOpen(ns);
    expect(tcpBind(a, 0, 80).ok).toBe(true);
    expect(tcpListen(w, a, 10).ok).toBe(true);
    const b = tcpSocketOpen(ns);
    expect(tcpBind(b, ip('10.0.0.2'), 80)).toEqual({ ok: false, errno: 'EADDRINUSE' });
    b.reuseAddr = true;
    expect(tcpBind(b, ip('10.0.0.2'), 80)).toEqual({ ok: false, errno: 'EADDRINUSE' });
    expect(tcpBind(b, ip('10.0.0.9'), 81)).toEqual({ ok: false, errno: 'EADDRNOTAVAIL' });
    expect(tcpStateName(a)).toBe('LISTEN');
    tcpClose(w, a);
    expect(tcpBind(b, 0, 80).ok).toBe(true);
  });

  it('does the handshake Linux 6 does, moves data both ways and closes to TIME-WAIT', () => {
    const p = vethPairLab(7);
    const w = p.world;
    const { conns } = server(p);
    const wire = p.tap(p.dev('host', 'a1', 'eth0'));
    const c = tcpSocketOpen(p.ns('host', 'a1'), 'cli');
    let woke = 0;
    c.onReadable = () => woke++;
    expect(tcpConnect(w, c, ip('10.0.0.2'), 80).ok).toBe(true);
    expect(tcpStateName(c)).toBe('SYN-SENT');
    expect(c.localPort % 2).toBe(0);
    expect(c.localPort).toBeGreaterThanOrEqual(32768);
    run(p, 10);
    expect(tcpStateName(c)).toBe('ESTAB');
    expect(woke).toBe(1);
    expect(conns).toHaveLength(1);
    const s = conns[0];
    expect(tcpSend(w, c, text('GET / HTTP/1.1\r\n\r\n'))).toEqual({ ok: true, value: 18 });
    run(p, 1);
    expect(tcpRecv(w, s)).toEqual({ ok: true, value: text('GET / HTTP/1.1\r\n\r\n') });
    tcpSend(w, s, text('hello'));
    tcpClose(w, s);
    run(p, 1);
    expect(tcpRecv(w, c)).toEqual({ ok: true, value: text('hello') });
    expect(tcpRecv(w, c)).toEqual({ ok: true, value: null });
    expect(tcpStateName(c)).toBe('CLOSE-WAIT');
    // The client's ACK of the FIN is delayed (interactive mode after a FIN): FIN-WAIT-1 still.
    expect(tcpStateName(s)).toBe('FIN-WAIT-1');
    tcpClose(w, c);
    run(p, 1);
    expect(tcpStateName(s)).toBe('TIME-WAIT');
    expect(tcpStateName(c)).toBe('UNCONN');
    expect(tcpSockets(p.ns('host', 'a1'))).toHaveLength(0);

    const segs = tcpSegments(wire);
    const syn = segs[0];
    expect(syn.flags).toBe(TcpFlag.SYN);
    expect(syn.window).toBe(64240);
    expect(syn.options.map((o) => o.kind)).toEqual([
      'mss',
      'sackPermitted',
      'timestamps',
      'nop',
      'windowScale',
    ]);
    expect(syn.options[0]).toEqual({ kind: 'mss', value: 1460 });
    expect(syn.options[4]).toEqual({ kind: 'windowScale', shift: 7 });
    const synAck = segs[1];
    expect(synAck.flags).toBe(TcpFlag.SYN | TcpFlag.ACK);
    expect(synAck.window).toBe(65160);
    expect(synAck.ack).toBe((syn.seq + 1) >>> 0);
    // The conversation, as tcpdump shows it (flags, relative numbers, window, length).
    const cIsn = syn.seq;
    const sIsn = synAck.seq;
    const rel = (x: TcpRepr & { src: number }) => {
      const mine = x.src === ip('10.0.0.1');
      const seq = (x.seq - (mine ? cIsn : sIsn)) >>> 0;
      const ack = x.flags & TcpFlag.ACK ? (x.ack - (mine ? sIsn : cIsn)) >>> 0 : 0;
      return `${mine ? 'c' : 's'} ${tcpFlagText(x.flags)} ${seq}:${ack} win ${x.window} len ${x.payloadLen}`;
    };
    expect(segs.map(rel)).toEqual([
      'c S 0:0 win 64240 len 0',
      's S. 0:1 win 65160 len 0',
      'c . 1:1 win 502 len 0',
      'c P. 1:1 win 502 len 18',
      's . 1:19 win 510 len 0',
      's P. 1:19 win 510 len 5',
      'c . 19:6 win 502 len 0',
      's F. 6:19 win 510 len 0',
      'c F. 19:7 win 502 len 0',
      's . 7:20 win 510 len 0',
    ]);
    // TIME-WAIT holds the port for 60 s, then the socket is gone.
    run(p, 60_000);
    expect(tcpSockets(p.ns('host', 'a2')).map(tcpStateName)).toEqual(['LISTEN']);
  });

  it('answers a SYN to a closed port with RST: connect is refused', () => {
    const p = vethPairLab();
    const w = p.world;
    const wire = p.tap(p.dev('host', 'a1', 'eth0'));
    const c = tcpSocketOpen(p.ns('host', 'a1'));
    tcpConnect(w, c, ip('10.0.0.2'), 81);
    run(p, 10);
    expect(c.error).toBe('ECONNREFUSED');
    expect(tcpStateName(c)).toBe('UNCONN');
    const [syn, rst] = tcpSegments(wire);
    expect(rst).toMatchObject({
      flags: TcpFlag.RST | TcpFlag.ACK,
      seq: 0,
      ack: (syn.seq + 1) >>> 0,
      window: 0,
      options: [],
    });
  });

  it('retransmits a lost SYN (1 s, four linear timeouts, then doubling) until the rule goes', () => {
    const p = vethPairLab();
    const w = p.world;
    server(p);
    p.run('host', 'ip netns exec a2 iptables -A INPUT -p tcp --dport 80 -j DROP');
    const wire = p.tap(p.dev('host', 'a1', 'eth0'));
    const c = tcpSocketOpen(p.ns('host', 'a1'));
    const t0 = w.sched.now;
    tcpConnect(w, c, ip('10.0.0.2'), 80);
    run(p, 9_000);
    const tcpOut = wire.filter((f) => f.dir === 'out' && f.frame[23] === 6);
    expect(tcpSegments(tcpOut).every((x) => x.flags === TcpFlag.SYN)).toBe(true);
    // Timed from connect(): the first SYN waits for ARP, the timer does not.
    expect(tcpOut.map((f) => Math.round((f.t - t0) / 1000))).toEqual([
      0, 1000, 2000, 3000, 4000, 5000, 7000,
    ]);
    p.run('host', 'ip netns exec a2 iptables -D INPUT -p tcp --dport 80 -j DROP');
    run(p, 4_000);
    expect(tcpStateName(c)).toBe('ESTAB');
  });

  it('gives up with ETIMEDOUT after 10 SYN retransmissions (131 s)', () => {
    const p = vethPairLab();
    const w = p.world;
    p.run('host', 'ip netns exec a2 iptables -A INPUT -p tcp -j DROP');
    const c = tcpSocketOpen(p.ns('host', 'a1'));
    const t0 = w.sched.now;
    let at = 0;
    c.onReadable = () => {
      at = w.sched.now - t0;
    };
    tcpConnect(w, c, ip('10.0.0.2'), 80);
    run(p, 200_000);
    expect(c.error).toBe('ETIMEDOUT');
    expect(at).toBe(131_000_000);
  });

  it('splits a write into MSS-sized segments (1398 bytes of data across an MTU 1450 path)', () => {
    const p = vethPairLab();
    const w = p.world;
    p.run('host', 'ip -n a1 link set eth0 mtu 1450');
    p.run('host', 'ip -n a2 link set eth0 mtu 1450');
    const { conns } = server(p);
    const wire = p.tap(p.dev('host', 'a1', 'eth0'));
    const c = tcpSocketOpen(p.ns('host', 'a1'));
    tcpConnect(w, c, ip('10.0.0.2'), 80);
    run(p, 10);
    const big = new Uint8Array(5000).map((_, i) => i & 0xff);
    tcpSend(w, c, big);
    run(p, 100);
    const got = tcpRecv(w, conns[0]);
    expect(got).toEqual({ ok: true, value: big });
    const segs = tcpSegments(wire);
    expect(segs[0].options[0]).toEqual({ kind: 'mss', value: 1410 });
    expect(segs[1].options[0]).toEqual({ kind: 'mss', value: 1410 });
    const data = segs.filter((x) => x.payloadLen > 0).map((x) => x.payloadLen);
    expect(data).toEqual([1398, 1398, 1398, 806]);
  });

  it('resets a connection whose process closed with unread data', () => {
    const p = vethPairLab();
    const w = p.world;
    const { conns } = server(p);
    const c = tcpSocketOpen(p.ns('host', 'a1'));
    tcpConnect(w, c, ip('10.0.0.2'), 80);
    run(p, 10);
    tcpSend(w, c, text('unread'));
    run(p, 10);
    tcpClose(w, conns[0]);
    run(p, 10);
    expect(c.error).toBe('ECONNRESET');
    expect(tcpStateName(c)).toBe('UNCONN');
  });

  it('is deterministic: the same seed gives the same bytes', () => {
    const session = (seed: number) => {
      const p = vethPairLab(seed);
      const w = p.world;
      const { conns } = server(p);
      const wire = p.tap(p.dev('host', 'a1', 'eth0'));
      const c = tcpSocketOpen(p.ns('host', 'a1'));
      tcpConnect(w, c, ip('10.0.0.2'), 80);
      run(p, 10);
      tcpSend(w, c, text('ping'));
      run(p, 100);
      tcpSend(w, conns[0], text('pong'));
      run(p, 100);
      return wire.map((f) => `${f.t} ${f.dir} ${Array.from(f.frame).join(',')}`);
    };
    expect(session(3)).toEqual(session(3));
    expect(session(3)).not.toEqual(session(4));
  });
});
