/**
 * BIRD 2.0.12 as a daemon on a machine's virtual clock — the routing daemon Calico runs on every
 * node (C19): protocols kernel (learns alien routes, installs the best ones as `proto bird`),
 * device, direct (connected networks), static, and bgp (bgp.ts), all meeting in one master4
 * table (rib.ts); route filters (filter.ts) decide what goes to the kernel and to each peer.
 * `birdc` reaches it through its control socket path (machine-wide, like a UNIX socket).
 *
 * Left out: IPv6 channels and master6 content, other protocols (OSPF, RIP, BFD, …), route
 * reloads (a changed filter restarts its protocol), logging
 * to syslog. The kernel protocol sees alien route changes at its scans, not at once.
 */

import { networkOf, type Prefix } from '../../kernel/inet';
import type { Machine } from '../../kernel/machine';
import type { Netns } from '../../kernel/netns';
import { newSockHolder, type SockHolder } from '../../kernel/sock-procs';
import { SOCKET_MAGIC, vfsUnlink, vfsWrite } from '../../kernel/vfs';
import type { World } from '../../kernel/world';
import type { TimerId } from '../../sim/scheduler';
import { type BgpHost, BgpProto } from './bgp';
import { type BgpListener, listenBgp } from './bgp-listen';
import type { BirdConfig, FilterSpec, ProtoConfig } from './config';
import { type FilterRoute, runFilter, type Verdict } from './filter';
import { directStart, kernelInstall, kernelRemove, kernelScan } from './kernel-proto';
import { birdDateTime, netKey, Rib, type Rte } from './rib';
import { type ChannelStats, emptyStats } from './stats';

export const BIRD_VERSION = '2.0.12';
export const DEFAULT_SOCKET = '/run/bird/bird.ctl';
export const DEFAULT_CONFIG = '/etc/bird/bird.conf';

export type ProtoState = 'up' | 'start' | 'down' | 'stop' | 'flush';

/** One configured protocol while BIRD runs. */
export interface ProtoRun {
  cfg: ProtoConfig;
  state: ProtoState;
  since: number;
  disabled: boolean;
  stats: ChannelStats;
  /** Kernel: routes installed in the FIB, by network. Bgp: what the peer was sent. */
  exported: Map<string, Rte>;
  bgp?: BgpProto;
  timer?: TimerId;
}

const DEFAULT_PREFERENCE: Record<ProtoConfig['type'], number> = {
  kernel: 10,
  device: 240,
  direct: 240,
  static: 200,
  bgp: 100,
};

export class Bird implements BgpHost {
  readonly holder: SockHolder;
  readonly rib = new Rib();
  readonly protos: ProtoRun[] = [];
  readonly started: number;
  reconfigured: number;
  exited = false;
  /** Shutting down: nothing is exported any more (the kernel keeps what `persist` keeps). */
  private stopping = false;
  private nextSrcId = 1;
  private readonly srcIds = new Map<string, number>();
  private listener: BgpListener | undefined;
  /** Where log lines go: a file of the machine, the starting terminal, or nowhere. */
  private readonly logSink: ((line: string) => void) | undefined;

  readonly machine: Machine;
  readonly w: World;
  readonly ns: Netns;
  cfg: BirdConfig;
  configPath: string;
  readonly socketPath: string;

  constructor(
    machine: Machine,
    w: World,
    ns: Netns,
    cfg: BirdConfig,
    configPath: string,
    socketPath: string,
    stderr: ((text: string) => void) | undefined,
  ) {
    this.machine = machine;
    this.w = w;
    this.ns = ns;
    this.cfg = cfg;
    this.configPath = configPath;
    this.socketPath = socketPath;
    this.holder = newSockHolder(machine);
    this.started = w.sched.now;
    this.reconfigured = this.started;
    const log = cfg.log;
    if (log === 'stderr') this.logSink = stderr;
    else if (log?.startsWith('/')) {
      this.logSink = (line) => machine.files.set(log, (machine.files.get(log) ?? '') + line);
    }
  }

  /** The BIRD whose control socket is `path` on `machine`. */
  static at(machine: Machine, path: string): Bird | undefined {
    const d = machine.daemons.get(`bird:${path}`);
    return d instanceof Bird && !d.exited ? d : undefined;
  }

  get routerId(): number {
    if (this.cfg.routerId !== undefined) return this.cfg.routerId;
    // Without `router id`, BIRD takes the lowest IPv4 address of a non-loopback interface.
    const addrs = this.ns.devices
      .filter((d) => d.name !== 'lo')
      .flatMap((d) => d.addrs.map((a) => a.addr));
    return addrs.length ? Math.min(...addrs) : 0;
  }

  start(): void {
    this.machine.daemons.set(`bird:${this.socketPath}`, this);
    vfsWrite(this.machine, this.socketPath, SOCKET_MAGIC);
    for (const cfg of this.cfg.protocols) this.protos.push(this.newRun(cfg));
    for (const p of this.protos) this.log('TRACE', p, 'Initializing');
    for (const p of this.protos) if (!p.disabled) this.startProto(p);
    this.logLine('INFO', 'Started');
    this.w.changed();
  }

  private newRun(cfg: ProtoConfig): ProtoRun {
    return {
      cfg,
      state: 'down',
      since: this.w.sched.now,
      disabled: cfg.disabled,
      stats: emptyStats(),
      exported: new Map(),
    };
  }

  /** Port 179 is open while a BGP protocol is not down (bgp_open/bgp_close count its users). */
  private syncListener(): void {
    const want = !this.exited && this.protos.some((p) => p.bgp && p.state !== 'down');
    if (want && !this.listener) {
      this.listener = listenBgp(this.w, this.ns, this.holder, (sock) => {
        const p = this.protos.find(
          (q) => q.bgp && q.cfg.neighbor === sock.remoteAddr && q.state !== 'down',
        );
        return !!p?.bgp?.adopt(sock);
      });
    } else if (!want && this.listener) {
      this.listener.close();
      this.listener = undefined;
    }
  }

  /** `down`, SIGTERM: every protocol stops; the kernel keeps its routes only with `persist`. */
  shutdown(): void {
    if (this.exited) return;
    this.logLine('INFO', 'Shutting down');
    // Nothing is exported any more: peers get a NOTIFICATION, not the withdrawals of what the
    // other protocols drop. Every protocol starts stopping, then each one finishes.
    this.stopping = true;
    const running = this.protos.filter((p) => p.state !== 'down');
    for (const p of running) this.stopBegin(p, 'Shutting down');
    for (const p of running) this.stopFinish(p, true);
    this.exited = true;
    this.syncListener();
    this.machine.daemons.delete(`bird:${this.socketPath}`);
    // A clean shutdown unlinks the control socket.
    vfsUnlink(this.machine, this.socketPath);
    this.logLine('FATAL', 'Shutdown completed');
    this.w.changed();
  }

  /**
   * `configure`: a protocol whose options (and filters) did not change keeps running, a static
   * one takes its new routes in place; the others restart and those gone from the file stop.
   * False while a protocol that stops or restarts is still going down: "Reconfiguration in progress".
   */
  reconfigure(cfg: BirdConfig): boolean {
    this.logLine('INFO', 'Reconfiguring');
    const old = this.cfg;
    this.cfg = cfg;
    this.reconfigured = this.w.sched.now;
    let done = true;
    const kept = new Map<string, ProtoRun>();
    for (const p of this.protos) {
      const c = cfg.protocols.find((q) => q.name === p.cfg.name && q.type === p.cfg.type);
      if (c && sameProto(p.cfg, old, c, cfg)) {
        if (p.state === 'up') this.restatic(p, c);
        p.cfg = c;
        kept.set(c.name, p);
        continue;
      }
      // Its routes leave the table at the next turn of the loop: the new configuration is not
      // fully in force when the command answers.
      if (p.state !== 'down') done = false;
      // Cease: other configuration change (6), or peer de-configured (3) when it is gone.
      this.stopProto(p, false, 'Reconfigured', c ? 6 : 3);
    }
    this.protos.length = 0;
    for (const c of cfg.protocols) {
      const p = kept.get(c.name);
      if (p) this.protos.push(p);
      else {
        const run = this.newRun(c);
        this.protos.push(run);
        this.log('TRACE', run, 'Initializing');
        if (!run.disabled) this.startProto(run);
      }
    }
    this.syncListener();
    this.logLine('INFO', 'Reconfigured');
    return done;
  }

  /** static_reconfigure(): routes that changed are withdrawn or announced anew. */
  private restatic(p: ProtoRun, c: ProtoConfig): void {
    const key = (r: ProtoConfig['routes'][number]) => JSON.stringify(r);
    const now = new Set(c.routes.map(key));
    for (const r of p.cfg.routes) if (!now.has(key(r))) this.announce(p, r.net, undefined);
    const before = new Set(p.cfg.routes.map(key));
    for (const r of c.routes)
      if (!before.has(key(r))) this.announce(p, r.net, this.staticRte(p, r));
  }

  // --- logging ---

  logLine(cls: 'TRACE' | 'INFO' | 'RMT' | 'FATAL' | 'ERR', msg: string): void {
    this.logSink?.(`${birdDateTime(this.w.sched.now)} <${cls}> ${msg}\n`);
  }

  /** A protocol's line; TRACE ones only with `debug { states }` (Calico's template sets it). */
  log(cls: 'TRACE' | 'INFO' | 'RMT', p: ProtoRun, msg: string): void {
    if (cls !== 'TRACE' || p.cfg.debugStates) this.logLine(cls, `${p.cfg.name}: ${msg}`);
  }

  setState(p: ProtoRun, state: ProtoState): void {
    if (p.state === state) return;
    p.state = state;
    p.since = this.w.sched.now;
    this.log('TRACE', p, `State changed to ${state}`);
    this.w.changed();
  }

  // --- protocols ---

  startProto(p: ProtoRun): void {
    this.log('TRACE', p, 'Starting');
    // proto_start() takes the protocol's main route source: ids follow the start order.
    this.srcId(p.cfg.name);
    // A protocol that starts again counts its routes afresh (the channel's stats are reset).
    p.stats = emptyStats();
    switch (p.cfg.type) {
      case 'bgp':
        p.bgp = new BgpProto(this, p);
        this.setState(p, 'start');
        this.syncListener();
        p.bgp.start();
        return;
      case 'kernel':
        this.setState(p, 'up');
        // The channel exports at once (each change counts in the stats); the feed of the whole
        // table and the first scan come at the next turn of BIRD's loop, events before timers.
        p.timer = this.w.sched.after(0, () => {
          for (const list of this.rib.walk()) this.exportTo(p, list[0].net, list[0], undefined);
          kernelScan(this, p, true);
        });
        return;
      case 'device':
        this.setState(p, 'up');
        return;
      case 'direct':
        this.setState(p, 'up');
        // BIRD feeds the interfaces to a protocol that came up from an event: next loop turn.
        p.timer = this.w.sched.after(0, () => directStart(this, p));
        return;
      case 'static':
        this.setState(p, 'up');
        for (const r of p.cfg.routes) this.announce(p, r.net, this.staticRte(p, r));
        return;
    }
  }

  /** `cease`: the subcode a BGP session's NOTIFICATION carries (administrative shutdown). */
  stopProto(p: ProtoRun, shutdown: boolean, why: string, cease?: number): void {
    if (p.state === 'down') return;
    this.stopBegin(p, why, cease);
    this.stopFinish(p, shutdown);
  }

  private stopBegin(p: ProtoRun, why: string, cease?: number): void {
    this.log('TRACE', p, why);
    if (p.timer !== undefined) this.w.sched.cancel(p.timer);
    p.timer = undefined;
    if (p.bgp) p.bgp.stop(cease);
    if (p.state === 'up' || p.state === 'start') this.setState(p, p.bgp ? 'stop' : 'flush');
  }

  private stopFinish(p: ProtoRun, shutdown: boolean): void {
    if (p.bgp) this.setState(p, 'flush');
    this.withdrawAll(p.cfg.name);
    if (p.cfg.type === 'kernel' && !(shutdown && p.cfg.persist)) {
      for (const r of p.exported.values()) kernelRemove(this, p, r);
    }
    if (p.cfg.type === 'kernel' || shutdown) p.exported.clear();
    this.setState(p, 'down');
    if (p.bgp) this.syncListener();
  }

  /** Withdraws every route `proto` put into the table. */
  withdrawAll(proto: string): void {
    for (const list of this.rib.walk()) {
      const r = list.find((x) => x.proto === proto);
      if (r) this.announce(this.byName(proto), r.net, undefined);
    }
  }

  byName(name: string): ProtoRun {
    const p = this.protos.find((q) => q.cfg.name === name);
    if (!p) throw new Error(`no protocol ${name}`);
    return p;
  }

  /** A source id of its own (each route a kernel scan learns has one). */
  uniqueSrcId(proto: string): number {
    return this.srcId(proto, -this.nextSrcId);
  }

  /** The global id of a route source (protocol + path id), allocated on first use. */
  srcId(proto: string, pathId = 0): number {
    const key = `${proto}#${pathId}`;
    let id = this.srcIds.get(key);
    if (id === undefined) {
      id = this.nextSrcId++;
      this.srcIds.set(key, id);
    }
    return id;
  }

  preference(p: ProtoRun): number {
    return p.cfg.channel?.preference ?? DEFAULT_PREFERENCE[p.cfg.type];
  }

  private staticRte(p: ProtoRun, r: ProtoConfig['routes'][number]): Rte | undefined {
    const base = {
      net: r.net,
      proto: p.cfg.name,
      preference: this.preference(p),
      srcId: this.srcId(p.cfg.name),
      since: this.w.sched.now,
      source: 'RTS_STATIC' as const,
    };
    if (r.kind !== 'via') return { ...base, dest: r.kind, gw: undefined, dev: undefined };
    const dev = this.connectedDev(r.via);
    if (!dev) return undefined;
    return { ...base, dest: 'unicast', gw: r.via, dev };
  }

  /** The up interface whose network holds `addr` (a neighbor BIRD can reach directly). */
  connectedDev(addr: number): string | undefined {
    for (const d of this.ns.devices) {
      if (!d.adminUp) continue;
      if (d.addrs.some((a) => a.len < 32 && networkOf(a.addr, a.len) === networkOf(addr, a.len))) {
        return d.name;
      }
    }
    return undefined;
  }

  // --- the table and the exports ---

  /** `proto` offers `rte` (undefined: withdraws) for `net` through its import filter. */
  announce(p: ProtoRun, net: Prefix, rte: Rte | undefined): void {
    const before = this.rib.best(net);
    const had = this.rib.routes(net).some((r) => r.proto === p.cfg.name);
    if (rte) {
      p.stats.impUpdReceived++;
      const v = this.filter(p.cfg.channel?.importFilter, rte);
      if (v === 'reject') {
        p.stats.impUpdFiltered++;
        if (!had) return;
        rte = undefined;
      } else p.stats.impUpdAccepted++;
    } else {
      if (!had) return;
      p.stats.impWdReceived++;
      p.stats.impWdAccepted++;
    }
    this.rib.update(net, p.cfg.name, rte);
    const after = this.rib.best(net);
    if (after !== before) this.exportChange(net, after, before);
    this.w.changed();
  }

  /** The best route for `net` changed: offer it to every exporting protocol. */
  private exportChange(net: Prefix, best: Rte | undefined, old: Rte | undefined): void {
    if (this.stopping) return;
    for (const p of this.protos) {
      if (p.state !== 'up' || (p.cfg.type !== 'kernel' && p.cfg.type !== 'bgp')) continue;
      this.exportTo(p, net, best, old);
    }
  }

  exportTo(p: ProtoRun, net: Prefix, best: Rte | undefined, old: Rte | undefined): void {
    const key = netKey(net);
    const was = p.exported.get(key);
    let take: Rte | undefined;
    if (best) {
      p.stats.expUpdReceived++;
      if (best.proto === p.cfg.name || (p.bgp && !p.bgp.mayExport(best))) {
        p.stats.expUpdRejected++;
      } else if (this.filter(p.cfg.channel?.exportFilter, best) === 'reject') {
        p.stats.expUpdFiltered++;
      } else {
        p.stats.expUpdAccepted++;
        take = best;
      }
    } else if (old) p.stats.expWdReceived++;
    if (!take && !was) return;
    if (!take) p.stats.expWdAccepted++;
    if (take) p.exported.set(key, take);
    else p.exported.delete(key);
    if (p.cfg.type === 'kernel') {
      if (was) kernelRemove(this, p, was);
      if (take) kernelInstall(this, p, take);
    } else p.bgp?.send(net, take);
  }

  filter(spec: FilterSpec | undefined, r: Rte): Verdict {
    if (!spec || spec.kind === 'all') return 'accept';
    if (spec.kind === 'none') return 'reject';
    const body = spec.kind === 'inline' ? spec.body : (this.cfg.filters.get(spec.name) ?? []);
    const fr: FilterRoute = {
      net: r.net,
      source: r.source,
      proto: r.proto,
      dest: `RTD_${r.dest.toUpperCase()}`,
    };
    return runFilter(body, fr, this.cfg.functions);
  }
}

/** Would BIRD keep `a` running under the new configuration `b`? Static routes may differ. */
function sameProto(a: ProtoConfig, ac: BirdConfig, b: ProtoConfig, bc: BirdConfig): boolean {
  const body = (c: BirdConfig, f: FilterSpec | undefined) =>
    f?.kind === 'named' ? c.filters.get(f.name) : f;
  const shape = (p: ProtoConfig, c: BirdConfig) =>
    JSON.stringify({
      ...p,
      routes: p.type === 'static' ? [] : p.routes,
      imp: body(c, p.channel?.importFilter),
      exp: body(c, p.channel?.exportFilter),
    });
  return shape(a, ac) === shape(b, bc);
}
