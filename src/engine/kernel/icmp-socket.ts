/**
 * ICMP sockets as `ping` uses them (a raw IPPROTO_ICMP socket with IP_RECVERR): echo requests go
 * out with the socket's TTL, TOS, PMTU discovery mode and bound device; echo replies carrying the
 * socket's identifier are queued with the reply's TTL; ICMP errors quoting one of its echo
 * requests and local errors (EMSGSIZE) go to the same queue as the error-queue entries
 * `recvmsg(MSG_ERRQUEUE)` would return (origin, type, code, info, offender).
 *
 * Left out: socket buffers and their limits, SO_TIMESTAMP (the receive time is the virtual
 * clock), filters other than the identifier, IPv6.
 */

import type { Micros } from '../sim/clock';
import { emitIcmp, type IcmpRepr, IpProtocol, icmpBufferLen } from '../wire';
import type { NetDevice } from './device';
import type { Errno } from './errors';
import { formatIpv4, type Ipv4 } from './inet';
import { type IpSendResult, ipSend, type PmtuDisc } from './ipv4-output';
import { readU32 as u32 } from './l2';
import type { Netns } from './netns';
import { newPacketId, trace } from './trace';
import type { World } from './world';

export type IcmpSocketMessage =
  | {
      kind: 'echoReply';
      at: Micros;
      from: Ipv4;
      ttl: number;
      seq: number;
      /** The echo payload (after the 8-byte header): a view of the received bytes. */
      data: Uint8Array;
      /** Bytes of ICMP (header + data), what ping prints as "N bytes from". */
      icmpLen: number;
    }
  | {
      kind: 'icmpError';
      at: Micros;
      /** Who sent the error (SO_EE_ORIGIN_ICMP offender). */
      offender: Ipv4;
      /** Destination of the quoted echo request. */
      target: Ipv4;
      type: number;
      code: number;
      /** ee_info: the next-hop MTU for "fragmentation needed". */
      info: number;
      seq: number;
    }
  | { kind: 'localError'; at: Micros; errno: Errno; info: number };

export class IcmpSocket {
  readonly ns: Netns;
  /** The echo identifier this socket sends and accepts. */
  readonly ident: number;
  ttl = 64;
  tos = 0;
  pmtudisc: PmtuDisc = 'want';
  bindDev: NetDevice | undefined;
  bindAddr: Ipv4 | undefined;
  readonly queue: IcmpSocketMessage[] = [];
  /** Called when a message is queued (the owning process wakes). */
  onReadable: (() => void) | undefined;
  closed = false;

  constructor(ns: Netns, ident: number) {
    this.ns = ns;
    this.ident = ident;
  }

  push(m: IcmpSocketMessage): void {
    this.queue.push(m);
    this.onReadable?.();
  }
}

export function icmpSocketOpen(ns: Netns, ident: number): IcmpSocket {
  const s = new IcmpSocket(ns, ident);
  ns.ipv4.icmpSockets.add(s);
  return s;
}

export function icmpSocketClose(s: IcmpSocket): void {
  s.closed = true;
  s.ns.ipv4.icmpSockets.delete(s);
}

/** sendto() of one echo request; a local EMSGSIZE is also queued as an error (ip_local_error). */
export function icmpSendEcho(
  w: World,
  s: IcmpSocket,
  dst: Ipv4,
  seq: number,
  data: Uint8Array,
): IpSendResult {
  const repr: IcmpRepr = { kind: 'echoRequest', id: s.ident, seq, data };
  const id = newPacketId(w);
  if (w.trace.enabled)
    trace(
      w,
      s.bindDev ?? s.ns,
      id,
      'socket.send',
      'emit',
      `echo request id ${s.ident} seq ${seq} to ${formatIpv4(dst)}`,
      undefined,
    );
  const r = ipSend(
    w,
    s.ns,
    dst,
    IpProtocol.ICMP,
    icmpBufferLen(repr),
    (buf) => emitIcmp(repr, buf),
    {
      ttl: s.ttl,
      tos: s.tos,
      pmtudisc: s.pmtudisc,
      oif: s.bindDev,
      src: s.bindAddr,
    },
    id,
  );
  // ip_local_error queues an MTU error for the socket's error queue; a datagram over 64 KiB
  // fails in ip_append_data before that, so nothing is queued (ping then reports nothing).
  if (!r.ok && r.errno === 'EMSGSIZE' && 20 + icmpBufferLen(repr) <= 0xffff)
    s.push({ kind: 'localError', at: w.sched.now, errno: 'EMSGSIZE', info: r.mtu ?? 0 });
  return r;
}

/** raw_local_deliver + raw_icmp_error: hand a received ICMP message to the sockets it concerns. */
export function icmpSocketsDeliver(
  w: World,
  ns: Netns,
  datagram: Uint8Array,
  icmp: IcmpRepr,
  id: number,
): void {
  const sockets = ns.ipv4.icmpSockets;
  if (sockets.size === 0) return;
  const hl = (datagram[0] & 0x0f) * 4;
  const from = u32(datagram, 12);
  const now = w.sched.now;
  if (icmp.kind === 'echoReply') {
    for (const s of sockets) {
      if (s.ident !== icmp.id) continue;
      if (w.trace.enabled)
        trace(
          w,
          ns,
          id,
          'socket.deliver',
          'consume',
          `echo reply seq ${icmp.seq} to ping (id ${s.ident})`,
          undefined,
        );
      s.push({
        kind: 'echoReply',
        at: now,
        from,
        ttl: datagram[8],
        seq: icmp.seq,
        data: icmp.data,
        icmpLen: datagram.length - hl,
      });
    }
    return;
  }
  if (icmp.kind !== 'destUnreachable' && icmp.kind !== 'timeExceeded') return;
  const q = icmp.data;
  if (q.length < 20) return;
  const qhl = (q[0] & 0x0f) * 4;
  if (q[9] !== IpProtocol.ICMP || q.length < qhl + 8 || q[qhl] !== 8) return;
  const ident = (q[qhl + 4] << 8) | q[qhl + 5];
  const seq = (q[qhl + 6] << 8) | q[qhl + 7];
  const target = u32(q, 16);
  const type = icmp.kind === 'destUnreachable' ? 3 : 11;
  const info = icmp.kind === 'destUnreachable' ? icmp.nextHopMtu : 0;
  for (const s of sockets) {
    if (s.ident !== ident) continue;
    if (w.trace.enabled)
      trace(
        w,
        ns,
        id,
        'socket.error',
        'consume',
        `icmp error for seq ${seq} to ping (id ${s.ident})`,
        undefined,
      );
    s.push({
      kind: 'icmpError',
      at: now,
      offender: from,
      target,
      type,
      code: icmp.code,
      info,
      seq,
    });
  }
}
