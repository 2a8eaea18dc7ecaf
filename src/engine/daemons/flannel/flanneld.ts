/**
 * flanneld (flannel-io/flannel main.go with the etcd subnet manager) as processes on a machine's
 * virtual clock: it reads `<prefix>/config` from etcd, leases a subnet by creating
 * `<prefix>/subnets/<a.b.c.d>-<len>` (prevExist=false, TTL 24 h) or reuses the lease of its
 * public IP, renews it an hour before it expires, writes /run/flannel/subnet.env, and WATCHes
 * `<prefix>/subnets`: every lease that appears or goes (set, expire, delete) is programmed into
 * the kernel by the backend (backends.ts) — C09, C13.
 *
 * Processes: `main` (start-up, then the watch loop), `renew` (the lease), and for the udp
 * backend `datapath` (the TUN ⇄ UDP proxy). They run detached from the shell that started them,
 * as under systemd; the log goes to /var/log/flanneld.log in klog format.
 *
 * Left out: the kube subnet manager, IPv6, etcd TLS/auth, healthz, blackhole routes, the
 * `Batch elem [i] is { … }` dump of each watch batch, SIGTERM (there is no `kill` in the lab).
 */
import type { NetDevice } from '../../kernel/device';
import { formatIpv4, type Ipv4, networkOf, parseIpv4, parsePrefix } from '../../kernel/inet';
import type { Machine } from '../../kernel/machine';
import type { Netns } from '../../kernel/netns';
import { newSockHolder, type SockHolder } from '../../kernel/sock-procs';
import type { World } from '../../kernel/world';
import { type Park, Proc, type ProcBody, type Resume, sleep } from '../../shell/process';
import type { EtcdClient, EtcdNode, EtcdResult } from '../etcd/contract';
import { iptablesArgv } from '../iptables-apply';
import { type Backend, type BackendHost, makeBackend } from './backends';
import {
  type Lease,
  leaseValue,
  type NetworkConfig,
  parseLease,
  parseNetworkConfig,
  subnetEnv,
  subnetKeyName,
} from './config';
import { etcdConnectFor } from './etcd-link';
import { goTime, klogLine, type Severity } from './klog';

export const FLANNELD = 'flanneld';
export const FLANNELD_LOG = '/var/log/flanneld.log';
export const DEFAULT_SUBNET_FILE = '/run/flannel/subnet.env';
/** pkg/subnet/etcd: subnetTTL. */
const LEASE_TTL_S = 24 * 3600;
const SECOND = 1_000_000;

export interface FlanneldOptions {
  etcdEndpoints: string[];
  etcdPrefix: string;
  iface: string[];
  publicIp: string;
  ipMasq: boolean;
  subnetFile: string;
  /** --subnet-lease-renew-margin, minutes. */
  renewMargin: number;
  iptablesForwardRules: boolean;
  /** klog -v. */
  verbosity: number;
}

export const DEFAULT_OPTIONS: FlanneldOptions = {
  etcdEndpoints: ['http://127.0.0.1:4001', 'http://127.0.0.1:2379'],
  etcdPrefix: '/coreos.com/network',
  iface: [],
  publicIp: '',
  ipMasq: false,
  subnetFile: DEFAULT_SUBNET_FILE,
  renewMargin: 60,
  iptablesForwardRules: true,
  verbosity: 0,
};

/** etcd's error as the v2 client prints it: `100: Key not found (/coreos.com/network/config) [7]`. */
function etcdError(r: EtcdResult): string {
  if (r.ok) return '';
  if (r.errorCode === 0) return r.message;
  return `${r.errorCode}: ${r.message} (${r.cause}) [${r.index}]`;
}

const ADDED = new Set(['set', 'create', 'update', 'compareAndSwap']);
const REMOVED = new Set(['delete', 'expire', 'compareAndDelete']);

export class Flanneld {
  readonly machine: Machine;
  readonly w: World;
  readonly ns: Netns;
  readonly opts: FlanneldOptions;
  readonly pid: number;
  /** The process holding flanneld's sockets (ss shows `pid` for them). */
  readonly holder: SockHolder;
  cfg: NetworkConfig | undefined;
  own: Lease | undefined;
  backend: Backend | undefined;
  /** Peer leases by subnet key name, as programmed. */
  readonly peers = new Map<string, Lease>();
  exited = false;
  private readonly procs: Proc[] = [];
  private publicIp: Ipv4 = 0;
  /** Virtual time our lease expires. */
  private expiresAt = 0;

  private constructor(machine: Machine, w: World, ns: Netns, opts: FlanneldOptions) {
    this.machine = machine;
    this.w = w;
    this.ns = ns;
    this.opts = opts;
    this.pid = 1000 + machine.rng.below(30000);
    this.holder = newSockHolder(machine);
  }

  /** Start flanneld on `machine` (its `ns`, normally the root one). */
  static start(machine: Machine, w: World, ns: Netns, opts: FlanneldOptions): Flanneld {
    const d = new Flanneld(machine, w, ns, opts);
    machine.daemons.set(FLANNELD, d);
    machine.files.set(FLANNELD_LOG, machine.files.get(FLANNELD_LOG) ?? '');
    d.spawn((wake) => d.main(wake));
    return d;
  }

  /** The machine's running flanneld, if any. */
  static running(machine: Machine): Flanneld | undefined {
    const d = machine.daemons.get(FLANNELD);
    return d instanceof Flanneld && !d.exited ? d : undefined;
  }

  /** Append one klog line to /var/log/flanneld.log (`v` > -v: not logged). */
  log(sev: Severity, where: string, msg: string, v = 0): void {
    if (v > this.opts.verbosity) return;
    const line = klogLine(this.w.sched.now, sev, this.pid, where, msg);
    this.machine.files.set(FLANNELD_LOG, (this.machine.files.get(FLANNELD_LOG) ?? '') + line);
  }

  /** Stop every process and close the backend's devices (a non-persistent TUN goes away). */
  stop(code = 0): number {
    if (this.exited) return code;
    this.exited = true;
    this.backend?.stop();
    for (const p of this.procs) if (!p.finished) p.signal('INT');
    this.w.changed();
    return code;
  }

  private spawn(body: (wake: () => void) => ProcBody): void {
    let proc: Proc | undefined;
    const wake = () => proc?.wake();
    proc = new Proc(
      this.w.sched,
      body(wake),
      () => {},
      (error) => {
        this.log(
          'F',
          'main.go:1',
          `panic: ${error instanceof Error ? error.message : String(error)}`,
        );
        this.stop(2);
      },
    );
    this.procs.push(proc);
    proc.start();
  }

  private connect(wake: () => void): EtcdClient {
    return etcdConnectFor(this.machine)(
      this.w,
      this.ns,
      this.opts.etcdEndpoints,
      wake,
      this.holder,
    );
  }

  private key(rest: string): string {
    return `${this.opts.etcdPrefix.replace(/\/$/, '')}/${rest}`;
  }

  private cliFlags(): string {
    const o = this.opts;
    return (
      `{etcdEndpoints:${o.etcdEndpoints.join(',')} etcdPrefix:${o.etcdPrefix} etcdKeyfile: etcdCertfile: etcdCAFile: etcdUsername: etcdPassword: ` +
      `version:false kubeSubnetMgr:false kubeApiUrl: kubeAnnotationPrefix:flannel.alpha.coreos.com kubeConfigFile: ` +
      `iface:[${o.iface.join(' ')}] ifaceRegex:[] ipMasq:${o.ipMasq} ifaceCanReach: subnetFile:${o.subnetFile} ` +
      `publicIP:${o.publicIp} publicIPv6: subnetLeaseRenewMargin:${o.renewMargin} healthzIP:0.0.0.0 healthzPort:0 ` +
      `iptablesResyncSeconds:5 iptablesForwardRules:${o.iptablesForwardRules} netConfPath:/etc/kube-flannel/net-conf.json setNodeNetworkUnavailable:true}`
    );
  }

  /** FLANNEL_SUBNET of a subnet file left by an earlier run (main.go ReadCIDRFromSubnetFile). */
  private previousSubnet(): { addr: Ipv4; len: number } | undefined {
    const text = this.machine.files.get(this.opts.subnetFile) ?? '';
    const m = /^FLANNEL_SUBNET=(\S+)$/m.exec(text);
    const p = m ? parsePrefix(m[1]) : undefined;
    return p ? { addr: networkOf(p.addr, p.len), len: p.len } : undefined;
  }

  private *main(wake: () => void): ProcBody {
    const etcd = this.connect(wake);
    const now = () => this.w.sched.now;
    const prev = this.previousSubnet();
    this.log('I', 'main.go:229', `CLI flags config: ${this.cliFlags()}`);
    this.log(
      'I',
      'main.go:255',
      `Created subnet manager: Etcd Local Manager with Previous Subnet: ${prev ? `${formatIpv4(prev.addr)}/${prev.len}` : 'None'}`,
    );
    this.log('I', 'main.go:258', 'Installing signal handlers');

    // getConfig: retry every second until it succeeds.
    let cfg: NetworkConfig | undefined;
    while (!cfg) {
      const r = yield* etcd.get(this.key('config'));
      if (r.ok && r.node.value !== undefined) {
        const parsed = parseNetworkConfig(r.node.value);
        if (parsed.ok) cfg = parsed.value;
        else this.log('E', 'main.go:536', `Couldn't fetch network config: ${parsed.error}`);
      } else {
        this.log('E', 'main.go:536', `Couldn't fetch network config: ${etcdError(r)}`);
      }
      if (!cfg) yield* sleep(now, SECOND);
    }
    this.cfg = cfg;
    this.log('I', 'main.go:540', `Found network config - Backend type: ${cfg.backend}`);

    const ext = this.lookupExtIface();
    if (typeof ext === 'string') {
      this.log('E', 'main.go:328', `Failed to find any valid interface to use: ${ext}`);
      return this.stop(1);
    }
    this.publicIp = ext.publicIp;

    const host: BackendHost = {
      w: this.w,
      ns: this.ns,
      cfg,
      extDev: ext.dev,
      publicIp: ext.publicIp,
      log: (sev, where, msg, v) => this.log(sev, where, msg, v),
      holder: this.holder,
    };
    const backend = makeBackend(host);
    this.backend = backend;
    const prepared = backend.prepare();
    if (prepared !== undefined) {
      this.log('E', 'main.go:384', `Error registering network: ${prepared}`);
      return this.stop(1);
    }
    const own = yield* this.acquireLease(etcd, cfg, backend, prev);
    if (typeof own === 'string') {
      this.log('E', 'main.go:384', `Error registering network: failed to acquire lease: ${own}`);
      return this.stop(1);
    }
    this.own = own;
    const configured = backend.configure(own);
    if (configured !== undefined) {
      this.log('E', 'main.go:384', `Error registering network: ${configured}`);
      return this.stop(1);
    }

    this.setUpIptables(cfg, own);
    this.machine.files.set(
      this.opts.subnetFile,
      subnetEnv(cfg, own, backend.mtu(), this.opts.ipMasq),
    );
    this.log('I', 'main.go:481', `Wrote subnet file to ${this.opts.subnetFile}`);
    this.log('I', 'main.go:484', 'flannel is ready');
    this.log('I', 'main.go:488', 'Running backend.');
    this.w.changed();
    if (backend.dataPath) {
      const dataPath = backend.dataPath.bind(backend);
      this.spawn((wakeData) => dataPath(wakeData));
    }
    this.spawn((wakeRenew) => this.renew(wakeRenew));
    this.log('I', backend.watching[0], backend.watching[1]);
    return yield* this.watchLeases(etcd);
  }

  /** ipmatch.LookupExtIface: `--iface` names, else the default route's device. */
  private lookupExtIface(): { dev: NetDevice; publicIp: Ipv4 } | string {
    let dev: NetDevice | undefined;
    if (this.opts.iface.length > 0) {
      for (const name of this.opts.iface) {
        dev = this.ns.byName(name);
        if (dev) break;
        this.log(
          'I',
          'main.go:336',
          `Could not find valid interface matching ${name}: error looking up interface ${name}: route ip+net: no such network interface`,
        );
      }
      if (!dev)
        return 'Failed to find interface to use that matches the interfaces and/or regexes provided';
    } else {
      this.log('I', 'match.go:211', 'Determining IP address of default interface');
      dev = this.ns.fib.all().find((r) => r.dst === 0 && r.len === 0 && r.dev)?.dev;
      if (!dev) return 'failed to get default interface: Unable to find default route';
    }
    const addr = dev.addrs.find((a) => !a.secondary)?.addr;
    if (addr === undefined) return `failed to find IPv4 address for interface ${dev.name}`;
    this.log(
      'I',
      'match.go:269',
      `Using interface with name ${dev.name} and address ${formatIpv4(addr)}`,
    );
    let publicIp = addr;
    const given = this.opts.publicIp === '' ? undefined : parseIpv4(this.opts.publicIp);
    if (given !== undefined) publicIp = given;
    else
      this.log(
        'I',
        'match.go:291',
        `Defaulting external address to interface address (${formatIpv4(addr)})`,
      );
    return { dev, publicIp };
  }

  /** The leases under `<prefix>/subnets` and etcd's index (registry.go getSubnets). */
  private *listLeases(
    etcd: EtcdClient,
  ): Generator<Park, { leases: Lease[]; index: number } | string, Resume> {
    const r = yield* etcd.get(this.key('subnets'), { recursive: true });
    if (!r.ok) return r.errorCode === 100 ? { leases: [], index: r.index } : etcdError(r);
    const leases: Lease[] = [];
    for (const n of r.node.nodes ?? []) {
      const l = parseLease(n.key, n.value);
      if (l) leases.push(l);
      else this.log('W', 'registry.go:191', `Ignoring bad subnet node: ${n.key}`);
    }
    return { leases, index: r.index };
  }

  /** LocalManager.AcquireLease: reuse our IP's lease, else the previous subnet, else a free one. */
  private *acquireLease(
    etcd: EtcdClient,
    cfg: NetworkConfig,
    backend: Backend,
    prev: { addr: Ipv4; len: number } | undefined,
  ): Generator<Park, Lease | string, Resume> {
    const value = leaseValue(this.publicIp, backend.type, backend.backendData());
    const attrs = parseLease(`${subnetKeyName(0, 0)}`, value);
    const compat = (s: Ipv4, len: number) =>
      len === cfg.subnetLen && networkOf(s, cfg.prefixLen) === cfg.network;
    for (let attempt = 0; attempt < 10; attempt++) {
      const listed = yield* this.listLeases(etcd);
      if (typeof listed === 'string') return listed;
      const mine = listed.leases.find((l) => l.publicIp === this.publicIp);
      const pub = formatIpv4(this.publicIp);
      if (mine && compat(mine.subnet, mine.len)) {
        this.log(
          'I',
          'local_manager.go:158',
          `Found lease (ip: ${formatIpv4(mine.subnet)}/${mine.len} ipv6: ::/0) for current IP (${pub}), reusing`,
        );
        const r = yield* etcd.set(
          this.key(`subnets/${subnetKeyName(mine.subnet, mine.len)}`),
          value,
          {
            ttl: LEASE_TTL_S,
          },
        );
        if (!r.ok) return etcdError(r);
        this.leased(r.node);
        return { ...(attrs as Lease), subnet: mine.subnet, len: mine.len };
      }
      if (mine) {
        this.log(
          'I',
          'local_manager.go:174',
          `Found lease (${formatIpv4(mine.subnet)}/${mine.len}) for current IP (${pub}) but not compatible with current config, deleting`,
        );
        yield* etcd.rm(this.key(`subnets/${subnetKeyName(mine.subnet, mine.len)}`));
      }
      const taken = (s: Ipv4) =>
        listed.leases.some(
          (l) =>
            networkOf(s, Math.min(l.len, cfg.subnetLen)) ===
            networkOf(l.subnet, Math.min(l.len, cfg.subnetLen)),
        );
      let subnet: Ipv4 | undefined;
      if (prev && !taken(prev.addr)) {
        if (compat(prev.addr, prev.len)) {
          this.log(
            'I',
            'local_manager.go:189',
            `Found previously leased subnet (${formatIpv4(prev.addr)}/${prev.len}), reusing`,
          );
          subnet = prev.addr;
        } else {
          this.log(
            'E',
            'local_manager.go:193',
            `Found previously leased subnet (${formatIpv4(prev.addr)}/${prev.len}) that is not compatible with the Etcd network config, ignoring`,
          );
        }
      }
      if (subnet === undefined) {
        this.log(
          'I',
          'local_manager.go:226',
          `Picking subnet in range ${formatIpv4(cfg.subnetMin)} ... ${formatIpv4(cfg.subnetMax)}`,
        );
        const size = 2 ** (32 - cfg.subnetLen);
        const free: Ipv4[] = [];
        for (let s = cfg.subnetMin; s <= cfg.subnetMax && free.length < 100; s += size) {
          if (!taken(s)) free.push(s);
        }
        if (free.length === 0) return 'out of subnets';
        subnet = free[this.machine.rng.below(free.length)];
      }
      const r = yield* etcd.set(
        this.key(`subnets/${subnetKeyName(subnet, cfg.subnetLen)}`),
        value,
        {
          ttl: LEASE_TTL_S,
          prevExist: false,
        },
      );
      if (!r.ok && r.errorCode === 105) continue; // lost a race: try again
      if (!r.ok) return etcdError(r);
      this.log(
        'I',
        'local_manager.go:209',
        `Allocated lease (ip: ${formatIpv4(subnet)}/${cfg.subnetLen} ipv6: ::/0) to current node (${pub}) `,
      );
      this.leased(r.node);
      return { ...(attrs as Lease), subnet, len: cfg.subnetLen };
    }
    return 'failed to acquire lease: too many retries';
  }

  private leased(node: EtcdNode): void {
    this.expiresAt = this.w.sched.now + (node.ttl ?? LEASE_TTL_S) * SECOND;
  }

  /** CompleteLease: renew `renewMargin` minutes before the lease expires. */
  private *renew(wake: () => void): ProcBody {
    const etcd = this.connect(wake);
    const now = () => this.w.sched.now;
    const own = this.own;
    const backend = this.backend;
    if (!own || !backend) return 1;
    const key = this.key(`subnets/${subnetKeyName(own.subnet, own.len)}`);
    const value = leaseValue(this.publicIp, backend.type, backend.backendData());
    for (;;) {
      const at = this.expiresAt - this.opts.renewMargin * 60 * SECOND;
      if (at > now()) yield* sleep(now, at - now());
      if (this.exited) return 0;
      const r = yield* etcd.set(key, value, { ttl: LEASE_TTL_S, prevExist: true });
      if (!r.ok) {
        this.log(
          'E',
          'local_manager.go:382',
          `Error renewing lease (trying again in 1 min): ${etcdError(r)}`,
        );
        yield* sleep(now, 60 * SECOND);
        continue;
      }
      this.leased(r.node);
      this.log(
        'I',
        'local_manager.go:387',
        `Lease renewed, new expiration: ${goTime(this.expiresAt)}`,
      );
    }
  }

  /** WatchLeases: a snapshot (Reset) then one event at a time from etcd's index. */
  private *watchLeases(etcd: EtcdClient): ProcBody {
    const now = () => this.w.sched.now;
    let index = yield* this.reset(etcd);
    for (;;) {
      if (this.exited) return 0;
      if (index === undefined) {
        yield* sleep(now, SECOND);
        index = yield* this.reset(etcd);
        continue;
      }
      const r = yield* etcd.watch(this.key('subnets'), { recursive: true, waitIndex: index + 1 });
      if (this.exited) return 0;
      if (!r.ok) {
        if (r.errorCode === 401) {
          this.log(
            'W',
            'registry.go:376',
            'Watch of subnet leases failed because etcd index outside history window',
          );
        } else {
          this.log('W', 'registry.go:387', `Watch of subnet failed with error ${etcdError(r)}`);
          yield* sleep(now, SECOND);
        }
        index = yield* this.reset(etcd);
        continue;
      }
      index = Math.max(index + 1, r.node.modifiedIndex);
      if (this.handleEvent(r.action, r.node, r.prevNode)) return this.stop(1);
    }
  }

  /** LeaseWatcher.Reset: program what the snapshot adds, unprogram what it lacks. */
  private *reset(etcd: EtcdClient): Generator<Park, number | undefined, Resume> {
    const listed = yield* this.listLeases(etcd);
    if (typeof listed === 'string') {
      this.log('E', 'subnet.go:123', `could not watch leases: ${listed}`);
      return undefined;
    }
    const seen = new Set<string>();
    for (const l of listed.leases) {
      const name = subnetKeyName(l.subnet, l.len);
      if (this.isOwn(l)) continue;
      seen.add(name);
      const had = this.peers.get(name);
      if (had && JSON.stringify(had) === JSON.stringify(l)) continue;
      this.peers.set(name, l);
      this.backend?.added(l);
    }
    for (const [name, l] of [...this.peers]) {
      if (seen.has(name)) continue;
      this.peers.delete(name);
      this.backend?.removed(l);
    }
    return listed.index;
  }

  private isOwn(l: { subnet: Ipv4; len: number }): boolean {
    return this.own !== undefined && l.subnet === this.own.subnet && l.len === this.own.len;
  }

  /** One etcd event; true when our own lease was revoked (flanneld exits). */
  private handleEvent(action: string, node: EtcdNode, prevNode: EtcdNode | undefined): boolean {
    if (ADDED.has(action)) {
      const l = parseLease(node.key, node.value);
      if (!l) return false;
      if (this.isOwn(l)) {
        this.leased(node);
        return false;
      }
      const name = subnetKeyName(l.subnet, l.len);
      const had = this.peers.get(name);
      if (had && JSON.stringify(had) === JSON.stringify(l)) return false; // a renewal
      this.peers.set(name, l);
      this.backend?.added(l);
      return false;
    }
    if (REMOVED.has(action)) {
      const l = parseLease(node.key, prevNode?.value ?? node.value);
      const sn =
        l ??
        (this.own && node.key.endsWith(subnetKeyName(this.own.subnet, this.own.len))
          ? this.own
          : undefined);
      if (sn && this.isOwn(sn)) {
        this.log('E', 'local_manager.go:402', 'Lease has been revoked. Shutting down daemon.');
        return true;
      }
      if (!l) return false;
      const name = subnetKeyName(l.subnet, l.len);
      const had = this.peers.get(name) ?? l;
      this.peers.delete(name);
      this.backend?.removed(had);
    }
    return false;
  }

  /** The traffic manager (pkg/trafficmngr/iptables): FORWARD policy and rules, masquerading. */
  private setUpIptables(cfg: NetworkConfig, own: Lease): void {
    const cluster = `${formatIpv4(cfg.network)}/${cfg.prefixLen}`;
    const pod = `${formatIpv4(own.subnet)}/${own.len}`;
    this.log('I', 'main.go:392', 'Cleaning-up unused traffic manager rules');
    this.log('I', 'iptables.go:59', 'Cleaning-up iptables rules...');
    this.log('I', 'iptables.go:50', 'Starting flannel in iptables mode...');
    const apply = (rules: string[][]) => {
      for (const argv of rules) {
        const failed = iptablesArgv(this.ns, argv);
        if (failed !== undefined) {
          this.log('E', 'iptables.go:393', `Failed to ensure iptables rules: ${failed}`);
        }
      }
    };
    const w = (text: string) => text.split(' ');
    if (this.opts.ipMasq) {
      this.log('I', 'iptables.go:111', 'Setting up masking rules');
      const c = ['-m', 'comment', '--comment', 'flanneld masq'];
      apply([
        w('-t nat -N FLANNEL-POSTRTG'),
        [...w('-t nat -A POSTROUTING'), ...c, ...w('-j FLANNEL-POSTRTG')],
        [...w('-t nat -A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000'), ...c, ...w('-j RETURN')],
        [...w(`-t nat -A FLANNEL-POSTRTG -s ${pod} -d ${cluster}`), ...c, ...w('-j RETURN')],
        [...w(`-t nat -A FLANNEL-POSTRTG -s ${cluster} -d ${pod}`), ...c, ...w('-j RETURN')],
        [...w(`-t nat -A FLANNEL-POSTRTG ! -s ${cluster} -d ${pod}`), ...c, ...w('-j RETURN')],
        [
          ...w(`-t nat -A FLANNEL-POSTRTG -s ${cluster} ! -d 224.0.0.0/4`),
          ...c,
          ...w('-j MASQUERADE --random-fully'),
        ],
        [
          ...w(`-t nat -A FLANNEL-POSTRTG ! -s ${cluster} -d ${cluster}`),
          ...c,
          ...w('-j MASQUERADE --random-fully'),
        ],
      ]);
    }
    if (this.opts.iptablesForwardRules) {
      this.log('I', 'iptables.go:212', 'Changing default FORWARD chain policy to ACCEPT');
      const c = ['-m', 'comment', '--comment', 'flanneld forward'];
      apply([
        w('-t filter -P FORWARD ACCEPT'),
        w('-t filter -N FLANNEL-FWD'),
        [...w('-t filter -A FORWARD'), ...c, ...w('-j FLANNEL-FWD')],
        [...w(`-t filter -A FLANNEL-FWD -s ${cluster}`), ...c, ...w('-j ACCEPT')],
        [...w(`-t filter -A FLANNEL-FWD -d ${cluster}`), ...c, ...w('-j ACCEPT')],
      ]);
    }
  }
}
