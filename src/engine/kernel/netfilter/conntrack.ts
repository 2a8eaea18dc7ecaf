/**
 * Connection tracking (net/netfilter/nf_conntrack_core.c, nf_conntrack_proto_{tcp,udp,icmp,
 * generic}.c). A connection holds two tuples, ORIGINAL (as its first packet had it) and REPLY
 * (what a reply must look like; NAT rewrites it), a TCP state, status bits and an expiry time.
 *
 * Lookup works on the bytes as they are at each hook: besides the two tuples, each direction is
 * also indexed as it looks after the destination rewrite and after both rewrites, so a packet
 * that was already NATed at PREROUTING is still found at FORWARD and POSTROUTING. This replaces
 * the kernel's `skb->_nfct` pointer, which bytes cannot carry.
 *
 * A new connection is *unconfirmed* until its first packet leaves POSTROUTING or INPUT
 * accepted (`__nf_conntrack_confirm`); a drop on the way forgets it. `conntrack -L` shows only
 * confirmed entries. Timeouts are those of Linux 6.x (sysctl defaults), driven by `now`.
 *
 * Left out: expectations/helpers (FTP, SIP), TCP window tracking (`tcp_in_window`; every
 * in-state segment is accepted), zones, marks (always 0), the UNACK/RETRANS timeouts, and the
 * hash order of `conntrack -L` (entries list in creation order).
 */
import type { Micros } from '../../sim/clock';
import { IpProtocol, TcpFlag } from '../../wire';
import type { Ipv4 } from '../inet';
import { ICMP_REPLY_OF, type PktInfo } from './packet';

export interface Tuple {
  proto: number;
  src: Ipv4;
  dst: Ipv4;
  /** TCP/UDP ports; for ICMP both hold the echo id. */
  sport: number;
  dport: number;
  /** ICMP type of this direction (8 / 0 for echo), -1 otherwise. */
  icmpType: number;
}

export type Dir = 'orig' | 'reply';

export const TcpCtState = {
  NONE: 0,
  SYN_SENT: 1,
  SYN_RECV: 2,
  ESTABLISHED: 3,
  FIN_WAIT: 4,
  CLOSE_WAIT: 5,
  LAST_ACK: 6,
  TIME_WAIT: 7,
  CLOSE: 8,
  SYN_SENT2: 9,
} as const;
export const TCP_STATE_NAMES = [
  'NONE',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSE',
  'SYN_SENT2',
] as const;

const S = 1_000_000;
/** nf_conntrack_tcp_timeout_* by state (index = TcpCtState). */
export const TCP_TIMEOUTS: readonly Micros[] = [
  0,
  120 * S,
  60 * S,
  432_000 * S,
  120 * S,
  60 * S,
  30 * S,
  120 * S,
  10 * S,
  120 * S,
];
export const UDP_TIMEOUT: Micros = 30 * S;
export const UDP_STREAM_TIMEOUT: Micros = 120 * S;
export const ICMP_TIMEOUT: Micros = 30 * S;
export const GENERIC_TIMEOUT: Micros = 600 * S;
/** UDP: a flow still active this long after its first packet becomes a stream (ASSURED). */
const UDP_STREAM_AFTER: Micros = 2 * S;

// Transition table of nf_conntrack_proto_tcp.c (tcp_conntracks), rows syn, synack, fin, ack,
// rst, none; columns NONE..SYN_SENT2. IV = invalid, IG = ignore.
const IV = 10;
const IG = 11;
const [SS, SR, ES, FW, CW, LA, TW, CL, S2] = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const TCP_TABLE: Record<Dir, readonly (readonly number[])[]> = {
  orig: [
    [SS, SS, IG, IG, IG, IG, IG, SS, SS, S2],
    [IV, IV, SR, IV, IV, IV, IV, IV, IV, SR],
    [IV, IV, FW, FW, LA, LA, LA, TW, CL, IV],
    [ES, IV, ES, ES, CW, CW, TW, TW, CL, IV],
    [IV, CL, CL, CL, CL, CL, CL, CL, CL, CL],
    [IV, IV, IV, IV, IV, IV, IV, IV, IV, IV],
  ],
  reply: [
    [IV, S2, IV, IV, IV, IV, IV, SS, IV, S2],
    [IV, SR, IG, IG, IG, IG, IG, IG, IG, SR],
    [IV, IV, FW, FW, LA, LA, LA, TW, CL, IV],
    [IV, IG, SR, ES, CW, CW, TW, TW, CL, IG],
    [IV, CL, CL, CL, CL, CL, CL, CL, CL, CL],
    [IV, IV, IV, IV, IV, IV, IV, IV, IV, IV],
  ],
};

function tcpIndex(flags: number): number {
  if (flags & TcpFlag.RST) return 4;
  if (flags & TcpFlag.SYN) return flags & TcpFlag.ACK ? 1 : 0;
  if (flags & TcpFlag.FIN) return 2;
  if (flags & TcpFlag.ACK) return 3;
  return 5;
}

/** Connection status bits (a subset of IPS_*). */
export const CtStatus = {
  SEEN_REPLY: 0x2,
  ASSURED: 0x4,
  CONFIRMED: 0x8,
  SRC_NAT: 0x10,
  DST_NAT: 0x20,
  SRC_NAT_DONE: 0x80,
  DST_NAT_DONE: 0x100,
} as const;

export interface Conn {
  /** Creation sequence number: `conntrack -L` order. */
  readonly seq: number;
  orig: Tuple;
  reply: Tuple;
  status: number;
  tcpState: number;
  created: Micros;
  expires: Micros;
  /** Index keys this connection owns (so removal is exact). */
  keys: string[];
}

/** How a packet relates to a connection (the kernel's ctinfo). */
export type CtInfo = 'new' | 'established' | 'related' | 'invalid' | 'untracked';

export interface CtLookup {
  conn: Conn;
  dir: Dir;
  info: CtInfo;
}

export function tupleKey(t: Tuple): string {
  return `${t.proto}/${t.icmpType}/${t.src}/${t.sport}/${t.dst}/${t.dport}`;
}

export function invertTuple(t: Tuple): Tuple {
  const icmpType = t.icmpType < 0 ? -1 : (ICMP_REPLY_OF[t.icmpType] ?? t.icmpType);
  return {
    proto: t.proto,
    src: t.dst,
    dst: t.src,
    sport: t.dport,
    dport: t.sport,
    icmpType,
  };
}

/** The tuple of a packet as conntrack sees it (`nf_ct_get_tuple`). */
export function pktTuple(
  p: Pick<PktInfo, 'proto' | 'src' | 'dst' | 'sport' | 'dport' | 'icmpType'>,
): Tuple {
  const ports =
    p.proto === IpProtocol.TCP || p.proto === IpProtocol.UDP || p.proto === IpProtocol.ICMP;
  return {
    proto: p.proto,
    src: p.src,
    dst: p.dst,
    sport: ports ? p.sport : 0,
    dport: ports ? p.dport : 0,
    icmpType: p.proto === IpProtocol.ICMP ? p.icmpType : -1,
  };
}

/** The other direction's tuple of a connection. */
export function otherTuple(c: Conn, dir: Dir): Tuple {
  return dir === 'orig' ? c.reply : c.orig;
}

export type Manip = 'src' | 'dst';

/** Where a manipulation puts the packet: address and port (the echo id for ICMP). */
export interface ManipTarget {
  addr: Ipv4;
  port: number;
}

/**
 * Whether the source or destination rewrite applies to a packet in direction `dir`
 * (nf_nat_packet: the status bit flips for the reply direction).
 */
export function manipApplies(c: Conn, dir: Dir, manip: Manip): boolean {
  const bit = (manip === 'src') === (dir === 'orig') ? CtStatus.SRC_NAT : CtStatus.DST_NAT;
  return (c.status & bit) !== 0;
}

/**
 * The values a rewrite writes into a packet of direction `dir`: those of the inverted other
 * tuple, as nf_nat_manip_pkt does (`nf_ct_invert_tuple(&target, &ct->tuplehash[!dir])`).
 */
export function manipTarget(c: Conn, dir: Dir, manip: Manip): ManipTarget {
  const other = otherTuple(c, dir);
  return manip === 'dst'
    ? { addr: other.src, port: other.sport }
    : { addr: other.dst, port: other.dport };
}

/** A tuple with a rewrite applied (ICMP: the id is in both port fields). */
export function applyManip(t: Tuple, m: ManipTarget, manip: Manip): Tuple {
  if (t.proto === IpProtocol.ICMP) {
    return manip === 'dst'
      ? { ...t, dst: m.addr, sport: m.port, dport: m.port }
      : { ...t, src: m.addr, sport: m.port, dport: m.port };
  }
  return manip === 'dst'
    ? { ...t, dst: m.addr, dport: m.port }
    : { ...t, src: m.addr, sport: m.port };
}

export class Conntrack {
  /** Confirmed and unconfirmed connections by every key they can be found under. */
  private index = new Map<string, { conn: Conn; dir: Dir }>();
  private conns = new Set<Conn>();
  private nextSeq = 1;

  /** Confirmed connections in creation order (what `conntrack -L` shows). */
  list(now: Micros): Conn[] {
    this.gc(now);
    return [...this.conns]
      .filter((c) => c.status & CtStatus.CONFIRMED)
      .sort((a, b) => a.seq - b.seq);
  }

  get size(): number {
    return this.conns.size;
  }

  /** Removes expired connections, and unconfirmed ones left by packets that never finished. */
  gc(now: Micros): void {
    for (const c of this.conns) {
      const confirmed = (c.status & CtStatus.CONFIRMED) !== 0;
      if (c.expires <= now || (!confirmed && c.created + S <= now)) this.remove(c);
    }
  }

  /** `conntrack -F`. */
  flush(): void {
    this.index.clear();
    this.conns.clear();
  }

  remove(c: Conn): void {
    this.conns.delete(c);
    for (const k of c.keys) if (this.index.get(k)?.conn === c) this.index.delete(k);
  }

  /** Finds the connection and direction of a tuple, ignoring expired entries. */
  find(t: Tuple, now: Micros): { conn: Conn; dir: Dir } | undefined {
    const hit = this.index.get(tupleKey(t));
    if (!hit) return undefined;
    if (hit.conn.expires <= now) {
      this.remove(hit.conn);
      return undefined;
    }
    return hit;
  }

  /** True when some other connection already uses `reply` as its reply tuple. */
  replyTaken(reply: Tuple, self: Conn): boolean {
    const hit = this.index.get(tupleKey(reply));
    return hit !== undefined && hit.conn !== self;
  }

  /**
   * nf_conntrack_in for one packet at PREROUTING or OUTPUT: finds or creates the connection,
   * runs the protocol state machine and refreshes the timeout.
   */
  track(p: PktInfo, now: Micros): CtLookup | undefined {
    if (p.laterFragment) return undefined;
    if (p.proto === IpProtocol.ICMP && p.inner) return this.related(p, now);
    const t = pktTuple(p);
    const hit = this.find(t, now);
    if (!hit) return this.create(p, t, now);
    const { conn, dir } = hit;
    if (!this.update(conn, dir, p, now)) return undefined;
    return { conn, dir, info: this.infoOf(conn, dir) };
  }

  /** The lookup at later hooks: no state change. */
  peek(p: PktInfo, now: Micros): CtLookup | undefined {
    if (p.laterFragment) return undefined;
    if (p.proto === IpProtocol.ICMP && p.inner) return this.relatedLookup(p, now);
    const hit = this.find(pktTuple(p), now);
    return hit && { conn: hit.conn, dir: hit.dir, info: this.infoOf(hit.conn, hit.dir) };
  }

  /** Marks a connection confirmed (its first packet left the stack accepted). */
  confirm(c: Conn): void {
    c.status |= CtStatus.CONFIRMED;
  }

  /** Re-indexes a connection after NAT changed its reply tuple (and status bits). */
  reindex(c: Conn): void {
    for (const k of c.keys) if (this.index.get(k)?.conn === c) this.index.delete(k);
    c.keys = [];
    // Each direction as it is before NAT, after the destination rewrite, and after both.
    for (const dir of ['orig', 'reply'] as const) {
      const t = dir === 'orig' ? c.orig : c.reply;
      this.add(c, dir, t);
      const mid = manipApplies(c, dir, 'dst')
        ? applyManip(t, manipTarget(c, dir, 'dst'), 'dst')
        : t;
      this.add(c, dir, mid);
      this.add(c, dir, invertTuple(otherTuple(c, dir)));
    }
  }

  private add(c: Conn, dir: Dir, t: Tuple): void {
    const k = tupleKey(t);
    if (this.index.has(k)) return;
    this.index.set(k, { conn: c, dir });
    c.keys.push(k);
  }

  private infoOf(c: Conn, dir: Dir): CtInfo {
    if (dir === 'reply' || c.status & CtStatus.SEEN_REPLY) return 'established';
    return 'new';
  }

  private create(p: PktInfo, t: Tuple, now: Micros): CtLookup | undefined {
    let tcpState: number = TcpCtState.NONE;
    let timeout = GENERIC_TIMEOUT;
    if (p.proto === IpProtocol.TCP) {
      const next = TCP_TABLE.orig[tcpIndex(p.tcpFlags)][TcpCtState.NONE];
      if (next === IV || next === IG) return undefined;
      tcpState = next;
      timeout = TCP_TIMEOUTS[next];
    } else if (p.proto === IpProtocol.UDP) {
      timeout = UDP_TIMEOUT;
    } else if (p.proto === IpProtocol.ICMP) {
      // Only requests start a connection; a lone reply is INVALID.
      if (!(p.icmpType in ICMP_REPLY_OF) || p.icmpCode !== 0) return undefined;
      timeout = ICMP_TIMEOUT;
    }
    const conn: Conn = {
      seq: this.nextSeq++,
      orig: t,
      reply: invertTuple(t),
      status: 0,
      tcpState,
      created: now,
      expires: now + timeout,
      keys: [],
    };
    this.conns.add(conn);
    this.reindex(conn);
    return { conn, dir: 'orig', info: 'new' };
  }

  /** Protocol state update; false when the packet is invalid for the connection. */
  private update(c: Conn, dir: Dir, p: PktInfo, now: Micros): boolean {
    if (dir === 'reply') c.status |= CtStatus.SEEN_REPLY;
    if (p.proto === IpProtocol.TCP) {
      const old = c.tcpState;
      const next = TCP_TABLE[dir][tcpIndex(p.tcpFlags)][old];
      if (next === IV) return false;
      if (next === IG) return true;
      c.tcpState = next;
      if (
        next === TcpCtState.ESTABLISHED &&
        (old === TcpCtState.SYN_RECV || old === TcpCtState.ESTABLISHED) &&
        c.status & CtStatus.SEEN_REPLY
      ) {
        c.status |= CtStatus.ASSURED;
      }
      c.expires = now + TCP_TIMEOUTS[next];
      return true;
    }
    if (p.proto === IpProtocol.UDP) {
      if (c.status & CtStatus.SEEN_REPLY) {
        if (now > c.created + UDP_STREAM_AFTER) {
          c.status |= CtStatus.ASSURED;
          c.expires = now + UDP_STREAM_TIMEOUT;
        } else {
          c.expires = now + UDP_TIMEOUT;
        }
      } else {
        c.expires = now + UDP_TIMEOUT;
      }
      return true;
    }
    if (p.proto === IpProtocol.ICMP) {
      // A request is valid in the original direction, its reply type in the reply direction.
      const want = dir === 'orig' ? c.orig.icmpType : c.reply.icmpType;
      if (p.icmpType !== want) return false;
      c.expires = now + ICMP_TIMEOUT;
      return true;
    }
    c.expires = now + GENERIC_TIMEOUT;
    return true;
  }

  private related(p: PktInfo, now: Micros): CtLookup | undefined {
    return this.relatedLookup(p, now);
  }

  /**
   * nf_conntrack_inet_error: an ICMP error belongs to the connection of the packet it quotes.
   * The quoted packet went the other way, so its inverted tuple is looked up.
   */
  private relatedLookup(p: PktInfo, now: Micros): CtLookup | undefined {
    const inner = p.inner;
    if (!inner) return undefined;
    const hit = this.find(invertTuple(pktTuple(inner)), now);
    if (!hit) return undefined;
    return { conn: hit.conn, dir: hit.dir, info: 'related' };
  }
}
