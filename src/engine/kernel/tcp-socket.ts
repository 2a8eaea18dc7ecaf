/**
 * TCP sockets (net/ipv4/tcp.c, inet_connection_sock.c, inet_hashtables.c): the syscall-shaped API
 * a process uses — socket, bind, listen, accept, connect, send, recv, shutdown, close — and the
 * per-connection state (RFC 9293 state machine, sequence space, options) that tcp-output.ts and
 * tcp-input.ts act on. Everything is non-blocking: a process parks and is woken through
 * `onReadable`, called on data, end of stream, a finished connect, a pending accept and errors.
 *
 * Linux 6.x behaviour kept: bind conflicts (EADDRINUSE unless both sockets set SO_REUSEADDR and
 * none listens), connect() picks an even ephemeral port from net.ipv4.ip_local_port_range
 * (32768–60999; bind() to port 0 prefers odd ones), ISNs and the timestamp offset come from the
 * machine's rng (secure_tcp_seq / secure_tcp_ts_off), the accept queue drops SYNs once
 * `backlog` connections wait (somaxconn 4096), close() with unread data sends RST instead of FIN,
 * TIME-WAIT lasts 60 s and an orphaned FIN-WAIT-2 60 s (tcp_fin_timeout).
 *
 * Left out: IPv6, urgent data, SO_LINGER, TCP_DEFER_ACCEPT, syncookies, keepalives, socket buffer
 * limits (queues are unbounded and the advertised window never shrinks), simultaneous open.
 */
import type { Micros } from '../sim/clock';
import type { TimerId } from '../sim/scheduler';
import type { Errno } from './errors';
import { formatIpv4, type Ipv4 } from './inet';
import { isLocalAddr, routeOutput } from './ipv4-route';
import type { Netns } from './netns';
import { holdSocket, type SockHolder, sockFdAlloc, sockFdFree } from './sock-procs';
import { tcpPush, tcpSendReset, tcpSendSyn, tcpTimersStop } from './tcp-output';
import { trace } from './trace';
import type { World } from './world';

/** net.ipv4.ip_local_port_range. */
const PORT_MIN = 32768;
const PORT_MAX = 60999;
/** net.core.somaxconn. */
export const SOMAXCONN = 4096;

/** The kernel's TCP states (include/net/tcp_states.h). */
export type TcpState =
  | 'CLOSED'
  | 'LISTEN'
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'ESTABLISHED'
  | 'FIN_WAIT1'
  | 'FIN_WAIT2'
  | 'CLOSE_WAIT'
  | 'CLOSING'
  | 'LAST_ACK'
  | 'TIME_WAIT';

/** How `ss` names each state (misc/ss.c sstate_name). */
export const TCP_SS_STATE: Record<TcpState, string> = {
  CLOSED: 'UNCONN',
  LISTEN: 'LISTEN',
  SYN_SENT: 'SYN-SENT',
  SYN_RECV: 'SYN-RECV',
  ESTABLISHED: 'ESTAB',
  FIN_WAIT1: 'FIN-WAIT-1',
  FIN_WAIT2: 'FIN-WAIT-2',
  CLOSE_WAIT: 'CLOSE-WAIT',
  CLOSING: 'CLOSING',
  LAST_ACK: 'LAST-ACK',
  TIME_WAIT: 'TIME-WAIT',
};

/** Errors a TCP socket reports (errors.ts has the netlink ones; these are the socket ones). */
export type TcpErrno =
  | Errno
  | 'ECONNREFUSED'
  | 'ECONNRESET'
  | 'ETIMEDOUT'
  | 'EPIPE'
  | 'ENOTCONN'
  | 'EISCONN'
  | 'EALREADY';

/** strerror() of the socket errors. */
export const TCP_STRERROR: Record<Exclude<TcpErrno, Errno>, string> = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ETIMEDOUT: 'Connection timed out',
  EPIPE: 'Broken pipe',
  ENOTCONN: 'Transport endpoint is not connected',
  EISCONN: 'Transport endpoint is already connected',
  EALREADY: 'Operation already in progress',
};

export type TcpResult<T = undefined> = { ok: true; value: T } | { ok: false; errno: TcpErrno };

const ok = <T>(value: T): TcpResult<T> => ({ ok: true, value });
const fail = (errno: TcpErrno): { ok: false; errno: TcpErrno } => ({ ok: false, errno });

/** One sent, not yet acknowledged segment (the retransmit queue). */
export interface TcpSegment {
  seq: number;
  flags: number;
  data: Uint8Array;
  sentAt: Micros;
  retransmitted: boolean;
}

export class TcpSocket {
  readonly ns: Netns;
  /** Who holds it, for traces (`nc`, `curl`, `nginx`, …). */
  readonly owner: string;
  /** The holding process and its descriptor, for `ss -p` (0: none, e.g. not accepted yet). */
  pid = 0;
  fd = 0;
  holder: SockHolder | undefined;
  state: TcpState = 'CLOSED';
  localAddr: Ipv4 = 0;
  localPort = 0;
  remoteAddr: Ipv4 = 0;
  remotePort = 0;
  /**
   * An AF_INET6 socket with IPV6_V6ONLY off, as Go opens one to listen on 0.0.0.0: it takes
   * IPv4 too (its connections have v4-mapped addresses). The lab carries all of it as IPv4;
   * only `ss` and `netstat` show the difference (`*:2379`, `tcp6`).
   */
  v6 = false;
  /** IP_TOS and IP_TTL (undefined: net.ipv4.ip_default_ttl); accepted sockets inherit them. */
  tos = 0;
  ttl: number | undefined;
  /** SO_REUSEADDR, TCP_NODELAY. */
  reuseAddr = false;
  noDelay = false;
  /** Listener: the accept queue and its limit; child: its listener until accepted. */
  backlog = 0;
  readonly acceptQueue: TcpSocket[] = [];
  parent: TcpSocket | undefined;

  // Send sequence space (RFC 9293 3.3.1).
  iss = 0;
  sndUna = 0;
  sndNxt = 0;
  /** The peer's window in bytes (scaled). */
  sndWnd = 0;
  /** Congestion window in bytes (slow start from 10 segments, RFC 6928). */
  cwnd = 0;
  // Receive sequence space.
  irs = 0;
  rcvNxt = 0;
  /** What we advertise in bytes (tcp_select_initial_window: 65535 rounded down to the MSS). */
  rcvWnd = 0;

  /** Negotiated options. */
  rcvWscale = 7;
  sndWscale = 0;
  wscaleOk = false;
  tsOk = false;
  sackOk = false;
  tsOffset = 0;
  tsRecent = 0;
  /** MSS we advertise (route MTU − 40) and the payload of a full segment we send (mss_cache). */
  advMss = 536;
  mss = 536;

  /** Bytes written and not yet sent. */
  pending: Uint8Array = new Uint8Array(0);
  readonly rtx: TcpSegment[] = [];
  /** Received, not yet read. */
  readonly recvQueue: Uint8Array[] = [];
  /** The peer's FIN arrived (recv returns end of stream once the queue is empty). */
  rcvFin = false;
  /** shutdown(SHUT_WR) or close() asked for a FIN; finSent once it left. */
  finQueued = false;
  finSent = false;
  /** close() was called: nobody reads any more (data that arrives now gets a RST). */
  orphan = false;
  /** A pending error (SO_ERROR), reported once by the next call. */
  error: TcpErrno | undefined;

  // Timers and their state.
  rto: Micros = 1_000_000;
  srtt: Micros = 0;
  rttvar: Micros = 0;
  retransmits = 0;
  rtoTimer: TimerId | undefined;
  delackTimer: TimerId | undefined;
  stateTimer: TimerId | undefined;
  /** Quick-ACK credit (tcp_incr_quickack, at most 16), interactive mode, delayed-ACK timeout. */
  quick = 0;
  pingpong = false;
  ato: Micros = 0;
  lastRcv: Micros = 0;
  /** Bytes received since our last ACK. */
  rcvUnacked = 0;
  /** The packet that last reached the socket (parent of what it sends next, in traces). */
  lastPacketId: number | undefined;

  /** Called when the owning process should look again (data, EOF, connect done, accept). */
  onReadable: (() => void) | undefined;

  constructor(ns: Netns, owner: string) {
    this.ns = ns;
    this.owner = owner;
  }
}

/** `10.0.0.1:80` for traces. */
export function tcpEndpoint(addr: Ipv4, port: number): string {
  return `${formatIpv4(addr)}:${port}`;
}

/** The socket's 4-tuple for traces: `10.0.0.1:53930 > 10.0.0.2:80`. */
export function tcpTuple(s: TcpSocket): string {
  return `${tcpEndpoint(s.localAddr, s.localPort)} > ${tcpEndpoint(s.remoteAddr, s.remotePort)}`;
}

/** socket(AF_INET, SOCK_STREAM, 0). */
export function tcpSocketOpen(ns: Netns, owner = 'process', holder?: SockHolder): TcpSocket {
  return holdSocket(new TcpSocket(ns, owner), ns.machine, owner, holder);
}

/** Every TCP socket of a namespace, in port then creation order (for `ss -t`). */
export function tcpSockets(ns: Netns): TcpSocket[] {
  return [...ns.ipv4.tcpPorts.keys()]
    .sort((a, b) => a - b)
    .flatMap((p) => ns.ipv4.tcpPorts.get(p) ?? []);
}

/** The `ss` name of the socket's state (ESTAB, SYN-SENT, LISTEN, TIME-WAIT, …). */
export function tcpStateName(s: TcpSocket): string {
  return TCP_SS_STATE[s.state];
}

/** Put a socket in the port table (children share their listener's port). */
export function tcpHash(s: TcpSocket): void {
  const ports = s.ns.ipv4.tcpPorts;
  const list = ports.get(s.localPort);
  if (list) {
    if (!list.includes(s)) list.push(s);
  } else ports.set(s.localPort, [s]);
}

/** Remove a socket from the port table (it is gone from `ss`). */
export function tcpUnhash(s: TcpSocket): void {
  const ports = s.ns.ipv4.tcpPorts;
  const rest = (ports.get(s.localPort) ?? []).filter((x) => x !== s);
  if (rest.length === 0) ports.delete(s.localPort);
  else ports.set(s.localPort, rest);
}

/** Change state, traced as `tcp.state`. */
export function tcpSetState(w: World, s: TcpSocket, next: TcpState): void {
  if (s.state === next) return;
  const prev = s.state;
  s.state = next;
  trace(w, s.ns, s.lastPacketId ?? 0, 'tcp.state', 'pass', () => {
    const who = s.remotePort ? tcpTuple(s) : tcpEndpoint(s.localAddr, s.localPort);
    return `${who} ${TCP_SS_STATE[prev]} → ${TCP_SS_STATE[next]}`;
  });
}

/** inet_csk_bind_conflict: another socket holds the port on an overlapping address. */
function bindConflict(s: TcpSocket, addr: Ipv4, port: number): boolean {
  return (s.ns.ipv4.tcpPorts.get(port) ?? []).some(
    (o) =>
      o !== s &&
      (o.localAddr === 0 || addr === 0 || o.localAddr === addr) &&
      !(s.reuseAddr && o.reuseAddr && o.state !== 'LISTEN') &&
      !(s.reuseAddr && o.state === 'TIME_WAIT'),
  );
}

/** Four-tuple in use (__inet_check_established). */
function tupleInUse(ns: Netns, src: Ipv4, port: number, dst: Ipv4, dport: number): boolean {
  return (ns.ipv4.tcpPorts.get(port) ?? []).some(
    (o) =>
      o.localAddr === src &&
      o.remoteAddr === dst &&
      o.remotePort === dport &&
      o.state !== 'LISTEN' &&
      o.state !== 'CLOSED',
  );
}

/**
 * An ephemeral port from a random start: even ports for connect() (`__inet_hash_connect`), odd
 * ones first for bind(0) (`inet_csk_find_open_port`), then the other parity.
 */
function ephemeralPort(
  ns: Netns,
  free: (port: number) => boolean,
  even: boolean,
): number | undefined {
  const half = (PORT_MAX - PORT_MIN + 1) >> 1;
  const start = ns.machine.rng.below(half);
  for (const parity of even ? [0, 1] : [1, 0]) {
    for (let i = 0; i < half + 1; i++) {
      const port = PORT_MIN + (((start + i) % (half + 1)) << 1) + parity;
      if (port <= PORT_MAX && free(port)) return port;
    }
  }
  return undefined;
}

/** bind(): EINVAL when already bound, EADDRNOTAVAIL for a foreign address, EADDRINUSE. */
export function tcpBind(s: TcpSocket, addr: Ipv4, port: number): TcpResult {
  if (s.localPort !== 0 || s.state !== 'CLOSED') return fail('EINVAL');
  if (port < 0 || port > 0xffff) return fail('EINVAL');
  if (addr !== 0 && !isLocalAddr(s.ns, addr)) return fail('EADDRNOTAVAIL');
  let p = port;
  if (p === 0) {
    const e = ephemeralPort(s.ns, (c) => !bindConflict(s, addr, c), false);
    if (e === undefined) return fail('EADDRINUSE');
    p = e;
  } else if (bindConflict(s, addr, p)) return fail('EADDRINUSE');
  s.localAddr = addr;
  s.localPort = p;
  tcpHash(s);
  return ok(undefined);
}

/** listen(): an unbound socket gets an ephemeral port first. */
export function tcpListen(w: World, s: TcpSocket, backlog = 4096): TcpResult {
  if (s.state === 'LISTEN') {
    s.backlog = Math.min(Math.max(backlog, 0), SOMAXCONN);
    return ok(undefined);
  }
  if (s.state !== 'CLOSED' || s.remotePort !== 0) return fail('EINVAL');
  if (s.localPort === 0) {
    const b = tcpBind(s, 0, 0);
    if (!b.ok) return b;
  } else if (
    (s.ns.ipv4.tcpPorts.get(s.localPort) ?? []).some(
      (o) =>
        o !== s &&
        o.state === 'LISTEN' &&
        (o.localAddr === 0 || s.localAddr === 0 || o.localAddr === s.localAddr),
    )
  ) {
    return fail('EADDRINUSE');
  }
  s.backlog = Math.min(Math.max(backlog, 0), SOMAXCONN);
  trace(w, s.ns, 0, 'socket.listen', 'pass', () => {
    return `${s.owner}: listen ${tcpEndpoint(s.localAddr, s.localPort)} backlog ${s.backlog}`;
  });
  tcpSetState(w, s, 'LISTEN');
  return ok(undefined);
}

/** accept(): the oldest established connection, or undefined (EAGAIN) when none waits. */
export function tcpAccept(w: World, s: TcpSocket): TcpResult<TcpSocket | undefined> {
  if (s.state !== 'LISTEN') return fail('EINVAL');
  const child = s.acceptQueue.shift();
  if (!child) return ok(undefined);
  child.parent = undefined;
  if (s.holder) {
    child.holder = s.holder;
    child.pid = s.holder.pid;
    child.fd = sockFdAlloc(s.holder);
  }
  trace(w, s.ns, child.lastPacketId ?? 0, 'socket.accept', 'consume', () => {
    return `${s.owner}: accept ${tcpEndpoint(child.remoteAddr, child.remotePort)} on ${tcpEndpoint(child.localAddr, child.localPort)}`;
  });
  return ok(child);
}

/**
 * connect(): choose the source address and an ephemeral port, send the SYN and return at once
 * (a non-blocking connect's EINPROGRESS). The outcome arrives through `onReadable`: the state is
 * then ESTABLISHED, or `error` holds ECONNREFUSED / ETIMEDOUT / EHOSTUNREACH.
 */
export function tcpConnect(w: World, s: TcpSocket, dst: Ipv4, port: number): TcpResult {
  if (s.state === 'SYN_SENT') return fail('EALREADY');
  if (s.state !== 'CLOSED') return fail('EISCONN');
  if (port <= 0 || port > 0xffff) return fail('ECONNREFUSED');
  const r = routeLookup(s.ns, dst === 0 ? 0x7f000001 : dst);
  if (!r.ok) return r;
  const daddr = dst === 0 ? r.value : dst;
  const saddr = s.localAddr !== 0 ? s.localAddr : r.value;
  if (s.localPort === 0) {
    const p = ephemeralPort(s.ns, (c) => !tupleInUse(s.ns, saddr, c, daddr, port), true);
    if (p === undefined) return fail('EADDRNOTAVAIL');
    s.localPort = p;
    tcpHash(s);
  } else if (tupleInUse(s.ns, saddr, s.localPort, daddr, port)) return fail('EADDRNOTAVAIL');
  s.localAddr = saddr;
  s.remoteAddr = daddr;
  s.remotePort = port;
  trace(w, s.ns, 0, 'socket.connect', 'emit', () => `${s.owner}: connect ${tcpTuple(s)}`);
  const sent = tcpSendSyn(w, s);
  if (!sent.ok) {
    s.remoteAddr = 0;
    s.remotePort = 0;
    return sent;
  }
  return ok(undefined);
}

/** The source address the route to `dst` selects. */
function routeLookup(ns: Netns, dst: Ipv4): TcpResult<Ipv4> {
  const r = routeOutput(ns, dst);
  return r.ok ? ok(r.value.src) : fail(r.errno);
}

/** Take the pending error (SO_ERROR). */
export function tcpTakeError(s: TcpSocket): TcpErrno | undefined {
  const e = s.error;
  s.error = undefined;
  return e;
}

/** send(): queue `data` and push what the windows allow. EPIPE once our side is shut. */
export function tcpSend(w: World, s: TcpSocket, data: Uint8Array): TcpResult<number> {
  if (s.error) return fail(tcpTakeError(s) as TcpErrno);
  if (s.state !== 'ESTABLISHED' && s.state !== 'CLOSE_WAIT') {
    return fail(s.state === 'SYN_SENT' || s.state === 'CLOSED' ? 'ENOTCONN' : 'EPIPE');
  }
  if (s.finQueued) return fail('EPIPE');
  trace(w, s.ns, s.lastPacketId ?? 0, 'socket.send', 'emit', () => {
    return `${s.owner}: ${data.length} bytes on ${tcpTuple(s)}`;
  });
  const merged = new Uint8Array(s.pending.length + data.length);
  merged.set(s.pending);
  merged.set(data, s.pending.length);
  s.pending = merged;
  tcpPush(w, s);
  return ok(data.length);
}

/**
 * recv(): all bytes queued so far; null at end of stream (the peer's FIN, a reset or a closed
 * socket); undefined when nothing is there yet (EAGAIN). A pending error is returned first.
 */
export function tcpRecv(w: World, s: TcpSocket): TcpResult<Uint8Array | null | undefined> {
  if (s.recvQueue.length > 0) {
    const total = s.recvQueue.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of s.recvQueue) {
      out.set(c, at);
      at += c.length;
    }
    s.recvQueue.length = 0;
    trace(w, s.ns, s.lastPacketId ?? 0, 'socket.recv', 'consume', () => {
      return `${s.owner}: ${total} bytes on ${tcpTuple(s)}`;
    });
    return ok(out);
  }
  if (s.error) return fail(tcpTakeError(s) as TcpErrno);
  if (s.rcvFin || s.state === 'CLOSED') return ok(null);
  if (s.state === 'LISTEN' || s.state === 'SYN_SENT') return fail('ENOTCONN');
  return ok(undefined);
}

/** shutdown(SHUT_WR): send a FIN after the queued data; reading goes on. */
export function tcpShutdown(w: World, s: TcpSocket): TcpResult {
  if (s.state !== 'ESTABLISHED' && s.state !== 'CLOSE_WAIT') {
    return s.state === 'SYN_SENT' || s.state === 'CLOSED' || s.state === 'LISTEN'
      ? fail('ENOTCONN')
      : ok(undefined);
  }
  s.finQueued = true;
  tcpPush(w, s);
  return ok(undefined);
}

/**
 * close(): a listener resets the connections still waiting in its queue; a connection with
 * unread data is reset (RFC 2525 2.17, as Linux does); otherwise a FIN follows the queued data
 * and the socket lives on, orphaned, through FIN-WAIT / LAST-ACK / TIME-WAIT.
 */
export function tcpClose(w: World, s: TcpSocket): void {
  if (s.orphan) return;
  s.orphan = true;
  s.onReadable = undefined;
  sockFdFree(s.holder, s.fd);
  trace(w, s.ns, s.lastPacketId ?? 0, 'socket.close', 'pass', () => {
    return `${s.owner}: close ${s.remotePort ? tcpTuple(s) : tcpEndpoint(s.localAddr, s.localPort)} (${TCP_SS_STATE[s.state]})`;
  });
  switch (s.state) {
    case 'LISTEN': {
      for (const c of s.acceptQueue) tcpAbort(w, c, true);
      s.acceptQueue.length = 0;
      for (const c of tcpSockets(s.ns)) if (c.parent === s) tcpAbort(w, c, true);
      tcpDestroy(w, s);
      return;
    }
    case 'CLOSED':
    case 'SYN_SENT':
      tcpDestroy(w, s);
      return;
    case 'SYN_RECV':
    case 'ESTABLISHED':
    case 'CLOSE_WAIT': {
      if (s.recvQueue.length > 0) {
        s.recvQueue.length = 0;
        tcpAbort(w, s, true);
        return;
      }
      s.finQueued = true;
      tcpPush(w, s);
      return;
    }
    default:
      return;
  }
}

/** Send a RST (when `sendRst`) and drop the connection at once (tcp_disconnect / tcp_done). */
export function tcpAbort(w: World, s: TcpSocket, sendRst: boolean): void {
  if (sendRst && s.state !== 'CLOSED' && s.state !== 'LISTEN' && s.state !== 'SYN_SENT') {
    tcpSendReset(w, s.ns, {
      src: s.localAddr,
      dst: s.remoteAddr,
      srcPort: s.localPort,
      dstPort: s.remotePort,
      seq: s.sndNxt,
      ack: s.rcvNxt,
      withAck: true,
      cause: s.lastPacketId ?? 0,
      tos: s.tos,
    });
  }
  tcpDestroy(w, s);
}

/** tcp_done: the connection is gone; the owner is told (EOF or the pending error). */
export function tcpDestroy(w: World, s: TcpSocket): void {
  tcpTimersStop(w, s);
  tcpSetState(w, s, 'CLOSED');
  s.rtx.length = 0;
  s.pending = new Uint8Array(0);
  if (s.parent) {
    const q = s.parent.acceptQueue;
    const i = q.indexOf(s);
    if (i >= 0) q.splice(i, 1);
    s.parent = undefined;
  }
  tcpUnhash(s);
  s.onReadable?.();
}
