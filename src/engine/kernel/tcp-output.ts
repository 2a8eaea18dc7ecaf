/**
 * TCP output and timers (net/ipv4/tcp_output.c, tcp_timer.c): segments are built as a TcpRepr,
 * emitted with a full checksum through IPv4 output, and kept on the retransmit queue until
 * acknowledged.
 *
 * What Linux 6.x puts on the wire and reproduced here: a SYN with `mss, sackOK, TS, nop, wscale 7`
 * (MSS = route MTU − 40; window 65535 rounded down to the MSS: 64240 at MTU 1500), a SYN-ACK that
 * answers the options offered (its window rounded to MSS − 12 when timestamps are on: 65160),
 * `nop, nop, TS` on every later segment, windows scaled up (ALIGN) by 2^7 (`win 502`; the scale
 * follows net.ipv4.tcp_rmem's maximum, procfs.ts tcpRcvWscale), TSval =
 * the virtual clock in ms plus a per-connection random offset, PSH on the last segment of a write,
 * Nagle (unless TCP_NODELAY), FIN set on the last unsent segment (else sent alone), RST for a
 * segment nobody owns (`R.` seq 0 ack SEQ+LEN for a SYN, `R` seq ACK otherwise).
 *
 * Timers: the retransmission timer (initial RTO 1 s; SYNs retried with 4 linear timeouts, then
 * doubling — net.ipv4.tcp_syn_linear_timeouts=4, tcp_syn_retries=6: 1,1,1,1,1,2,4,…,64 s, ETIMEDOUT
 * after 131 s; SYN-ACKs 5 times; data 15 times; RTO = SRTT + max(4·RTTVAR, 200 ms) after a
 * sample), the delayed ACK (40 ms) and TIME-WAIT / orphaned FIN-WAIT-2 (60 s each).
 *
 * Left out: SACK blocks, fast retransmit, congestion avoidance (slow start only), window probes,
 * TSO/GSO, the jiffies granularity of the timers, per-socket IP ids (ids come from the
 * namespace counter, so a SYN-ACK or RST does not carry Linux's id 0).
 */
import type { Micros } from '../sim/clock';
import {
  emitTcp,
  IpProtocol,
  TcpFlag,
  type TcpOption,
  type TcpRepr,
  tcpBufferLen,
  tcpHeaderLen,
} from '../wire';
import { markPartial } from './csum-partial';
import { defaultTtl } from './icmp';
import type { Ipv4 } from './inet';
import { type IpSendResult, ipSend } from './ipv4-output';
import { routeOutput } from './ipv4-route';
import type { Netns } from './netns';
import { tcpRcvWscale } from './procfs';
import {
  type TcpResult,
  type TcpSegment,
  type TcpSocket,
  tcpDestroy,
  tcpEndpoint,
  tcpSetState,
} from './tcp-socket';
import { newPacketId, trace } from './trace';
import type { World } from './world';

const MS: Micros = 1000;
/** TCP_TIMEOUT_INIT, TCP_RTO_MIN, TCP_RTO_MAX, TCP_DELACK_MIN, TCP_TIMEWAIT_LEN, tcp_fin_timeout. */
export const TCP_RTO_INIT: Micros = 1000 * MS;
const TCP_RTO_MIN: Micros = 200 * MS;
const TCP_RTO_MAX: Micros = 120_000 * MS;
export const TCP_DELACK: Micros = 40 * MS;
export const TCP_TIMEWAIT_LEN: Micros = 60_000 * MS;
const TCP_FIN_TIMEOUT: Micros = 60_000 * MS;
/** tcp_syn_retries, tcp_syn_linear_timeouts, tcp_synack_retries, tcp_retries2. */
const SYN_RETRIES = 6;
const SYN_LINEAR_TIMEOUTS = 4;
const SYNACK_RETRIES = 5;
const RETRIES2 = 15;
/** TCPOLEN_TSTAMP_ALIGNED. */
const TS_LEN = 12;
/** TCP_INIT_CWND. */
const INIT_CWND = 10;
/** The window field before scaling: 65535. */
const MAX_WINDOW = 0xffff;

/** Sequence arithmetic modulo 2^32. */
export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}
export function seqLe(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** tcpdump's flag letters: `S`, `S.`, `P.`, `F.`, `R.`, `.`. */
export function tcpFlagText(flags: number): string {
  let t = '';
  if (flags & TcpFlag.SYN) t += 'S';
  if (flags & TcpFlag.FIN) t += 'F';
  if (flags & TcpFlag.PSH) t += 'P';
  if (flags & TcpFlag.RST) t += 'R';
  if (flags & TcpFlag.ACK) t += '.';
  return t;
}

/** Length of a segment in sequence space (SYN and FIN count one each). */
export function segLen(flags: number, dataLen: number): number {
  return dataLen + (flags & TcpFlag.SYN ? 1 : 0) + (flags & TcpFlag.FIN ? 1 : 0);
}

/** The MTU of the route to the peer (device MTU or a learnt path MTU). */
function routeMtu(w: World, ns: Netns, dst: Ipv4): number | undefined {
  const r = routeOutput(ns, dst);
  if (!r.ok) return undefined;
  const learnt = r.value.type === 'local' ? undefined : ns.ipv4.pathMtu(dst, w.sched.now);
  return learnt !== undefined && learnt < r.value.dev.mtu ? learnt : r.value.dev.mtu;
}

/** tcp_select_initial_window: 65535 rounded down to a multiple of `mss`. */
function initialWindow(mss: number): number {
  return mss > 0 ? Math.floor(MAX_WINDOW / mss) * mss : MAX_WINDOW;
}

/** TSval: tcp_clock_ms plus the connection's offset. */
function tsVal(w: World, s: TcpSocket): number {
  return (Math.floor(w.sched.now / MS) + s.tsOffset) >>> 0;
}

/** The options of a SYN (`synAck` false) or of a SYN-ACK answering what the peer offered. */
function synOptions(w: World, s: TcpSocket, synAck: boolean): TcpOption[] {
  const ts: TcpOption = { kind: 'timestamps', value: tsVal(w, s), echo: synAck ? s.tsRecent : 0 };
  const opts: TcpOption[] = [{ kind: 'mss', value: s.advMss }];
  if (s.sackOk && s.tsOk) opts.push({ kind: 'sackPermitted' }, ts);
  else if (s.tsOk) opts.push({ kind: 'nop' }, { kind: 'nop' }, ts);
  else if (s.sackOk) opts.push({ kind: 'nop' }, { kind: 'nop' }, { kind: 'sackPermitted' });
  if (s.wscaleOk) opts.push({ kind: 'nop' }, { kind: 'windowScale', shift: s.rcvWscale });
  return opts;
}

/** The window field: unscaled on SYNs, ALIGNed up to the scale unit afterwards. */
function windowField(s: TcpSocket, flags: number): number {
  if (flags & TcpFlag.SYN || !s.wscaleOk) return Math.min(s.rcvWnd, MAX_WINDOW);
  const unit = 2 ** s.rcvWscale;
  return Math.min(Math.ceil(s.rcvWnd / unit), MAX_WINDOW);
}

/** Emit one segment of `s` (tcp_transmit_skb). */
function tcpXmit(
  w: World,
  s: TcpSocket,
  flags: number,
  seq: number,
  data: Uint8Array,
): IpSendResult {
  const ns = s.ns;
  const options: TcpOption[] =
    flags & TcpFlag.SYN
      ? synOptions(w, s, (flags & TcpFlag.ACK) !== 0)
      : s.tsOk
        ? [
            { kind: 'nop' },
            { kind: 'nop' },
            { kind: 'timestamps', value: tsVal(w, s), echo: s.tsRecent },
          ]
        : [];
  const repr: TcpRepr = {
    srcPort: s.localPort,
    dstPort: s.remotePort,
    seq,
    ack: flags & TcpFlag.ACK ? s.rcvNxt : 0,
    flags,
    window: windowField(s, flags),
    urgent: 0,
    options,
    payloadLen: data.length,
  };
  if (flags & TcpFlag.ACK) {
    s.rcvUnacked = 0;
    if (s.delackTimer !== undefined) {
      w.sched.cancel(s.delackTimer);
      s.delackTimer = undefined;
    }
    if (s.quick > 0) s.quick--;
  }
  if (data.length > 0 && s.ato > 0 && w.sched.now - s.lastRcv < s.ato) s.pingpong = true;
  const id = newPacketId(w);
  markPartial(w, id, 'outer');
  trace(
    w,
    ns,
    id,
    'tcp.send',
    'emit',
    () =>
      `${tcpEndpoint(s.localAddr, s.localPort)} > ${tcpEndpoint(s.remoteAddr, s.remotePort)} [${tcpFlagText(flags)}] seq ${seq}${flags & TcpFlag.ACK ? ` ack ${repr.ack}` : ''} win ${repr.window} len ${data.length}`,
    s.lastPacketId,
  );
  const len = tcpBufferLen(repr);
  const src = s.localAddr;
  const dst = s.remoteAddr;
  return ipSend(
    w,
    ns,
    dst,
    IpProtocol.TCP,
    len,
    (buf) => {
      buf.set(data, tcpHeaderLen(repr));
      emitTcp(repr, buf, src, dst);
    },
    { ttl: s.ttl ?? defaultTtl(ns), tos: s.tos, pmtudisc: 'want', src },
    id,
  );
}

/** Queue a segment for retransmission and send it. */
function sendQueued(w: World, s: TcpSocket, flags: number, data: Uint8Array): IpSendResult {
  const seg: TcpSegment = {
    seq: s.sndNxt,
    flags,
    data,
    sentAt: w.sched.now,
    retransmitted: false,
  };
  s.rtx.push(seg);
  s.sndNxt = seqAdd(s.sndNxt, segLen(flags, data.length));
  const r = tcpXmit(w, s, flags, seg.seq, data);
  tcpArmRto(w, s);
  return r;
}

/** Set MSS, windows and the options a new connection starts with (tcp_connect_init). */
function connInit(w: World, s: TcpSocket): boolean {
  const mtu = routeMtu(w, s.ns, s.remoteAddr);
  if (mtu === undefined) return false;
  s.advMss = mtu - 40;
  s.mss = s.advMss;
  s.rcvWscale = tcpRcvWscale(s.ns);
  s.tsOffset = s.ns.machine.rng.nextU32();
  s.iss = s.ns.machine.rng.nextU32();
  s.sndUna = s.iss;
  s.sndNxt = s.iss;
  s.rto = TCP_RTO_INIT;
  return true;
}

/** tcp_connect: the SYN (state SYN-SENT). */
export function tcpSendSyn(w: World, s: TcpSocket): TcpResult {
  if (!connInit(w, s)) return { ok: false, errno: 'ENETUNREACH' };
  s.rcvWnd = initialWindow(s.advMss);
  s.tsOk = true;
  s.sackOk = true;
  s.wscaleOk = true;
  tcpSetState(w, s, 'SYN_SENT');
  const r = sendQueued(w, s, TcpFlag.SYN, new Uint8Array(0));
  if (!r.ok) {
    tcpTimersStop(w, s);
    s.rtx.length = 0;
    tcpSetState(w, s, 'CLOSED');
    return { ok: false, errno: r.errno };
  }
  return { ok: true, value: undefined };
}

/** What a listener learnt from a SYN, to answer it. */
export interface SynInfo {
  seq: number;
  mss: number | undefined;
  wscale: number | undefined;
  sackOk: boolean;
  ts: { value: number; echo: number } | undefined;
  window: number;
}

/** tcp_v4_send_synack: a child in SYN-RECV answers the SYN. */
export function tcpSendSynAck(w: World, child: TcpSocket, syn: SynInfo): void {
  connInit(w, child);
  child.irs = syn.seq;
  child.rcvNxt = seqAdd(syn.seq, 1);
  child.tsOk = syn.ts !== undefined;
  child.tsRecent = syn.ts?.value ?? 0;
  child.sackOk = syn.sackOk;
  child.wscaleOk = syn.wscale !== undefined;
  child.sndWscale = syn.wscale ?? 0;
  if (!child.wscaleOk) child.rcvWscale = 0;
  child.sndWnd = syn.window;
  tcpSetMss(w, child, syn.mss);
  child.rcvWnd = initialWindow(child.advMss - (child.tsOk ? TS_LEN : 0));
  tcpSetState(w, child, 'SYN_RECV');
  sendQueued(w, child, TcpFlag.SYN | TcpFlag.ACK, new Uint8Array(0));
}

/** tcp_sync_mss: the payload of a full segment, from the peer's MSS and our path MTU. */
export function tcpSetMss(w: World, s: TcpSocket, peerMss: number | undefined): void {
  const mtu = routeMtu(w, s.ns, s.remoteAddr) ?? s.advMss + 40;
  const mss = Math.min(peerMss ?? 536, mtu - 40);
  s.mss = mss - (s.tsOk ? TS_LEN : 0);
  s.cwnd = INIT_CWND * s.mss;
}

/** tcp_send_ack: a bare ACK. */
export function tcpSendAck(w: World, s: TcpSocket): void {
  tcpXmit(w, s, TcpFlag.ACK, s.sndNxt, new Uint8Array(0));
}

/** __tcp_ack_snd_check: ACK received data now (quick-ACK mode, two full segments) or in 40 ms. */
export function tcpAckSndCheck(w: World, s: TcpSocket): void {
  if (s.rcvUnacked === 0) return;
  if ((s.quick > 0 && !s.pingpong) || s.rcvUnacked > s.mss) {
    tcpSendAck(w, s);
    return;
  }
  tcpScheduleAck(w, s);
}

/** inet_csk_reset_xmit_timer(ICSK_TIME_DACK). */
export function tcpScheduleAck(w: World, s: TcpSocket): void {
  if (s.delackTimer !== undefined) return;
  s.delackTimer = w.sched.after(TCP_DELACK, () => {
    s.delackTimer = undefined;
    if (s.state !== 'CLOSED' && s.state !== 'LISTEN') tcpSendAck(w, s);
  });
}

/**
 * tcp_push / tcp_write_xmit: send what the peer's window and the congestion window allow,
 * Nagle permitting; a queued FIN rides on the last segment, or leaves alone.
 */
export function tcpPush(w: World, s: TcpSocket): void {
  if (s.state !== 'ESTABLISHED' && s.state !== 'CLOSE_WAIT') return;
  while (s.pending.length > 0) {
    const inflight = (s.sndNxt - s.sndUna) >>> 0;
    const room = Math.min(s.sndWnd, s.cwnd) - inflight;
    if (room <= 0) break;
    const len = Math.min(s.mss, s.pending.length, room);
    const partial = len < s.mss;
    if (partial && len < s.pending.length && inflight > 0) break; // window-limited
    if (partial && inflight > 0 && !s.noDelay && !s.finQueued) break; // Nagle
    const data = s.pending.slice(0, len);
    s.pending = s.pending.subarray(len);
    const last = s.pending.length === 0;
    let flags = TcpFlag.ACK | (last ? TcpFlag.PSH : 0);
    if (last && s.finQueued) flags |= TcpFlag.FIN;
    sendQueued(w, s, flags, data);
    if (flags & TcpFlag.FIN) finSent(w, s);
  }
  if (s.finQueued && !s.finSent && s.pending.length === 0) {
    sendQueued(w, s, TcpFlag.FIN | TcpFlag.ACK, new Uint8Array(0));
    finSent(w, s);
  }
}

function finSent(w: World, s: TcpSocket): void {
  s.finSent = true;
  tcpSetState(w, s, s.state === 'CLOSE_WAIT' ? 'LAST_ACK' : 'FIN_WAIT1');
}

/** Arm the retransmission timer if something waits for an ACK and it is not running. */
export function tcpArmRto(w: World, s: TcpSocket): void {
  if (s.rtoTimer !== undefined || s.rtx.length === 0) return;
  s.rtoTimer = w.sched.after(s.rto, () => {
    s.rtoTimer = undefined;
    tcpRetransmitTimer(w, s);
  });
}

/** Restart the retransmission timer (after an ACK of new data). */
export function tcpRearmRto(w: World, s: TcpSocket): void {
  if (s.rtoTimer !== undefined) w.sched.cancel(s.rtoTimer);
  s.rtoTimer = undefined;
  tcpArmRto(w, s);
}

/** tcp_rtt_estimator + tcp_set_rto (RFC 6298, with Linux's 200 ms floor on the variance term). */
export function tcpRttSample(s: TcpSocket, rtt: Micros): void {
  if (s.srtt === 0) {
    s.srtt = rtt;
    s.rttvar = rtt / 2;
  } else {
    s.rttvar = (3 * s.rttvar + Math.abs(s.srtt - rtt)) / 4;
    s.srtt = (7 * s.srtt + rtt) / 8;
  }
  s.rto = Math.min(Math.round(s.srtt + Math.max(4 * s.rttvar, TCP_RTO_MIN)), TCP_RTO_MAX);
}

/** tcp_retransmit_timer: resend the oldest unacknowledged segment, back off, or give up. */
function tcpRetransmitTimer(w: World, s: TcpSocket): void {
  const seg = s.rtx[0];
  if (!seg || s.state === 'CLOSED') return;
  const limit =
    s.state === 'SYN_SENT'
      ? SYN_RETRIES + SYN_LINEAR_TIMEOUTS
      : s.state === 'SYN_RECV'
        ? SYNACK_RETRIES
        : RETRIES2;
  if (s.retransmits >= limit) {
    trace(w, s.ns, s.lastPacketId ?? 0, 'tcp.retransmit', 'drop', () => {
      return `${tcpEndpoint(s.localAddr, s.localPort)} > ${tcpEndpoint(s.remoteAddr, s.remotePort)} gave up after ${s.retransmits} retransmissions`;
    });
    if (s.state !== 'SYN_RECV') s.error = 'ETIMEDOUT';
    tcpDestroy(w, s);
    return;
  }
  s.retransmits++;
  seg.retransmitted = true;
  trace(w, s.ns, s.lastPacketId ?? 0, 'tcp.retransmit', 'emit', () => {
    return `[${tcpFlagText(seg.flags)}] seq ${seg.seq} len ${seg.data.length}, retransmission ${s.retransmits}, rto ${s.rto / MS} ms`;
  });
  tcpXmit(w, s, seg.flags, seg.seq, seg.data);
  if (!(s.state === 'SYN_SENT' && s.retransmits <= SYN_LINEAR_TIMEOUTS)) {
    s.rto = Math.min(s.rto * 2, TCP_RTO_MAX);
  }
  if (s.state === 'ESTABLISHED' || s.state === 'CLOSE_WAIT') s.cwnd = s.mss;
  tcpArmRto(w, s);
}

/** Enter TIME-WAIT for 60 s (tcp_time_wait); the port stays taken until then. */
export function tcpTimeWait(w: World, s: TcpSocket): void {
  tcpTimersStop(w, s);
  s.rtx.length = 0;
  tcpSetState(w, s, 'TIME_WAIT');
  s.stateTimer = w.sched.after(TCP_TIMEWAIT_LEN, () => {
    s.stateTimer = undefined;
    tcpDestroy(w, s);
  });
}

/** An orphaned socket in FIN-WAIT-2 is dropped after tcp_fin_timeout. */
export function tcpFinWait2Timer(w: World, s: TcpSocket): void {
  if (!s.orphan || s.stateTimer !== undefined) return;
  s.stateTimer = w.sched.after(TCP_FIN_TIMEOUT, () => {
    s.stateTimer = undefined;
    if (s.state === 'FIN_WAIT2') tcpDestroy(w, s);
  });
}

/** Cancel every timer of the socket. */
export function tcpTimersStop(w: World, s: TcpSocket): void {
  for (const t of [s.rtoTimer, s.delackTimer, s.stateTimer]) if (t !== undefined) w.sched.cancel(t);
  s.rtoTimer = undefined;
  s.delackTimer = undefined;
  s.stateTimer = undefined;
}

/** A reset that no socket state backs (tcp_v4_send_reset). */
export interface ResetSpec {
  src: Ipv4;
  dst: Ipv4;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** `R.` (ACK set, ack = `ack`) or a bare `R`. */
  withAck: boolean;
  /** The packet that caused it. */
  cause: number;
  /** TOS of that packet (tcp_v4_send_reset reflects it; 0 when a socket aborts). */
  tos?: number;
}

/** tcp_v4_send_reset: no options, window 0, TTL ip_default_ttl, the cause's TOS. */
export function tcpSendReset(w: World, ns: Netns, r: ResetSpec): void {
  const flags = TcpFlag.RST | (r.withAck ? TcpFlag.ACK : 0);
  const repr: TcpRepr = {
    srcPort: r.srcPort,
    dstPort: r.dstPort,
    seq: r.seq,
    ack: r.withAck ? r.ack : 0,
    flags,
    window: 0,
    urgent: 0,
    options: [],
    payloadLen: 0,
  };
  const id = newPacketId(w);
  trace(
    w,
    ns,
    id,
    'tcp.send',
    'emit',
    () =>
      `${tcpEndpoint(r.src, r.srcPort)} > ${tcpEndpoint(r.dst, r.dstPort)} [${tcpFlagText(flags)}] seq ${r.seq}${r.withAck ? ` ack ${r.ack}` : ''} win 0 len 0`,
    r.cause,
  );
  ipSend(
    w,
    ns,
    r.dst,
    IpProtocol.TCP,
    tcpBufferLen(repr),
    (buf) => emitTcp(repr, buf, r.src, r.dst),
    { ttl: defaultTtl(ns), tos: r.tos ?? 0, pmtudisc: 'want', src: r.src },
    id,
  );
}
