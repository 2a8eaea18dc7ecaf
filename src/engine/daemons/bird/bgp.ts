/**
 * One BGP session of BIRD 2 (RFC 4271) over the lab's TCP: the connect delay (jittered like
 * BIRD's timers, to 75–100 %), OPEN with BIRD's capabilities (multiprotocol IPv4, route refresh,
 * graceful restart 120 s (no address family when only `aware`, the default), 4-octet AS, ADD-PATH when the channel has `add paths`, enhanced route
 * refresh, LLGR), KEEPALIVE, the hold and keepalive timers, UPDATE with ORIGIN, AS_PATH,
 * NEXT_HOP and LOCAL_PREF (iBGP) plus path ids, End-of-RIB, withdrawals, and NOTIFICATION Cease /
 * administrative shutdown when it stops. Routes learned over iBGP are not passed to iBGP peers.
 * Next hops resolve recursively through the table (`gateway recursive`).
 *
 * Left out: collisions of two simultaneous connections (the jittered delay keeps them apart; a
 * second one is refused), route refresh, graceful restart itself, MED and communities from
 * filters, confederations and route reflection, IPv6.
 */
import { formatIpv4, type Prefix } from '../../kernel/inet';
import {
  TCP_STRERROR,
  type TcpSocket,
  tcpBind,
  tcpClose,
  tcpConnect,
  tcpRecv,
  tcpSend,
  tcpSocketOpen,
  tcpTakeError,
} from '../../kernel/tcp-socket';
import type { TimerId } from '../../sim/scheduler';
import {
  AsPathSegmentType,
  BGP_PORT,
  type BgpAttr,
  type BgpCapability,
  BgpCeaseSubcode,
  type BgpEncoding,
  BgpErrorCode,
  type BgpMessage,
  type BgpPrefix,
  bgpBufferLen,
  bgpMessageLen,
  emitBgpMessage,
  parseBgpMessage,
} from '../../wire/bgp';
import { BGP_TOS } from './bgp-listen';
import type { Bird, ProtoRun } from './bird';
import { netKey, type Rte } from './rib';

const SECOND = 1_000_000;
/** Networks in one UPDATE at most (BGP messages stay under 4,096 bytes). */
const MAX_NLRI = 400;
const FEED_DELAY = 190_000;

export type BgpState =
  | 'Idle'
  | 'Connect'
  | 'Active'
  | 'Passive'
  | 'OpenSent'
  | 'OpenConfirm'
  | 'Established';

export type BgpHost = Bird;

/** NOTIFICATION texts as BIRD logs and shows them (`Received: …`). */
const NOTIFY_TEXT: Record<string, string> = {
  '4.0': 'Hold timer expired',
  '6.1': 'Maximum number of prefixes reached',
  '6.2': 'Administrative shutdown',
  '6.3': 'Peer de-configured',
  '6.4': 'Administrative reset',
  '6.5': 'Connection rejected',
  '6.6': 'Other configuration change',
  '6.7': 'Connection collision resolution',
  '2.2': 'Bad peer AS',
};

export class BgpProto {
  state: BgpState = 'Idle';
  lastError: string | undefined;
  conn: TcpSocket | undefined;
  /** Capabilities the peer sent, its BGP id, the negotiated hold and keepalive times. */
  peerCaps: BgpCapability[] = [];
  peerId = 0;
  holdTime = 0;
  keepaliveTime = 0;
  enc: BgpEncoding = { as4: true, addPath: false };
  /** Deadlines of the running timers (for `show protocols all`). */
  connectAt: number | undefined;
  holdAt: number | undefined;
  keepaliveAt: number | undefined;
  private connectTimer: TimerId | undefined;
  private holdTimer: TimerId | undefined;
  private keepaliveTimer: TimerId | undefined;
  private buf = new Uint8Array(0);

  private readonly bird: BgpHost;
  readonly p: ProtoRun;

  constructor(bird: BgpHost, p: ProtoRun) {
    this.bird = bird;
    this.p = p;
  }

  /** multihop (iBGP's default): TTL 64; a direct eBGP session: 1. */
  private get ttl(): number {
    return this.p.cfg.multihop || this.internal ? 64 : 1;
  }

  get internal(): boolean {
    return this.p.cfg.localAs === this.p.cfg.neighborAs;
  }

  private get w() {
    return this.bird.w;
  }

  /** BIRD's timers start at a random 75–100 % of their value. */
  private jitter(seconds: number): number {
    return Math.floor(seconds * SECOND * (0.75 + this.bird.machine.rng.below(1024) / 4096));
  }

  start(): void {
    this.startup();
  }

  /** bgp_startup(): a passive protocol waits for its neighbor; an active one connects soon. */
  private startup(): void {
    this.setBgpState(this.p.cfg.passive ? 'Passive' : 'Active');
    if (!this.p.cfg.passive) this.scheduleConnect(this.p.cfg.connectDelay);
  }

  /** Seconds the next start waits after a BGP error (`error wait time MIN, MAX`). */
  private startupDelay = 0;
  private lastProtoError: number | undefined;
  private delayTimer: TimerId | undefined;

  /**
   * bgp_update_startup_delay(): an error (other than a Cease) sent or received delays the next
   * start by the minimum error wait, doubling up to the maximum while errors keep coming; an
   * error after 300 s of quiet (error forget time) starts again from the minimum.
   */
  private updateStartupDelay(): void {
    const now = this.w.sched.now;
    if (this.lastProtoError !== undefined && now - this.lastProtoError >= 300 * SECOND)
      this.startupDelay = 0;
    this.lastProtoError = now;
    const [min, max] = this.p.cfg.errorWait;
    this.startupDelay = this.startupDelay ? Math.min(2 * this.startupDelay, max) : min;
  }

  private scheduleConnect(seconds: number): void {
    this.cancel('connect');
    const d = this.jitter(seconds);
    this.connectAt = this.w.sched.now + d;
    this.connectTimer = this.w.sched.after(d, () => {
      this.connectTimer = undefined;
      this.connectAt = undefined;
      this.connect();
    });
  }

  private cancel(which: 'connect' | 'hold' | 'keepalive'): void {
    const id =
      which === 'connect'
        ? this.connectTimer
        : which === 'hold'
          ? this.holdTimer
          : this.keepaliveTimer;
    if (id !== undefined) this.w.sched.cancel(id);
    if (which === 'connect') [this.connectTimer, this.connectAt] = [undefined, undefined];
    if (which === 'hold') [this.holdTimer, this.holdAt] = [undefined, undefined];
    if (which === 'keepalive') [this.keepaliveTimer, this.keepaliveAt] = [undefined, undefined];
  }

  private setBgpState(s: BgpState): void {
    this.state = s;
    this.w.changed();
  }

  private connect(): void {
    if (this.conn || this.p.state !== 'start') return;
    const s = tcpSocketOpen(this.bird.ns, 'bird', this.bird.holder);
    s.tos = BGP_TOS;
    s.ttl = this.ttl;
    const src = this.p.cfg.sourceAddress ?? this.p.cfg.localAddr ?? 0;
    if (src !== 0 && !tcpBind(s, src, 0).ok) {
      tcpClose(this.w, s);
      this.fail('Socket: Cannot assign requested address');
      return;
    }
    this.conn = s;
    this.setBgpState('Connect');
    s.onReadable = () => this.w.sched.after(0, () => this.readable(s));
    const r = tcpConnect(this.w, s, this.p.cfg.neighbor ?? 0, BGP_PORT);
    if (!r.ok) this.socketError(s, r.errno);
  }

  /** An incoming connection from our neighbor; false when we already have one going. */
  adopt(s: TcpSocket): boolean {
    // Not while the start is delayed after an error (BSS_DELAY): BIRD closes the connection.
    if (this.p.state !== 'start' || this.state === 'Idle') return false;
    if (this.conn && this.conn.state !== 'SYN_SENT') return false;
    if (this.conn) tcpClose(this.w, this.conn);
    this.cancel('connect');
    s.ttl = this.ttl;
    this.conn = s;
    s.onReadable = () => this.w.sched.after(0, () => this.readable(s));
    this.sendOpen();
    return true;
  }

  private socketError(s: TcpSocket, errno: string): void {
    if (s !== this.conn) return;
    const text = (TCP_STRERROR as Record<string, string>)[errno] ?? errno;
    this.fail(`Socket: ${text}`);
  }

  /**
   * The session failed: drop the connection and its routes, try again after the delay. A BGP
   * error (`protoError`: a NOTIFICATION other than Cease, sent or received) restarts the
   * protocol after its startup delay, Idle meanwhile; a socket error or a Cease retries at once.
   */
  private fail(error: string, protoError = false): void {
    const wasUp = this.p.state === 'up';
    this.lastError = error;
    this.teardown();
    if (wasUp) {
      this.bird.setState(this.p, 'stop');
      this.bird.setState(this.p, 'flush');
      this.bird.withdrawAll(this.p.cfg.name);
      this.p.exported.clear();
      this.bird.setState(this.p, 'down');
      this.bird.log('TRACE', this.p, 'Starting');
      this.bird.setState(this.p, 'start');
    }
    if (!protoError) {
      this.setBgpState('Active');
      this.scheduleConnect(this.p.cfg.connectDelay);
      return;
    }
    this.updateStartupDelay();
    this.setBgpState('Idle');
    this.cancelDelay();
    this.delayTimer = this.w.sched.after(this.jitter(this.startupDelay), () => {
      this.delayTimer = undefined;
      if (this.p.state === 'start' && this.state === 'Idle') this.startup();
    });
  }

  private cancelDelay(): void {
    if (this.delayTimer !== undefined) this.w.sched.cancel(this.delayTimer);
    this.delayTimer = undefined;
  }

  private teardown(): void {
    for (const t of ['connect', 'hold', 'keepalive'] as const) this.cancel(t);
    if (this.conn) {
      this.conn.onReadable = undefined;
      tcpClose(this.w, this.conn);
    }
    this.conn = undefined;
    this.buf = new Uint8Array(0);
  }

  /**
   * The protocol stops: NOTIFICATION Cease with bgp_shutdown()'s subcode — administrative
   * shutdown (disable, down), administrative reset (restart), other configuration change
   * (configure changed it), peer de-configured (configure removed it) — then close.
   */
  stop(subcode: number = BgpCeaseSubcode.AdministrativeShutdown): void {
    if (this.conn && this.conn.state === 'ESTABLISHED' && this.state !== 'Connect') {
      this.sendMessage({
        kind: 'notification',
        code: BgpErrorCode.Cease,
        subcode,
        data: new Uint8Array(0),
      });
    }
    this.teardown();
    this.cancelDelay();
    this.setBgpState('Idle');
  }

  private readable(s: TcpSocket): void {
    if (s !== this.conn) return;
    if (this.state === 'Connect') {
      const err = tcpTakeError(s);
      if (err) {
        this.socketError(s, err);
        return;
      }
      if (s.state !== 'ESTABLISHED') return;
      this.sendOpen();
    }
    // What came before the peer's FIN (its NOTIFICATION, say) is read first.
    let eof = false;
    for (;;) {
      const r = tcpRecv(this.w, s);
      if (!r.ok) {
        this.socketError(s, r.errno);
        return;
      }
      if (r.value === undefined) break;
      if (r.value === null) {
        eof = true;
        break;
      }
      const joined = new Uint8Array(this.buf.length + r.value.length);
      joined.set(this.buf);
      joined.set(r.value, this.buf.length);
      this.buf = joined;
    }
    while (this.buf.length >= 19 && this.conn === s) {
      const len = bgpMessageLen(this.buf);
      if (!len.ok) {
        this.fail('BGP Error: Connection not synchronized', true);
        return;
      }
      if (this.buf.length < len.value) break;
      const one = this.buf.slice(0, len.value);
      this.buf = this.buf.slice(len.value);
      const m = parseBgpMessage(one, this.enc);
      if (!m.ok) {
        this.fail('BGP Error: Malformed message', true);
        return;
      }
      this.receive(m.value);
    }
    if (eof && this.conn === s) this.fail('Connection closed');
  }

  private sendMessage(m: BgpMessage): void {
    if (!this.conn) return;
    const buf = new Uint8Array(bgpBufferLen(m, this.enc));
    emitBgpMessage(m, buf, this.enc);
    tcpSend(this.w, this.conn, buf);
  }

  localCaps(): BgpCapability[] {
    const caps: BgpCapability[] = [
      { kind: 'multiprotocol', afi: 1, safi: 1 },
      { kind: 'routeRefresh' },
    ];
    // Graceful restart: `aware` (BIRD's default) advertises the capability with no families.
    const gr = this.p.cfg.gracefulRestart;
    if (gr !== 'off') {
      const families = gr === 'on' ? [{ afi: 1, safi: 1, flags: 0 }] : [];
      caps.push({ kind: 'gracefulRestart', flags: 0, time: 120, families });
    }
    caps.push({ kind: 'fourOctetAs', asn: this.p.cfg.localAs ?? 0 });
    const ap = this.p.cfg.channel?.addPaths ?? 'off';
    if (ap !== 'off') {
      const sendReceive = ap === 'on' ? 3 : ap === 'rx' ? 1 : 2;
      caps.push({ kind: 'addPath', families: [{ afi: 1, safi: 1, sendReceive }] });
    }
    caps.push({ kind: 'enhancedRouteRefresh' }, { kind: 'raw', code: 71, data: new Uint8Array(0) });
    return caps;
  }

  private sendOpen(): void {
    const asn = this.p.cfg.localAs ?? 0;
    this.sendMessage({
      kind: 'open',
      version: 4,
      myAs: asn > 0xffff ? 23456 : asn,
      holdTime: this.p.cfg.holdTime,
      bgpId: this.bird.routerId,
      params: [{ kind: 'capabilities', capabilities: this.localCaps() }],
    });
    this.setBgpState('OpenSent');
    this.startHold(this.p.cfg.holdTime);
  }

  private startHold(seconds: number): void {
    this.cancel('hold');
    if (seconds === 0) return;
    const d = this.jitter(seconds);
    this.holdAt = this.w.sched.now + d;
    this.holdTimer = this.w.sched.after(d, () => {
      this.holdTimer = undefined;
      this.sendMessage({
        kind: 'notification',
        code: BgpErrorCode.HoldTimerExpired,
        subcode: 0,
        data: new Uint8Array(0),
      });
      this.fail('BGP Error: Hold timer expired', true);
    });
  }

  private startKeepalive(): void {
    this.cancel('keepalive');
    if (this.keepaliveTime === 0) return;
    const d = this.jitter(this.keepaliveTime);
    this.keepaliveAt = this.w.sched.now + d;
    this.keepaliveTimer = this.w.sched.after(d, () => {
      this.keepaliveTimer = undefined;
      this.sendMessage({ kind: 'keepalive' });
      this.startKeepalive();
    });
  }

  private receive(m: BgpMessage): void {
    if (this.holdTime) this.startHold(this.holdTime);
    switch (m.kind) {
      case 'open': {
        const caps = m.params.flatMap((p) => (p.kind === 'capabilities' ? p.capabilities : []));
        const as4 = caps.find((c) => c.kind === 'fourOctetAs');
        const peerAs = as4 && as4.kind === 'fourOctetAs' ? as4.asn : m.myAs;
        if (peerAs !== this.p.cfg.neighborAs) {
          this.sendMessage({
            kind: 'notification',
            code: BgpErrorCode.OpenMessage,
            subcode: 2,
            // The data is the AS the peer claimed, four octets (as a real capture shows).
            data: new Uint8Array([
              peerAs >>> 24,
              (peerAs >>> 16) & 255,
              (peerAs >>> 8) & 255,
              peerAs & 255,
            ]),
          });
          this.fail('BGP Error: Bad peer AS', true);
          return;
        }
        this.peerCaps = caps;
        this.peerId = m.bgpId;
        const theirAddPath = caps.some((c) => c.kind === 'addPath');
        const ours = this.p.cfg.channel?.addPaths ?? 'off';
        this.enc = { as4: !!as4, addPath: theirAddPath && ours !== 'off' };
        this.holdTime = Math.min(m.holdTime, this.p.cfg.holdTime);
        this.keepaliveTime = this.p.cfg.keepaliveTime ?? Math.floor(this.holdTime / 3);
        this.sendMessage({ kind: 'keepalive' });
        this.setBgpState('OpenConfirm');
        this.startHold(this.holdTime);
        this.startKeepalive();
        return;
      }
      case 'keepalive':
        if (this.state === 'OpenConfirm') this.established();
        return;
      case 'update':
        if (this.state !== 'Established') return;
        for (const w of m.withdrawn) this.importRoute(w, undefined);
        if (m.nlri.length) for (const n of m.nlri) this.importRoute(n, m.attributes);
        return;
      case 'notification': {
        const text = NOTIFY_TEXT[`${m.code}.${m.subcode}`] ?? `Error ${m.code}.${m.subcode}`;
        this.bird.log('RMT', this.p, `Received: ${text}`);
        this.fail(`Received: ${text}`, m.code !== BgpErrorCode.Cease);
        return;
      }
      default:
        return;
    }
  }

  private established(): void {
    this.setBgpState('Established');
    this.lastError = undefined;
    this.bird.setState(this.p, 'up');
    // The first feed went out ~0.19 s after Established in the reference capture, after the
    // KEEPALIVEs were acknowledged; each UPDATE then leaves in its own segment.
    const conn = this.conn;
    this.w.sched.after(FEED_DELAY, () => {
      if (this.conn !== conn || this.state !== 'Established') return;
      for (const list of this.bird.rib.walk()) {
        this.bird.exportTo(this.p, list[0].net, list[0], undefined);
      }
      this.eorPending = true;
      this.kickTx();
    });
  }

  /** May `r` go to this peer at all (before filters)? iBGP routes do not go to iBGP peers. */
  mayExport(r: Rte): boolean {
    return !(this.internal && r.bgp?.internal);
  }

  /**
   * Queues `r` for `net` to the peer, or the network's withdrawal, as BIRD's buckets do: at the
   * next turn of the loop one UPDATE carries every withdrawal, then one UPDATE per set of
   * attributes carries all its networks (so a feed of routes alike is a single message).
   */
  send(net: Prefix, r: Rte | undefined): void {
    if (this.state !== 'Established') return;
    const key = netKey(net);
    const prefix = { addr: net.addr, len: net.len, ...(this.enc.addPath ? { pathId: 0 } : {}) };
    this.txWithdraw.delete(key);
    for (const b of this.txBuckets.values()) b.nlri.delete(key);
    if (!r) {
      const was = this.sentIds.get(key) ?? 0;
      this.sentIds.delete(key);
      this.txWithdraw.set(key, { ...prefix, ...(this.enc.addPath ? { pathId: was } : {}) });
      this.kickTx();
      return;
    }
    this.sentIds.set(netKey(net), r.srcId);
    const localAs = this.p.cfg.localAs ?? 0;
    const path = this.internal ? (r.bgp?.asPath ?? []) : [localAs, ...(r.bgp?.asPath ?? [])];
    const nextHop =
      this.internal && r.bgp && !this.p.cfg.channel?.nextHopSelf
        ? r.bgp.nextHop
        : (this.p.cfg.sourceAddress ?? this.conn?.localAddr ?? 0);
    const attrs: BgpAttr[] = [
      { flags: 0x40, kind: 'origin', origin: r.bgp?.origin ?? 0 },
      {
        flags: 0x40,
        kind: 'asPath',
        segments: path.length ? [{ type: AsPathSegmentType.AsSequence, asns: path }] : [],
      },
      { flags: 0x40, kind: 'nextHop', addr: nextHop },
    ];
    if (this.internal)
      attrs.push({ flags: 0x40, kind: 'localPref', value: r.bgp?.localPref ?? 100 });
    const attrKey = JSON.stringify(attrs);
    let bucket = this.txBuckets.get(attrKey);
    if (!bucket) {
      bucket = { attrs, nlri: new Map() };
      this.txBuckets.set(attrKey, bucket);
    }
    bucket.nlri.set(key, { ...prefix, ...(this.enc.addPath ? { pathId: r.srcId } : {}) });
    this.kickTx();
  }

  private readonly sentIds = new Map<string, number>();
  private readonly txWithdraw = new Map<string, BgpPrefix>();
  private readonly txBuckets = new Map<
    string,
    { attrs: BgpAttr[]; nlri: Map<string, BgpPrefix> }
  >();
  private txScheduled = false;
  /** The End-of-RIB marker goes after the first feed, once its UPDATEs are out. */
  private eorPending = false;

  private kickTx(): void {
    if (this.txScheduled) return;
    this.txScheduled = true;
    this.w.sched.after(0, () => {
      this.txScheduled = false;
      this.fireTx();
    });
  }

  /** bgp_fire_tx(): withdrawals first, then each bucket, then the End-of-RIB marker. */
  private fireTx(): void {
    if (this.state !== 'Established') {
      this.txWithdraw.clear();
      this.txBuckets.clear();
      this.eorPending = false;
      return;
    }
    const chunks = <T>(list: T[]) =>
      Array.from({ length: Math.ceil(list.length / MAX_NLRI) }, (_, i) =>
        list.slice(i * MAX_NLRI, (i + 1) * MAX_NLRI),
      );
    for (const withdrawn of chunks([...this.txWithdraw.values()]))
      this.sendMessage({ kind: 'update', withdrawn, attributes: [], nlri: [] });
    this.txWithdraw.clear();
    for (const b of this.txBuckets.values())
      for (const nlri of chunks([...b.nlri.values()]))
        this.sendMessage({ kind: 'update', withdrawn: [], attributes: b.attrs, nlri });
    this.txBuckets.clear();
    if (this.eorPending) {
      this.eorPending = false;
      this.sendMessage({ kind: 'update', withdrawn: [], attributes: [], nlri: [] });
    }
  }

  private importRoute(
    n: { addr: number; len: number; pathId?: number },
    attrs: readonly BgpAttr[] | undefined,
  ): void {
    const net = { addr: n.addr, len: n.len };
    if (!attrs) {
      this.bird.announce(this.p, net, undefined);
      return;
    }
    let origin = 0;
    let asPath: number[] = [];
    let nextHop = 0;
    let localPref: number | undefined;
    let med: number | undefined;
    for (const a of attrs) {
      if (a.kind === 'origin') origin = a.origin;
      else if (a.kind === 'asPath') asPath = a.segments.flatMap((s) => [...s.asns]);
      else if (a.kind === 'nextHop') nextHop = a.addr;
      else if (a.kind === 'localPref') localPref = a.value;
      else if (a.kind === 'med') med = a.value;
    }
    // AS path loop detection (RFC 4271 9.1.2): a route that already passed our AS is dropped,
    // or withdrawals in a ring of eBGP peers could chase each other for ever.
    if (asPath.includes(this.p.cfg.localAs ?? -1)) {
      this.bird.announce(this.p, net, undefined);
      return;
    }
    const via = this.resolve(nextHop);
    this.bird.announce(this.p, net, {
      net,
      proto: this.p.cfg.name,
      preference: this.bird.preference(this.p),
      srcId: this.bird.srcId(this.p.cfg.name, n.pathId ?? 0),
      dest: via ? 'unicast' : 'unreachable',
      gw: via?.gw,
      dev: via?.dev,
      since: this.w.sched.now,
      source: 'RTS_BGP',
      // BIRD gives routes without LOCAL_PREF (from eBGP peers) its default, 100.
      bgp: {
        origin,
        asPath,
        nextHop,
        localPref: localPref ?? 100,
        med,
        internal: this.internal,
        from: this.p.cfg.neighbor ?? 0,
        peerId: this.peerId,
      },
    });
  }

  /**
   * `gateway direct` (eBGP's default): the next hop on a connected network. `gateway recursive`
   * (iBGP's and multihop's): through the route the table has for it — none (say, no `protocol
   * direct` for the link) makes the route unreachable.
   */
  private resolve(nh: number): { gw: number; dev: string } | undefined {
    const recursive =
      this.p.cfg.channel?.gatewayRecursive ?? (this.internal || this.p.cfg.multihop);
    if (!recursive) {
      const dev = this.bird.connectedDev(nh);
      return dev ? { gw: nh, dev } : undefined;
    }
    const r = this.bird.rib.lookup(nh, (x) => x.source === 'RTS_BGP');
    if (!r?.dev || r.dest !== 'unicast') return undefined;
    return { gw: r.gw ?? nh, dev: r.dev };
  }

  describeNeighbor(): string {
    return formatIpv4(this.p.cfg.neighbor ?? 0);
  }
}
