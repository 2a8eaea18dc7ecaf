/**
 * dockerd with libnetwork's default bridge driver, as Docker 20.10–24 sets up a host: the
 * `docker0` bridge, ip_forward, its iptables chains, and per container an unnamed network
 * namespace joined to the bridge by a veth pair (host end `vethXXXXXXX`, container end renamed
 * `eth0`), an address from the bridge subnet with a MAC derived from it, and a default route via
 * the bridge. It acts on the kernel only as a process would: rtnl calls (netlink), iptables
 * command lines (iptables.ts) and /proc/sys writes.
 *
 * Published TCP ports also get a docker-proxy (docker-proxy.ts) for the host's own connections.
 *
 * Not modelled: user-defined networks (so `--ip` is refused as Docker refuses it on the
 * default bridge), IPv6, restart policies, image pulls (images.ts). Containers' programs (nginx.ts) bind their ports through
 * the kernel's TCP sockets, so `--net=host` port conflicts are the kernel's EADDRINUSE.
 */

import type { NetDevice } from '../../kernel/device';
import { PROTO, SCOPE, TABLE } from '../../kernel/fib';
import { formatIpv4, type Ipv4, type Mac, networkOf, parsePrefix } from '../../kernel/inet';
import type { Machine } from '../../kernel/machine';
import type { Netns } from '../../kernel/netns';
import { writeSysctl } from '../../kernel/procfs';
import {
  addrAdd,
  linkAdd,
  linkDel,
  linkSetMac,
  linkSetMaster,
  linkSetNetns,
  linkSetUp,
  routeAdd,
} from '../../kernel/rtnl';
import { iptablesLine } from '../iptables-apply';
import { type DockerProxy, startDockerProxy } from './docker-proxy';
import type { Image } from './images';

export const DOCKERD = 'dockerd';
const BRIDGE = 'docker0';
const DEFAULT_BIP = '172.17.0.1/16';
const DEFAULT_MTU = 1500;
/** Where flanneld writes the subnet it leased for this host (docker's --bip/--mtu come from it). */
export const FLANNEL_SUBNET_ENV = '/run/flannel/subnet.env';

export interface DockerError {
  /** The whole stderr text, newline-terminated. */
  text: string;
  code: number;
}
export type DockerResult<T> = { ok: true; value: T } | { ok: false; error: DockerError };

export interface PortBinding {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  proto: 'tcp' | 'udp';
}

export type NetMode =
  | { kind: 'bridge' }
  | { kind: 'host' }
  | { kind: 'none' }
  | { kind: 'container'; id: string };

export interface Endpoint {
  ip: Ipv4;
  len: number;
  gateway: Ipv4;
  mac: Mac;
  hostVeth: string;
  endpointId: string;
}

export type ContainerState = 'created' | 'running' | 'exited';

export interface Container {
  id: string;
  name: string;
  /** The image as the user typed it (the IMAGE column). */
  imageRef: string;
  image: Image;
  /** The process: Path and Args as `docker inspect` shows them. */
  path: string;
  args: string[];
  created: number;
  startedAt?: number;
  finishedAt?: number;
  state: ContainerState;
  exitCode: number;
  pid: number;
  netMode: NetMode;
  /** The namespace the container's processes are in while it runs. */
  netns?: Netns;
  /** Set when this container created `netns` (bridge and none modes). */
  ownsNetns: boolean;
  endpoint?: Endpoint;
  sandboxId: string;
  ports: PortBinding[];
  /** What `docker logs` prints: the main process's stdout and stderr. */
  logs: string;
  hostname: string;
  autoRemove: boolean;
}

export interface CreateOptions {
  name?: string;
  imageRef: string;
  image: Image;
  cmd: string[];
  net: NetMode;
  ports: PortBinding[];
  autoRemove: boolean;
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** moby/pkg/namesgenerator, a few of its words. */
const LEFT = [
  'admiring',
  'brave',
  'clever',
  'eager',
  'focused',
  'gifted',
  'happy',
  'jolly',
  'keen',
  'nostalgic',
  'quirky',
  'relaxed',
  'sharp',
  'vibrant',
  'wizardly',
  'zealous',
];
const RIGHT = [
  'babbage',
  'curie',
  'darwin',
  'euclid',
  'feynman',
  'galileo',
  'hopper',
  'kepler',
  'lovelace',
  'mccarthy',
  'noether',
  'pasteur',
  'ritchie',
  'shannon',
  'torvalds',
  'wozniak',
];

export class Dockerd {
  readonly machine: Machine;
  readonly containers = new Map<string, Container>();
  readonly bridgeNetworkId: string;
  readonly hostNetworkId: string;
  readonly noneNetworkId: string;
  readonly started: number;
  readonly gateway: Ipv4;
  readonly prefixLen: number;
  readonly mtu: number;
  /** --ip-masq (default true): Docker's MASQUERADE rule for the bridge subnet. */
  readonly ipMasq: boolean;
  /** Host ports taken by published ports: `tcp/0.0.0.0/8080`. */
  private readonly hostPorts = new Set<string>();
  /** The docker-proxy of each published TCP port, by container id. */
  private readonly proxies = new Map<string, DockerProxy[]>();
  private nextPid: number;

  private constructor(machine: Machine) {
    this.machine = machine;
    const rng = machine.rng;
    this.started = machine.now();
    const { bip, mtu, ipMasq } = bridgeConfig(machine);
    this.gateway = bip.addr;
    this.prefixLen = bip.len;
    this.mtu = mtu;
    this.ipMasq = ipMasq;
    this.bridgeNetworkId = this.randomId();
    this.hostNetworkId = this.randomId();
    this.noneNetworkId = this.randomId();
    this.nextPid = 1000 + rng.below(2000);
    this.setUpBridge();
    this.setUpIptables();
    // Docker turns forwarding on so containers reach out (it writes /proc/sys/net/ipv4/ip_forward).
    writeSysctl(machine.root, 'net.ipv4.ip_forward', '1');
  }

  /** The machine's dockerd, started on first use. */
  static of(machine: Machine): Dockerd {
    let d = machine.daemons.get(DOCKERD);
    if (!(d instanceof Dockerd)) {
      d = new Dockerd(machine);
      machine.daemons.set(DOCKERD, d);
      machine.world?.changed();
    }
    return d as Dockerd;
  }

  /** The machine's dockerd if it runs. */
  static running(machine: Machine): Dockerd | undefined {
    const d = machine.daemons.get(DOCKERD);
    return d instanceof Dockerd ? d : undefined;
  }

  get subnet(): string {
    return `${formatIpv4(networkOf(this.gateway, this.prefixLen))}/${this.prefixLen}`;
  }

  randomId(): string {
    return hex(this.machine.rng.fill(new Uint8Array(32)));
  }

  private setUpBridge(): void {
    const root = this.machine.root;
    if (root.byName(BRIDGE)) return;
    const br = linkAdd(root, { name: BRIDGE, kind: 'bridge', mtu: this.mtu });
    if (!br.ok) return;
    // libnetwork gives the bridge a random 02:42:xx:xx:xx:xx MAC of its own.
    const b = this.machine.rng.fill(new Uint8Array(4));
    linkSetMac(
      br.value,
      0x0242 * 2 ** 32 + (((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0),
    );
    // vishvananda/netlink AddrAdd fills in the broadcast address for IPv4.
    addrAdd(br.value, { addr: this.gateway, len: this.prefixLen, broadcast: 'auto' });
    linkSetUp(br.value, true);
  }

  /** The rules and chains of Docker 20.10–24 on the default bridge, in the order it adds them. */
  private setUpIptables(): void {
    const sub = this.subnet;
    for (const line of [
      '-t filter -N DOCKER',
      '-t filter -N DOCKER-ISOLATION-STAGE-1',
      '-t filter -N DOCKER-ISOLATION-STAGE-2',
      '-t filter -N DOCKER-USER',
      '-t nat -N DOCKER',
      '-t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
      '-t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
      ...(this.ipMasq ? [`-t nat -A POSTROUTING -s ${sub} ! -o ${BRIDGE} -j MASQUERADE`] : []),
      `-t nat -I DOCKER -i ${BRIDGE} -j RETURN`,
      '-t filter -P FORWARD DROP',
      '-t filter -A FORWARD -j DOCKER-ISOLATION-STAGE-1',
      `-t filter -A FORWARD -o ${BRIDGE} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
      `-t filter -A FORWARD -o ${BRIDGE} -j DOCKER`,
      `-t filter -A FORWARD -i ${BRIDGE} ! -o ${BRIDGE} -j ACCEPT`,
      `-t filter -A FORWARD -i ${BRIDGE} -o ${BRIDGE} -j ACCEPT`,
      `-t filter -I DOCKER-ISOLATION-STAGE-1 -i ${BRIDGE} ! -o ${BRIDGE} -j DOCKER-ISOLATION-STAGE-2`,
      '-t filter -A DOCKER-ISOLATION-STAGE-1 -j RETURN',
      `-t filter -I DOCKER-ISOLATION-STAGE-2 -o ${BRIDGE} -j DROP`,
      '-t filter -A DOCKER-ISOLATION-STAGE-2 -j RETURN',
      '-t filter -A DOCKER-USER -j RETURN',
      '-t filter -I FORWARD -j DOCKER-USER',
    ])
      iptablesLine(this.machine.root, line);
  }

  /** A container by full id, unique id prefix, or name (as the Docker API resolves them). */
  find(ref: string): Container | undefined {
    const r = ref.replace(/^\//, '');
    const exact = this.containers.get(r);
    if (exact) return exact;
    for (const c of this.containers.values()) if (c.name === r) return c;
    const byPrefix = [...this.containers.values()].filter((c) => c.id.startsWith(ref));
    return ref.length > 0 && byPrefix.length === 1 ? byPrefix[0] : undefined;
  }

  create(o: CreateOptions): DockerResult<Container> {
    const name = o.name ?? this.generateName();
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) {
      return fail(
        `docker: Error response from daemon: Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed.\nSee 'docker run --help'.\n`,
        125,
      );
    }
    for (const c of this.containers.values()) {
      if (c.name === name)
        return fail(
          `docker: Error response from daemon: Conflict. The container name "/${name}" is already in use by container "${c.id}". You have to remove (or rename) that container to be able to reuse that name.\nSee 'docker run --help'.\n`,
          125,
        );
    }
    if (o.net.kind === 'container') {
      const other = this.find(o.net.id);
      if (!other)
        return fail(
          `docker: Error response from daemon: No such container: ${o.net.id}.\nSee 'docker run --help'.\n`,
          125,
        );
      o.net = { kind: 'container', id: other.id };
    }
    const argv = [...o.image.entrypoint, ...(o.cmd.length > 0 ? o.cmd : o.image.cmd)];
    const id = this.randomId();
    const c: Container = {
      id,
      name,
      imageRef: o.imageRef,
      image: o.image,
      path: argv[0] ?? '',
      args: argv.slice(1),
      created: this.machine.now(),
      state: 'created',
      exitCode: 0,
      pid: 0,
      netMode: o.net,
      ownsNetns: false,
      sandboxId: '',
      ports: o.net.kind === 'bridge' ? o.ports : [],
      logs: '',
      hostname: o.net.kind === 'host' ? this.machine.hostname : id.slice(0, 12),
      autoRemove: o.autoRemove,
    };
    this.containers.set(id, c);
    return { ok: true, value: c };
  }

  /** Create the container's network and mark it running (its program is started by the caller). */
  start(c: Container): DockerResult<undefined> {
    if (c.netMode.kind === 'container') {
      const other = this.containers.get(c.netMode.id);
      if (other?.state !== 'running' || !other.netns)
        return fail(
          `docker: Error response from daemon: cannot join network of a non running container: ${c.netMode.id}.\n`,
          126,
        );
      c.netns = other.netns;
      c.hostname = other.hostname;
    } else if (c.netMode.kind === 'host') {
      c.netns = this.machine.root;
    } else {
      // Port allocation comes first: a clash leaves the container created but not started.
      for (const p of c.ports) {
        const key = `${p.proto}/${p.hostIp}/${p.hostPort}`;
        if (this.hostPorts.has(key))
          return fail(
            `docker: Error response from daemon: driver failed programming external connectivity on endpoint ${c.name} (${this.randomId()}): Bind for ${p.hostIp}:${p.hostPort} failed: port is already allocated.\n`,
            125,
          );
      }
      const ns = this.machine.createNetns(undefined);
      this.machine.containerNetns.set(`container:${c.name}`, ns);
      c.netns = ns;
      c.ownsNetns = true;
      const lo = ns.byName('lo');
      if (lo) linkSetUp(lo, true);
      if (c.netMode.kind === 'bridge') {
        const setUp = this.connectBridge(c, ns);
        if (!setUp.ok) {
          this.disconnect(c);
          return setUp;
        }
      }
    }
    c.sandboxId = this.randomId();
    c.state = 'running';
    c.startedAt = this.machine.now();
    c.pid = this.nextPid++;
    this.machine.world?.changed();
    return { ok: true, value: undefined };
  }

  private connectBridge(c: Container, ns: Netns): DockerResult<undefined> {
    const root = this.machine.root;
    const br = root.byName(BRIDGE);
    const ip = this.allocateIp();
    if (!br || ip === undefined)
      return fail(
        "docker: Error response from daemon: no available IPv4 addresses on this network's address pools: bridge.\n",
        125,
      );
    const hostName = this.vethName();
    const tmpName = this.vethName();
    const pair = linkAdd(root, {
      name: hostName,
      kind: 'veth',
      mtu: this.mtu,
      peer: { name: tmpName },
    });
    if (!pair.ok)
      return fail(
        `docker: Error response from daemon: failed to create endpoint ${c.name} on network bridge: adding interface ${hostName} to bridge ${BRIDGE} failed: ${pair.error.errno}.\n`,
        125,
      );
    const host = pair.value;
    const inner = host.peer as NetDevice;
    linkSetMaster(host, br);
    linkSetUp(host, true);
    // The container end moves into the sandbox as eth0 (IFLA_NET_NS_FD with IFLA_IFNAME).
    linkSetNetns(inner, ns, 'eth0');
    // Docker derives the MAC from the address: 02:42 then the four IPv4 bytes.
    const mac = 0x0242 * 2 ** 32 + ip;
    linkSetMac(inner, mac);
    addrAdd(inner, { addr: ip, len: this.prefixLen, broadcast: 'auto' });
    linkSetUp(inner, true);
    routeAdd(
      ns,
      {
        table: TABLE.main,
        type: 'unicast',
        dst: 0,
        len: 0,
        tos: 0,
        protocol: PROTO.boot,
        scope: SCOPE.universe,
        gateway: this.gateway,
        dev: inner,
        metric: 0,
        onlink: false,
      },
      'add',
    );
    c.endpoint = {
      ip,
      len: this.prefixLen,
      gateway: this.gateway,
      mac,
      hostVeth: hostName,
      endpointId: this.randomId(),
    };
    const proxies: DockerProxy[] = [];
    for (const p of c.ports) {
      this.hostPorts.add(`${p.proto}/${p.hostIp}/${p.hostPort}`);
      for (const line of portRules(p, ip, 'A')) iptablesLine(root, line);
      const world = this.machine.world;
      const hostIp = parsePrefix(p.hostIp)?.addr ?? 0;
      const proxy =
        p.proto === 'tcp' && world
          ? startDockerProxy(world, root, hostIp, p.hostPort, ip, p.containerPort)
          : undefined;
      if (proxy) proxies.push(proxy);
    }
    if (proxies.length > 0) this.proxies.set(c.id, proxies);
    return { ok: true, value: undefined };
  }

  /** The container's process has ended: Docker releases its network (stop, exit, kill). */
  exited(c: Container, code: number): void {
    if (c.state !== 'running') return;
    c.state = 'exited';
    c.exitCode = code;
    c.finishedAt = this.machine.now();
    c.pid = 0;
    this.disconnect(c);
    if (c.autoRemove) this.containers.delete(c.id);
    this.machine.world?.changed();
  }

  remove(c: Container): void {
    if (c.state === 'running') this.exited(c, 137);
    this.containers.delete(c.id);
    this.machine.world?.changed();
  }

  private disconnect(c: Container): void {
    const root = this.machine.root;
    const ep = c.endpoint;
    if (ep) {
      for (const proxy of this.proxies.get(c.id) ?? []) proxy.stop();
      this.proxies.delete(c.id);
      for (const p of c.ports) {
        this.hostPorts.delete(`${p.proto}/${p.hostIp}/${p.hostPort}`);
        for (const line of portRules(p, ep.ip, 'D')) iptablesLine(root, line);
      }
      const host = root.byName(ep.hostVeth);
      if (host) linkDel(host);
      c.endpoint = undefined;
    }
    if (c.ownsNetns && c.netns) {
      const ns = c.netns;
      for (const d of ns.devices) if (d.kind !== 'loopback' && ns.byIndex(d.ifindex)) linkDel(d);
      this.machine.containerNetns.delete(`container:${c.name}`);
      for (const other of this.machine.allNetns()) other.forgetNsid(ns);
    }
    c.ownsNetns = false;
    c.netns = undefined;
  }

  /** The next free address of the bridge subnet, from .2 up (the gateway has .1). */
  private allocateIp(): Ipv4 | undefined {
    const used = new Set<number>([this.gateway]);
    for (const c of this.containers.values()) if (c.endpoint) used.add(c.endpoint.ip);
    const net = networkOf(this.gateway, this.prefixLen);
    const size = 2 ** (32 - this.prefixLen);
    for (let i = 1; i < size - 1; i++) {
      const a = (net + i) >>> 0;
      if (!used.has(a)) return a;
    }
    return undefined;
  }

  /** libnetwork netutils.GenerateIfaceName("veth", 7): 7 random hex digits, not yet in use. */
  private vethName(): string {
    for (;;) {
      const b = this.machine.rng.fill(new Uint8Array(4));
      const name = `veth${hex(b).slice(0, 7)}`;
      if (!this.machine.root.byName(name)) return name;
    }
  }

  private generateName(): string {
    const rng = this.machine.rng;
    for (;;) {
      const name = `${LEFT[rng.below(LEFT.length)]}_${RIGHT[rng.below(RIGHT.length)]}`;
      if (![...this.containers.values()].some((c) => c.name === name)) return name;
    }
  }

  /** Allocate a host port for `-p 80` (from the ephemeral range, as Docker's allocator does). */
  dynamicHostPort(proto: 'tcp' | 'udp', hostIp: string): number {
    for (let p = 32768; p <= 60999; p++)
      if (!this.hostPorts.has(`${proto}/${hostIp}/${p}`)) return p;
    return 0;
  }
}

/**
 * The bridge address, MTU and masquerading: --bip/--mtu from flannel's subnet.env when present,
 * and --ip-masq=false when flanneld masquerades itself (FLANNEL_IPMASQ=true), as flannel's
 * mk-docker-opts.sh turns the file into docker options.
 */
function bridgeConfig(machine: Machine): {
  bip: { addr: Ipv4; len: number };
  mtu: number;
  ipMasq: boolean;
} {
  const env = machine.files.get(FLANNEL_SUBNET_ENV);
  const vars = new Map<string, string>();
  for (const line of env?.split('\n') ?? []) {
    const m = /^\s*([A-Z_]+)=(.*)$/.exec(line);
    if (m) vars.set(m[1], m[2].trim());
  }
  const bip =
    parsePrefix(vars.get('FLANNEL_SUBNET') ?? '') ??
    (parsePrefix(DEFAULT_BIP) as { addr: Ipv4; len: number });
  const mtu = Number.parseInt(vars.get('FLANNEL_MTU') ?? '', 10);
  return {
    bip,
    mtu: Number.isFinite(mtu) && mtu >= 68 ? mtu : DEFAULT_MTU,
    ipMasq: vars.get('FLANNEL_IPMASQ') !== 'true',
  };
}

/** The three rules of a published port, as `-A` (add) or `-D` (delete) lines. */
function portRules(p: PortBinding, ip: Ipv4, op: 'A' | 'D'): string[] {
  const c = formatIpv4(ip);
  const dst = p.hostIp === '0.0.0.0' ? '' : ` -d ${p.hostIp}/32`;
  return [
    `-t nat -${op} DOCKER${dst} ! -i ${BRIDGE} -p ${p.proto} -m ${p.proto} --dport ${p.hostPort} -j DNAT --to-destination ${c}:${p.containerPort}`,
    `-t filter -${op} DOCKER -d ${c}/32 ! -i ${BRIDGE} -o ${BRIDGE} -p ${p.proto} -m ${p.proto} --dport ${p.containerPort} -j ACCEPT`,
    `-t nat -${op} POSTROUTING -s ${c}/32 -d ${c}/32 -p ${p.proto} -m ${p.proto} --dport ${p.containerPort} -j MASQUERADE`,
  ];
}

function fail(text: string, code: number): { ok: false; error: DockerError } {
  return { ok: false, error: { text, code } };
}
