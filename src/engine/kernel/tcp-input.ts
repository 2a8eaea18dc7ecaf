/**
 * TCP input (net/ipv4/tcp_ipv4.c tcp_v4_rcv, tcp_input.c tcp_rcv_state_process): checksum,
 * socket lookup (an established 4-tuple, else a listener — an exact address beats 0.0.0.0),
 * then the RFC 9293 state machine: a listener answers a SYN with a child in SYN-RECV that joins
 * the accept queue on the final ACK; SYN-SENT takes the SYN-ACK (or a RST: ECONNREFUSED); the
 * synchronized states check the sequence (RFC 9293 3.10.7.4; an exact RST resets, another one or a
 * SYN gets a challenge ACK, RFC 5961), process the ACK (retransmit queue, RTT, window), queue
 * in-order data (waking the owner, ACKing quickly for the first segments, else after 40 ms) and
 * the FIN. Nothing listening: a RST (`connect: Connection refused` on the other side).
 *
 * Left out: out-of-order queueing (a segment beyond rcv_nxt is dropped and a duplicate ACK sent;
 * the sender's timer repairs it), SACK, PAWS, urgent data, TIME-WAIT reuse by a new SYN, ICMP
 * errors to TCP sockets (tcp_v4_err).
 */
import { parseTcp, TcpFlag, type TcpRepr } from '../wire';
import type { NetDevice } from './device';
import { formatIpv4, type Ipv4 } from './inet';
import { readU32 } from './l2';
import type { Netns } from './netns';
import {
  type SynInfo,
  segLen,
  seqAdd,
  seqLe,
  seqLt,
  TCP_DELACK,
  tcpAckSndCheck,
  tcpFinWait2Timer,
  tcpFlagText,
  tcpPush,
  tcpRearmRto,
  tcpRttSample,
  tcpScheduleAck,
  tcpSendAck,
  tcpSendReset,
  tcpSendSynAck,
  tcpSetMss,
  tcpTimersStop,
  tcpTimeWait,
} from './tcp-output';
import { TcpSocket, type TcpState, tcpAbort, tcpDestroy, tcpHash, tcpSetState } from './tcp-socket';
import { trace, traceDrop } from './trace';
import type { World } from './world';

/** TCP_MAX_QUICKACKS. */
const MAX_QUICKACKS = 16;

/** __inet_lookup: the connection of this 4-tuple, else the best listener on the port. */
export function tcpLookup(
  ns: Netns,
  dst: Ipv4,
  dport: number,
  src: Ipv4,
  sport: number,
): TcpSocket | undefined {
  let exact: TcpSocket | undefined;
  let wildcard: TcpSocket | undefined;
  for (const s of ns.ipv4.tcpPorts.get(dport) ?? []) {
    if (s.state === 'LISTEN') {
      if (s.localAddr === dst) exact ??= s;
      else if (s.localAddr === 0) wildcard ??= s;
      continue;
    }
    if (
      s.state !== 'CLOSED' &&
      s.remotePort === sport &&
      s.remoteAddr === src &&
      s.localAddr === dst
    )
      return s;
  }
  return exact ?? wildcard;
}

/** One received segment with its addresses. */
interface Seg {
  src: Ipv4;
  dst: Ipv4;
  tcp: TcpRepr;
  data: Uint8Array;
  id: number;
  /** The IP header's TOS byte (a reset reflects it). */
  tos: number;
}

/** tcp_v4_rcv: a TCP segment delivered locally (`datagram` is the whole IP datagram). */
export function tcpRcv(w: World, dev: NetDevice, datagram: Uint8Array, id: number): void {
  const ns = dev.netns;
  const hl = (datagram[0] & 0x0f) * 4;
  const src = readU32(datagram, 12);
  const dst = readU32(datagram, 16);
  const bytes = datagram.subarray(hl);
  const parsed = parseTcp(bytes, src, dst);
  if (!parsed.ok) {
    const csum = parsed.error.reason.includes('checksum');
    traceDrop(w, dev, id, 'transport', csum ? 'tcp_csum' : 'tcp_hdr', parsed.error.reason);
    return;
  }
  const tcp = parsed.value;
  const seg: Seg = {
    src,
    dst,
    tcp,
    data: bytes.subarray(bytes.length - tcp.payloadLen),
    id,
    tos: datagram[1],
  };
  trace(
    w,
    dev,
    id,
    'tcp.rcv',
    'pass',
    () =>
      `${formatIpv4(src)}:${tcp.srcPort} > ${formatIpv4(dst)}:${tcp.dstPort} [${tcpFlagText(tcp.flags)}] seq ${tcp.seq}${tcp.flags & TcpFlag.ACK ? ` ack ${tcp.ack}` : ''} win ${tcp.window} len ${tcp.payloadLen}`,
  );
  const s = tcpLookup(ns, dst, tcp.dstPort, src, tcp.srcPort);
  if (!s) {
    traceDrop(w, dev, id, 'transport', 'no_socket', `tcp port ${tcp.dstPort}`);
    resetFor(w, ns, seg);
    return;
  }
  s.lastPacketId = id;
  if (s.state === 'LISTEN') listenRcv(w, dev, s, seg);
  else if (s.state === 'SYN_SENT') synSentRcv(w, dev, s, seg);
  else syncRcv(w, dev, s, seg);
}

/** tcp_v4_send_reset for a segment nobody owns (never in answer to a RST). */
function resetFor(w: World, ns: Netns, seg: Seg): void {
  const t = seg.tcp;
  if (t.flags & TcpFlag.RST) return;
  const acked = (t.flags & TcpFlag.ACK) !== 0;
  tcpSendReset(w, ns, {
    src: seg.dst,
    dst: seg.src,
    srcPort: t.dstPort,
    dstPort: t.srcPort,
    seq: acked ? t.ack : 0,
    ack: seqAdd(t.seq, segLen(t.flags, t.payloadLen)),
    withAck: !acked,
    cause: seg.id,
    tos: seg.tos,
  });
}

/** The options of a SYN or SYN-ACK. */
function synInfo(t: TcpRepr): SynInfo {
  const info: SynInfo = {
    seq: t.seq,
    mss: undefined,
    wscale: undefined,
    sackOk: false,
    ts: undefined,
    window: t.window,
  };
  for (const o of t.options) {
    if (o.kind === 'mss') info.mss = o.value;
    else if (o.kind === 'windowScale') info.wscale = Math.min(o.shift, 14);
    else if (o.kind === 'sackPermitted') info.sackOk = true;
    else if (o.kind === 'timestamps') info.ts = { value: o.value, echo: o.echo };
  }
  return info;
}

function tsValue(t: TcpRepr): number | undefined {
  for (const o of t.options) if (o.kind === 'timestamps') return o.value;
  return undefined;
}

/** tcp_v4_conn_request: a SYN to a listener makes a child in SYN-RECV. */
function listenRcv(w: World, dev: NetDevice, l: TcpSocket, seg: Seg): void {
  const t = seg.tcp;
  if (t.flags & TcpFlag.RST) {
    traceDrop(w, dev, seg.id, 'transport', 'tcp_flags', 'RST to a listener');
    return;
  }
  if (t.flags & TcpFlag.ACK) {
    traceDrop(w, dev, seg.id, 'transport', 'tcp_flags', 'ACK to a listener');
    resetFor(w, l.ns, seg);
    return;
  }
  if (!(t.flags & TcpFlag.SYN)) {
    traceDrop(w, dev, seg.id, 'transport', 'tcp_flags', 'no SYN');
    return;
  }
  if (l.acceptQueue.length > l.backlog) {
    traceDrop(w, dev, seg.id, 'transport', 'tcp_listen_overflow', `backlog ${l.backlog}`);
    return;
  }
  const child = new TcpSocket(l.ns, l.owner);
  child.localAddr = seg.dst;
  child.localPort = t.dstPort;
  child.remoteAddr = seg.src;
  child.remotePort = t.srcPort;
  child.parent = l;
  child.reuseAddr = l.reuseAddr;
  child.noDelay = l.noDelay;
  child.tos = l.tos;
  child.ttl = l.ttl;
  child.v6 = l.v6;
  child.lastPacketId = seg.id;
  tcpHash(child);
  tcpSendSynAck(w, child, synInfo(t));
}

/** tcp_rcv_synsent_state_process. */
function synSentRcv(w: World, dev: NetDevice, s: TcpSocket, seg: Seg): void {
  const t = seg.tcp;
  if (t.flags & TcpFlag.ACK && t.ack !== s.sndNxt) {
    traceDrop(w, dev, seg.id, 'transport', 'tcp_flags', 'SYN-SENT: unacceptable ACK');
    resetFor(w, s.ns, seg);
    return;
  }
  if (t.flags & TcpFlag.RST) {
    if (!(t.flags & TcpFlag.ACK)) return;
    s.error = 'ECONNREFUSED';
    tcpDestroy(w, s);
    return;
  }
  if (!(t.flags & TcpFlag.SYN) || !(t.flags & TcpFlag.ACK)) {
    traceDrop(w, dev, seg.id, 'transport', 'tcp_flags', 'SYN-SENT: expected SYN-ACK');
    return;
  }
  const info = synInfo(t);
  s.irs = t.seq;
  s.rcvNxt = seqAdd(t.seq, 1);
  const syn = s.rtx.shift();
  if (syn && !syn.retransmitted) tcpRttSample(s, w.sched.now - syn.sentAt);
  s.sndUna = t.ack;
  s.retransmits = 0;
  s.tsOk = info.ts !== undefined;
  s.tsRecent = info.ts?.value ?? 0;
  s.sackOk = info.sackOk;
  s.wscaleOk = info.wscale !== undefined;
  s.sndWscale = info.wscale ?? 0;
  if (!s.wscaleOk) s.rcvWscale = 0;
  s.sndWnd = t.window;
  tcpSetMss(w, s, info.mss);
  tcpRearmRto(w, s);
  tcpSetState(w, s, 'ESTABLISHED');
  tcpSendAck(w, s);
  s.onReadable?.();
}

/** tcp_rcv_state_process / tcp_rcv_established for every synchronized state. */
function syncRcv(w: World, dev: NetDevice, s: TcpSocket, seg: Seg): void {
  const t = seg.tcp;
  const len = seg.data.length;
  const fin = (t.flags & TcpFlag.FIN) !== 0;
  const end = seqAdd(t.seq, segLen(t.flags & ~TcpFlag.SYN, len));
  const wnd = Math.max(s.rcvWnd, 1);
  const acceptable =
    end === t.seq
      ? seqLe(s.rcvNxt, t.seq) && seqLt(t.seq, seqAdd(s.rcvNxt, wnd))
      : seqLt(t.seq, seqAdd(s.rcvNxt, wnd)) && seqLt(s.rcvNxt, end);
  if (!acceptable && !(t.flags & TcpFlag.SYN && s.state === 'SYN_RECV')) {
    if (t.flags & TcpFlag.RST) return;
    traceDrop(
      w,
      dev,
      seg.id,
      'transport',
      'tcp_invalid_sequence',
      `seq ${t.seq} rcv_nxt ${s.rcvNxt}`,
    );
    if (s.state === 'TIME_WAIT' && fin) tcpTimeWait(w, s); // a retransmitted FIN: restart
    tcpSendAck(w, s);
    return;
  }
  if (t.flags & TcpFlag.RST) {
    if (t.seq !== s.rcvNxt) {
      tcpSendAck(w, s); // challenge ACK
      return;
    }
    if (s.state === 'ESTABLISHED' || s.state === 'FIN_WAIT1' || s.state === 'FIN_WAIT2')
      s.error = 'ECONNRESET';
    else if (s.state === 'CLOSE_WAIT') s.error = 'EPIPE';
    tcpDestroy(w, s);
    return;
  }
  if (t.flags & TcpFlag.SYN) {
    if (s.state === 'SYN_RECV' && t.seq === s.irs) {
      tcpRearmRto(w, s); // the SYN again: the SYN-ACK follows on the timer
      return;
    }
    tcpSendAck(w, s);
    return;
  }
  if (!(t.flags & TcpFlag.ACK)) {
    traceDrop(w, dev, seg.id, 'transport', 'tcp_flags', 'no ACK');
    return;
  }
  const ts = tsValue(t);
  if (ts !== undefined && s.tsOk && seqLe(t.seq, s.rcvNxt)) s.tsRecent = ts;
  if (s.state === 'TIME_WAIT') {
    tcpSendAck(w, s);
    return;
  }
  if (s.state === 'SYN_RECV') {
    if (t.ack !== s.sndNxt) {
      resetFor(w, s.ns, seg);
      return;
    }
    const l = s.parent;
    tcpSetState(w, s, 'ESTABLISHED');
    if (l && l.state === 'LISTEN') {
      l.acceptQueue.push(s);
      l.onReadable?.();
    }
  }
  if (seqLt(s.sndNxt, t.ack)) {
    tcpSendAck(w, s); // ACK of something never sent
    return;
  }
  ackRcv(w, s, t);
  const finAcked = s.finSent && s.sndUna === s.sndNxt;
  if (s.state === 'FIN_WAIT1' && finAcked) {
    tcpSetState(w, s, 'FIN_WAIT2');
    tcpFinWait2Timer(w, s);
  } else if (s.state === 'CLOSING' && finAcked) {
    tcpTimeWait(w, s);
    return;
  } else if (s.state === 'LAST_ACK' && finAcked) {
    tcpDestroy(w, s);
    return;
  }
  const open = s.state === 'ESTABLISHED' || s.state === 'FIN_WAIT1' || s.state === 'FIN_WAIT2';
  let inOrder = true;
  if (len > 0 && open) {
    if (s.orphan) {
      // Data for a socket its process has closed (LINUX_MIB_TCPABORTONDATA).
      traceDrop(w, dev, seg.id, 'transport', 'tcp_abort_on_data', 'socket closed by its process');
      tcpAbort(w, s, true);
      return;
    }
    inOrder = dataRcv(w, dev, s, seg);
  }
  if (fin && open && inOrder && seqAdd(t.seq, len) === s.rcvNxt) finRcv(w, s);
  // finRcv may have moved the socket on (TypeScript cannot see that through the call).
  const now = s.state as TcpState;
  if (now === 'CLOSED' || now === 'TIME_WAIT') return;
  tcpPush(w, s);
  tcpAckSndCheck(w, s);
}

/** tcp_ack: drop what the peer acknowledged from the retransmit queue; take its window. */
function ackRcv(w: World, s: TcpSocket, t: TcpRepr): void {
  if (seqLt(s.sndUna, t.ack)) {
    const acked = (t.ack - s.sndUna) >>> 0;
    let sample: number | undefined;
    while (s.rtx.length > 0) {
      const head = s.rtx[0];
      const headEnd = seqAdd(head.seq, segLen(head.flags, head.data.length));
      if (seqLe(headEnd, t.ack)) {
        s.rtx.shift();
        if (!head.retransmitted) sample = w.sched.now - head.sentAt;
        continue;
      }
      if (seqLt(head.seq, t.ack)) {
        // Partly acknowledged (tcp_trim_head).
        head.data = head.data.subarray((t.ack - head.seq) >>> 0);
        head.seq = t.ack;
      }
      break;
    }
    s.sndUna = t.ack;
    s.retransmits = 0;
    s.cwnd += acked;
    if (sample !== undefined) tcpRttSample(s, sample);
    tcpRearmRto(w, s);
  }
  s.sndWnd = t.window * 2 ** s.sndWscale;
}

/** tcp_data_queue: in-order bytes go to the receive queue; returns false for a gap. */
function dataRcv(w: World, dev: NetDevice, s: TcpSocket, seg: Seg): boolean {
  const t = seg.tcp;
  if (seqLt(s.rcvNxt, t.seq)) {
    traceDrop(w, dev, seg.id, 'transport', 'tcp_ofo_drop', `seq ${t.seq} rcv_nxt ${s.rcvNxt}`);
    tcpSendAck(w, s); // duplicate ACK
    return false;
  }
  const fresh = seg.data.subarray((s.rcvNxt - t.seq) >>> 0);
  if (fresh.length === 0) return true;
  s.recvQueue.push(fresh.slice());
  s.rcvNxt = seqAdd(s.rcvNxt, fresh.length);
  s.rcvUnacked += fresh.length;
  if (s.ato === 0) {
    // tcp_event_data_recv on the first data: quick-ACK mode.
    s.ato = TCP_DELACK;
    s.quick = Math.min(MAX_QUICKACKS, Math.floor(s.rcvWnd / (2 * s.mss)));
  }
  s.lastRcv = w.sched.now;
  trace(w, dev, seg.id, 'tcp.rcv', 'consume', () => `${fresh.length} bytes queued for ${s.owner}`);
  s.onReadable?.();
  return true;
}

/** tcp_fin. */
function finRcv(w: World, s: TcpSocket): void {
  s.rcvNxt = seqAdd(s.rcvNxt, 1);
  s.rcvFin = true;
  if (s.state === 'ESTABLISHED') {
    tcpSetState(w, s, 'CLOSE_WAIT');
    s.pingpong = true;
    s.rcvUnacked = 0;
    tcpScheduleAck(w, s);
  } else if (s.state === 'FIN_WAIT1') {
    tcpSetState(w, s, 'CLOSING');
    tcpSendAck(w, s);
  } else if (s.state === 'FIN_WAIT2') {
    tcpSendAck(w, s);
    tcpTimersStop(w, s);
    tcpTimeWait(w, s);
  }
  s.onReadable?.();
}
