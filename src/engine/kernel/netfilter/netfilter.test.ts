import { describe, expect, it } from 'vitest';
import { conntrackLine } from '../../shell/commands/iptables/conntrack';
import { parseIptables } from '../../shell/commands/iptables/parse';
import {
  emitIcmp,
  emitIpv4,
  emitTcp,
  emitUdp,
  type IcmpRepr,
  parseIcmp,
  parseIpv4,
  parseTcp,
  parseUdp,
  TcpFlag,
} from '../../wire';
import { type Ipv4, parseIpv4 as ip } from '../inet';
import { Machine } from '../machine';
import type { Netns } from '../netns';
import { CtStatus } from './conntrack';
import { nfHook } from './hooks';
import type { Target } from './rule';

const S = 1_000_000;

function addr(text: string): Ipv4 {
  return ip(text) as Ipv4;
}

/** A host with eth0 10.168.0.2/24 and docker0 172.17.0.1/16. */
function host(): Netns {
  const m = new Machine('host', 'host', 1);
  const ns = m.root;
  const eth0 = ns.createDevice('eth0', 'nic', 0x020000000001);
  eth0.addrs.push({ addr: addr('10.168.0.2'), len: 24, scope: 0, label: 'eth0', secondary: false });
  const d = ns.createDevice('docker0', 'bridge', 0x024200000001);
  d.addrs.push({ addr: addr('172.17.0.1'), len: 16, scope: 0, label: 'docker0', secondary: false });
  ns.byName('lo')?.addrs.push({
    addr: addr('127.0.0.1'),
    len: 8,
    scope: 254,
    label: 'lo',
    secondary: false,
  });
  return ns;
}

/** Applies an iptables command line (only -A/-I/-N/-P) straight to the namespace. */
function ipt(ns: Netns, line: string): void {
  const r = parseIptables(line.split(' '));
  if (!r.ok) throw new Error(r.error.text);
  const a = r.value;
  const nf = ns.netfilter;
  const chain = a.chain as string;
  if (a.command === 'N') expect(nf.newChain(a.table, chain).ok).toBe(true);
  else if (a.command === 'P')
    expect(nf.setPolicy(a.table, chain, a.policy as 'DROP').ok).toBe(true);
  else {
    const j = a.spec.jump;
    const target: Target =
      j === undefined
        ? { kind: 'none' }
        : nf.chain(a.table, j) && !['ACCEPT', 'DROP', 'RETURN'].includes(j)
          ? { kind: 'jump', chain: j }
          : a.spec.target;
    const res = nf.insert(
      a.table,
      chain,
      { ...a.spec.rule, target },
      a.command === 'I' ? (a.rulenum ?? 1) : undefined,
    );
    expect(res).toEqual({ ok: true, value: undefined });
  }
}

function ipv4(src: string, dst: string, protocol: number, l4: Uint8Array, ttl = 64): Uint8Array {
  const out = new Uint8Array(20 + l4.length);
  out.set(l4, 20);
  emitIpv4(
    {
      tos: 0,
      ident: 0x1234,
      dontFrag: true,
      moreFrags: false,
      fragOffset: 0,
      ttl,
      protocol,
      src: addr(src),
      dst: addr(dst),
      options: new Uint8Array(0),
      payloadLen: l4.length,
    },
    out,
  );
  return out;
}

function echo(src: string, dst: string, id: number, reply = false): Uint8Array {
  const repr: IcmpRepr = {
    kind: reply ? 'echoReply' : 'echoRequest',
    id,
    seq: 1,
    data: new Uint8Array(56).fill(7),
  };
  const l4 = new Uint8Array(64);
  emitIcmp(repr, l4);
  return ipv4(src, dst, 1, l4);
}

function tcp(
  src: string,
  sport: number,
  dst: string,
  dport: number,
  flags: number,
  seq = 1000,
  ack = 0,
): Uint8Array {
  const l4 = new Uint8Array(20);
  emitTcp(
    {
      srcPort: sport,
      dstPort: dport,
      seq,
      ack,
      flags,
      window: 64240,
      urgent: 0,
      options: [],
      payloadLen: 0,
    },
    l4,
    addr(src),
    addr(dst),
  );
  return ipv4(src, dst, 6, l4);
}

function udp(src: string, sport: number, dst: string, dport: number): Uint8Array {
  const l4 = new Uint8Array(8 + 4);
  l4.set([1, 2, 3, 4], 8);
  emitUdp(
    { srcPort: sport, dstPort: dport, payloadLen: 4, checksum: 'full' },
    l4,
    addr(src),
    addr(dst),
  );
  return ipv4(src, dst, 17, l4);
}

/** Parses with every checksum verified: NAT must leave valid packets. */
function decode(pkt: Uint8Array) {
  const ipr = parseIpv4(pkt);
  if (!ipr.ok) throw new Error(ipr.error.reason);
  const v = ipr.value;
  const l4 = pkt.subarray(20, 20 + v.payloadLen);
  const src = v.src;
  const dst = v.dst;
  if (v.protocol === 1) {
    const r = parseIcmp(l4);
    if (!r.ok) throw new Error(r.error.reason);
    return { src, dst, icmp: r.value };
  }
  if (v.protocol === 6) {
    const r = parseTcp(l4, src, dst);
    if (!r.ok) throw new Error(r.error.reason);
    return { src, dst, tcp: r.value };
  }
  const r = parseUdp(l4, src, dst);
  if (!r.ok) throw new Error(r.error.reason);
  return { src, dst, udp: r.value };
}

describe('fast path', () => {
  it('returns the packet untouched when no table is in use', () => {
    const ns = host();
    const p = echo('10.0.0.1', '10.168.0.2', 1);
    const r = nfHook(ns, 'PREROUTING', p, { now: 0, inDev: 'eth0' });
    expect(r).toEqual({ verdict: 'accept', packet: p, trace: [] });
    expect(r.packet).toBe(p);
    expect(ns.netfilter.active).toBe(false);
  });
});

describe('filter traversal', () => {
  it('follows jumps and returns, counts rules and the policy once -P was used', () => {
    const ns = host();
    ipt(ns, '-P FORWARD DROP');
    ipt(ns, '-N DOCKER-USER');
    ipt(ns, '-A DOCKER-USER -j RETURN');
    ipt(ns, '-A FORWARD -j DOCKER-USER');
    ipt(ns, '-A FORWARD -i docker0 ! -o docker0 -j ACCEPT');
    const out = echo('172.17.0.2', '8.8.8.8', 7);
    const r = nfHook(ns, 'FORWARD', out, { now: 0, inDev: 'docker0', outDev: 'eth0' });
    expect(r.verdict).toBe('accept');
    expect(r.trace).toEqual([
      { table: 'filter', chain: 'FORWARD', rule: 1, target: 'DOCKER-USER' },
      { table: 'filter', chain: 'DOCKER-USER', rule: 1, target: 'RETURN' },
      { table: 'filter', chain: 'FORWARD', rule: 2, target: 'ACCEPT' },
    ]);
    const back = nfHook(ns, 'FORWARD', echo('8.8.8.8', '172.17.0.2', 7, true), {
      now: 0,
      inDev: 'eth0',
      outDev: 'docker0',
    });
    expect(back.verdict).toBe('drop');
    expect(back.trace.at(-1)).toEqual({
      table: 'filter',
      chain: 'FORWARD',
      rule: 0,
      target: 'DROP',
    });
    const fwd = ns.netfilter.chain('filter', 'FORWARD');
    expect(fwd?.rules[0].counters).toEqual({ packets: 2, bytes: 168 });
    expect(fwd?.rules[1].counters).toEqual({ packets: 1, bytes: 84 });
    expect(fwd?.policyCounters).toEqual({ packets: 1, bytes: 84 });
  });

  it('matches interface wildcards, CIDRs, ports, ranges and multiport', () => {
    const ns = host();
    ipt(ns, '-A INPUT -i cali+ -p tcp --dport 1000:2000 -j DROP');
    ipt(ns, '-A INPUT ! -s 10.0.0.0/8 -p udp -m multiport --dports 53,5000:5010 -j DROP');
    const now = 0;
    const drop = (p: Uint8Array, dev: string) =>
      nfHook(ns, 'INPUT', p, { now, inDev: dev }).verdict;
    expect(drop(tcp('1.1.1.1', 5, '10.168.0.2', 1500, TcpFlag.SYN), 'cali123')).toBe('drop');
    expect(drop(tcp('1.1.1.1', 5, '10.168.0.2', 2500, TcpFlag.SYN), 'cali123')).toBe('accept');
    expect(drop(tcp('1.1.1.1', 5, '10.168.0.2', 1500, TcpFlag.SYN), 'eth0')).toBe('accept');
    expect(drop(udp('1.1.1.1', 5, '10.168.0.2', 5005), 'eth0')).toBe('drop');
    expect(drop(udp('10.1.1.1', 5, '10.168.0.2', 5005), 'eth0')).toBe('accept');
    expect(drop(udp('1.1.1.1', 5, '10.168.0.2', 54), 'eth0')).toBe('accept');
  });

  it('REJECT answers with a valid ICMP port unreachable quoting the packet', () => {
    const ns = host();
    ipt(ns, '-A INPUT -p udp --dport 9 -j REJECT');
    const p = udp('10.168.0.100', 40000, '10.168.0.2', 9);
    const r = nfHook(ns, 'INPUT', p, { now: 0, inDev: 'eth0' });
    expect(r.verdict).toBe('drop');
    const reply = decode(r.reply as Uint8Array);
    expect(reply.src).toBe(addr('10.168.0.2'));
    expect(reply.dst).toBe(addr('10.168.0.100'));
    expect(reply.icmp?.kind).toBe('destUnreachable');
    if (reply.icmp?.kind !== 'destUnreachable') return;
    expect(reply.icmp.code).toBe(3);
    expect([...reply.icmp.data]).toEqual([...p]);
    const hdr = parseIpv4(r.reply as Uint8Array);
    expect(hdr.ok && hdr.value.tos).toBe(0xc0);
    expect(hdr.ok && hdr.value.ttl).toBe(64);
  });

  it('REJECT --reject-with tcp-reset answers a SYN with RST+ACK', () => {
    const ns = host();
    ipt(ns, '-A INPUT -p tcp --dport 23 -j REJECT --reject-with tcp-reset');
    const r = nfHook(ns, 'INPUT', tcp('10.168.0.100', 40000, '10.168.0.2', 23, TcpFlag.SYN, 777), {
      now: 0,
      inDev: 'eth0',
    });
    const rst = decode(r.reply as Uint8Array);
    expect(rst.tcp).toMatchObject({
      srcPort: 23,
      dstPort: 40000,
      seq: 0,
      ack: 778,
      flags: TcpFlag.RST | TcpFlag.ACK,
    });
  });

  it('does not REJECT an ICMP error with another one', () => {
    const ns = host();
    ipt(ns, '-A INPUT -j REJECT');
    const err = new Uint8Array(8 + 28);
    emitIcmp(
      {
        kind: 'destUnreachable',
        code: 3,
        nextHopMtu: 0,
        data: udp('10.168.0.2', 1, '1.1.1.1', 2).subarray(0, 28),
      },
      err,
    );
    const r = nfHook(ns, 'INPUT', ipv4('1.1.1.1', '10.168.0.2', 1, err), { now: 0, inDev: 'eth0' });
    expect(r.verdict).toBe('drop');
    expect(r.reply).toBeUndefined();
  });

  it('addrtype --dst-type LOCAL knows the namespace addresses and 127/8', () => {
    const ns = host();
    ipt(ns, '-A INPUT -m addrtype --dst-type LOCAL -j DROP');
    const v = (dst: string) =>
      nfHook(ns, 'INPUT', udp('1.1.1.1', 1, dst, 2), { now: 0, inDev: 'eth0' }).verdict;
    expect(v('10.168.0.2')).toBe('drop');
    expect(v('172.17.0.1')).toBe('drop');
    expect(v('127.0.0.53')).toBe('drop');
    expect(v('8.8.8.8')).toBe('accept');
  });
});

describe('MASQUERADE', () => {
  it('rewrites an echo request, keeps the id, and un-NATs the reply', () => {
    const ns = host();
    ipt(ns, '-t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
    const now = 5 * S;
    const pre = nfHook(ns, 'PREROUTING', echo('172.17.0.2', '10.168.0.100', 30122), {
      now,
      inDev: 'docker0',
    });
    expect(pre.ctstate).toBe('NEW');
    const fwd = nfHook(ns, 'FORWARD', pre.packet, { now, inDev: 'docker0', outDev: 'eth0' });
    const post = nfHook(ns, 'POSTROUTING', fwd.packet, { now, outDev: 'eth0' });
    expect(post.verdict).toBe('accept');
    expect(post.trace).toEqual([
      { table: 'nat', chain: 'POSTROUTING', rule: 1, target: 'MASQUERADE' },
    ]);
    const out = decode(post.packet);
    expect(out.src).toBe(addr('10.168.0.2'));
    expect(out.icmp).toMatchObject({ kind: 'echoRequest', id: 30122 });

    const reply = echo('10.168.0.100', '10.168.0.2', 30122, true);
    const rpre = nfHook(ns, 'PREROUTING', reply, { now, inDev: 'eth0' });
    expect(rpre.ctstate).toBe('ESTABLISHED');
    const back = decode(rpre.packet);
    expect(back.dst).toBe(addr('172.17.0.2'));
    expect(back.icmp).toMatchObject({ kind: 'echoReply', id: 30122 });
    const rpost = nfHook(ns, 'POSTROUTING', rpre.packet, { now, outDev: 'docker0' });
    expect(rpost.trace).toEqual([]);

    const [c] = ns.netfilter.conntrack.list(now);
    expect(conntrackLine(c, now + 0.5 * S)).toBe(
      'icmp     1 29 src=172.17.0.2 dst=10.168.0.100 type=8 code=0 id=30122 src=10.168.0.100 dst=10.168.0.2 type=0 code=0 id=30122 mark=0 use=1',
    );
    // nat rules see only the first packet of the flow.
    nfHook(ns, 'PREROUTING', echo('172.17.0.2', '10.168.0.100', 30122), { now, inDev: 'docker0' });
    nfHook(ns, 'POSTROUTING', echo('172.17.0.2', '10.168.0.100', 30122), { now, outDev: 'eth0' });
    expect(ns.netfilter.chain('nat', 'POSTROUTING')?.rules[0].counters).toEqual({
      packets: 1,
      bytes: 84,
    });
  });

  it('changes the id when another connection already uses it', () => {
    const ns = host();
    ipt(ns, '-t nat -A POSTROUTING -o eth0 -j MASQUERADE');
    const send = (src: string) => {
      const p = nfHook(ns, 'PREROUTING', echo(src, '10.168.0.100', 99), {
        now: 0,
        inDev: 'docker0',
      });
      return decode(nfHook(ns, 'POSTROUTING', p.packet, { now: 0, outDev: 'eth0' }).packet);
    };
    const a = send('172.17.0.2');
    const b = send('172.17.0.3');
    expect(a.icmp).toMatchObject({ id: 99 });
    expect(b.src).toBe(addr('10.168.0.2'));
    expect(b.icmp?.kind === 'echoRequest' && b.icmp.id).not.toBe(99);
    // The second flow's reply goes back to its own sender with its own id.
    const id = b.icmp?.kind === 'echoRequest' ? b.icmp.id : -1;
    const r = decode(
      nfHook(ns, 'PREROUTING', echo('10.168.0.100', '10.168.0.2', id, true), {
        now: 0,
        inDev: 'eth0',
      }).packet,
    );
    expect(r.dst).toBe(addr('172.17.0.3'));
    expect(r.icmp).toMatchObject({ id: 99 });
  });

  it('un-NATs an ICMP error about a masqueraded UDP flow, inside and out', () => {
    const ns = host();
    ipt(ns, '-t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
    const first = udp('172.17.0.2', 51751, '10.168.0.100', 33440);
    const pre = nfHook(ns, 'PREROUTING', first, { now: 0, inDev: 'docker0' });
    const post = nfHook(ns, 'POSTROUTING', pre.packet, { now: 0, outDev: 'eth0' });
    // The router answers port unreachable, quoting the NATed datagram.
    const quoted = post.packet;
    const l4 = new Uint8Array(8 + quoted.length);
    emitIcmp({ kind: 'destUnreachable', code: 3, nextHopMtu: 0, data: quoted }, l4);
    const err = ipv4('10.168.0.100', '10.168.0.2', 1, l4);
    const r = nfHook(ns, 'PREROUTING', err, { now: 0, inDev: 'eth0' });
    expect(r.ctstate).toBe('RELATED');
    const d = decode(r.packet);
    expect(d.dst).toBe(addr('172.17.0.2'));
    expect(d.src).toBe(addr('10.168.0.100'));
    if (d.icmp?.kind !== 'destUnreachable') throw new Error('not an error');
    const inner = d.icmp.data;
    expect(inner.subarray(0, inner.length)).toEqual(first);
    const innerIp = parseIpv4(inner);
    expect(innerIp.ok).toBe(true);
    const innerUdp = parseUdp(inner.subarray(20), addr('172.17.0.2'), addr('10.168.0.100'));
    expect(innerUdp.ok).toBe(true);
  });
});

describe('DNAT (docker -p 8080:80)', () => {
  function dockerHost(): Netns {
    const ns = host();
    ipt(ns, '-t nat -N DOCKER');
    ipt(ns, '-t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER');
    ipt(ns, '-t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
    ipt(ns, '-t nat -A DOCKER -i docker0 -j RETURN');
    ipt(
      ns,
      '-t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
    );
    ipt(ns, '-P FORWARD DROP');
    ipt(ns, '-N DOCKER');
    ipt(ns, '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
    ipt(ns, '-A FORWARD -o docker0 -j DOCKER');
    ipt(ns, '-A FORWARD -i docker0 ! -o docker0 -j ACCEPT');
    ipt(
      ns,
      '-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT',
    );
    return ns;
  }

  it('rewrites the SYN to 172.17.0.2:80 and the SYN-ACK back to 10.168.0.2:8080', () => {
    const ns = dockerHost();
    let now = 0;
    const syn = tcp('10.168.0.100', 36810, '10.168.0.2', 8080, TcpFlag.SYN, 1000);
    const pre = nfHook(ns, 'PREROUTING', syn, { now, inDev: 'eth0' });
    expect(pre.trace.map((t) => `${t.chain}:${t.rule}:${t.target}`)).toEqual([
      'PREROUTING:1:DOCKER',
      'DOCKER:2:DNAT',
    ]);
    const d = decode(pre.packet);
    expect(d.dst).toBe(addr('172.17.0.2'));
    expect(d.tcp).toMatchObject({ dstPort: 80, srcPort: 36810, seq: 1000 });
    expect(syn).toEqual(tcp('10.168.0.100', 36810, '10.168.0.2', 8080, TcpFlag.SYN, 1000));
    const fwd = nfHook(ns, 'FORWARD', pre.packet, { now, inDev: 'eth0', outDev: 'docker0' });
    expect(fwd.verdict).toBe('accept');
    expect(fwd.trace.at(-1)).toEqual({
      table: 'filter',
      chain: 'DOCKER',
      rule: 1,
      target: 'ACCEPT',
    });
    const post = nfHook(ns, 'POSTROUTING', fwd.packet, { now, outDev: 'docker0' });
    expect(post.packet).toEqual(pre.packet);

    now += 1000;
    const synack = tcp(
      '172.17.0.2',
      80,
      '10.168.0.100',
      36810,
      TcpFlag.SYN | TcpFlag.ACK,
      5000,
      1001,
    );
    const rpre = nfHook(ns, 'PREROUTING', synack, { now, inDev: 'docker0' });
    expect(rpre.trace).toEqual([]);
    const rfwd = nfHook(ns, 'FORWARD', rpre.packet, { now, inDev: 'docker0', outDev: 'eth0' });
    expect(rfwd.ctstate).toBe('ESTABLISHED');
    expect(rfwd.verdict).toBe('accept');
    const rpost = nfHook(ns, 'POSTROUTING', rfwd.packet, { now, outDev: 'eth0' });
    const back = decode(rpost.packet);
    expect(back.src).toBe(addr('10.168.0.2'));
    expect(back.tcp).toMatchObject({ srcPort: 8080, dstPort: 36810, ack: 1001 });

    const ack = tcp('10.168.0.100', 36810, '10.168.0.2', 8080, TcpFlag.ACK, 1001, 5001);
    const a = nfHook(ns, 'PREROUTING', ack, { now, inDev: 'eth0' });
    expect(decode(a.packet).tcp).toMatchObject({ dstPort: 80 });
    const [c] = ns.netfilter.conntrack.list(now);
    expect(c.status & CtStatus.ASSURED).toBeTruthy();
    expect(conntrackLine(c, now)).toBe(
      'tcp      6 432000 ESTABLISHED src=10.168.0.100 dst=10.168.0.2 sport=36810 dport=8080 src=172.17.0.2 dst=10.168.0.100 sport=80 dport=36810 [ASSURED] mark=0 use=1',
    );
    expect(ns.netfilter.chain('nat', 'DOCKER')?.rules[1].counters).toEqual({
      packets: 1,
      bytes: 40,
    });
  });
});

describe('conntrack', () => {
  it('keeps UNREPLIED UDP for 30 s, then expires it; a reply makes it a 120 s stream later', () => {
    const ns = host();
    ipt(ns, '-A INPUT -m conntrack --ctstate NEW -j ACCEPT');
    const ct = ns.netfilter.conntrack;
    nfHook(ns, 'PREROUTING', udp('1.1.1.1', 1000, '10.168.0.2', 53), { now: 0, inDev: 'eth0' });
    nfHook(ns, 'INPUT', udp('1.1.1.1', 1000, '10.168.0.2', 53), { now: 0, inDev: 'eth0' });
    const [c] = ct.list(0);
    expect(conntrackLine(c, 0)).toContain(
      'udp      17 30 src=1.1.1.1 dst=10.168.0.2 sport=1000 dport=53 [UNREPLIED]',
    );
    expect(ct.list(30 * S)).toEqual([]);

    nfHook(ns, 'PREROUTING', udp('1.1.1.1', 1001, '10.168.0.2', 53), { now: 0, inDev: 'eth0' });
    nfHook(ns, 'INPUT', udp('1.1.1.1', 1001, '10.168.0.2', 53), { now: 0, inDev: 'eth0' });
    nfHook(ns, 'OUTPUT', udp('10.168.0.2', 53, '1.1.1.1', 1001), { now: S, outDev: 'eth0' });
    const [d] = ct.list(S);
    expect(d.status & CtStatus.SEEN_REPLY).toBeTruthy();
    expect(d.status & CtStatus.ASSURED).toBeFalsy();
    nfHook(ns, 'PREROUTING', udp('1.1.1.1', 1001, '10.168.0.2', 53), { now: 3 * S, inDev: 'eth0' });
    expect(d.status & CtStatus.ASSURED).toBeTruthy();
    expect(d.expires).toBe(123 * S);
  });

  it('tracks TCP states and their timeouts; a stray SYN-ACK is INVALID', () => {
    const ns = host();
    ipt(ns, '-A INPUT -m conntrack --ctstate INVALID -j DROP');
    const ct = ns.netfilter.conntrack;
    const v = nfHook(
      ns,
      'PREROUTING',
      tcp('1.1.1.1', 5, '10.168.0.2', 80, TcpFlag.SYN | TcpFlag.ACK),
      { now: 0, inDev: 'eth0' },
    );
    expect(v.ctstate).toBe('INVALID');
    expect(
      nfHook(ns, 'INPUT', tcp('1.1.1.1', 5, '10.168.0.2', 80, TcpFlag.SYN | TcpFlag.ACK), {
        now: 0,
        inDev: 'eth0',
      }).verdict,
    ).toBe('drop');

    nfHook(ns, 'PREROUTING', tcp('1.1.1.1', 6, '10.168.0.2', 80, TcpFlag.SYN), {
      now: 0,
      inDev: 'eth0',
    });
    nfHook(ns, 'INPUT', tcp('1.1.1.1', 6, '10.168.0.2', 80, TcpFlag.SYN), {
      now: 0,
      inDev: 'eth0',
    });
    const [c] = ct.list(0);
    expect(c.tcpState).toBe(1);
    expect(c.expires).toBe(120 * S);
    nfHook(ns, 'OUTPUT', tcp('10.168.0.2', 80, '1.1.1.1', 6, TcpFlag.SYN | TcpFlag.ACK), {
      now: 0,
    });
    expect(c.tcpState).toBe(2);
    nfHook(ns, 'PREROUTING', tcp('1.1.1.1', 6, '10.168.0.2', 80, TcpFlag.ACK), {
      now: 0,
      inDev: 'eth0',
    });
    expect(c.tcpState).toBe(3);
    expect(c.expires).toBe(432000 * S);
    nfHook(ns, 'PREROUTING', tcp('1.1.1.1', 6, '10.168.0.2', 80, TcpFlag.FIN | TcpFlag.ACK), {
      now: 0,
      inDev: 'eth0',
    });
    nfHook(ns, 'OUTPUT', tcp('10.168.0.2', 80, '1.1.1.1', 6, TcpFlag.FIN | TcpFlag.ACK), {
      now: 0,
    });
    nfHook(ns, 'PREROUTING', tcp('1.1.1.1', 6, '10.168.0.2', 80, TcpFlag.ACK), {
      now: 0,
      inDev: 'eth0',
    });
    expect(conntrackLine(c, 0)).toMatch(/^tcp {6}6 120 TIME_WAIT .* \[ASSURED\] mark=0 use=1$/);
  });

  it('forgets a connection whose first packet was dropped', () => {
    const ns = host();
    ipt(ns, '-A INPUT -m state --state NEW -p tcp --dport 22 -j DROP');
    nfHook(ns, 'PREROUTING', tcp('1.1.1.1', 6, '10.168.0.2', 22, TcpFlag.SYN), {
      now: 0,
      inDev: 'eth0',
    });
    const r = nfHook(ns, 'INPUT', tcp('1.1.1.1', 6, '10.168.0.2', 22, TcpFlag.SYN), {
      now: 0,
      inDev: 'eth0',
    });
    expect(r.verdict).toBe('drop');
    expect(ns.netfilter.conntrack.size).toBe(0);
  });

  it('ICMP echo entries live 30 s after the last packet', () => {
    const ns = host();
    ipt(ns, '-t nat -A POSTROUTING -o eth0 -j MASQUERADE');
    nfHook(ns, 'OUTPUT', echo('10.168.0.2', '8.8.8.8', 1), { now: 0, outDev: 'eth0' });
    nfHook(ns, 'POSTROUTING', echo('10.168.0.2', '8.8.8.8', 1), { now: 0, outDev: 'eth0' });
    const ct = ns.netfilter.conntrack;
    expect(ct.list(29 * S)).toHaveLength(1);
    expect(ct.list(30 * S)).toHaveLength(0);
  });
});
