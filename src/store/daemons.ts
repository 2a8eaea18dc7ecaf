/**
 * Pure planning for the palette items that start daemons: containers and pods (`docker run`),
 * and a flannel network (`etcd`, `etcdctl set`, `flanneld`). Each planner turns a gesture into
 * the command lines a person would type on the hosts (architecture rule 1), or into the reason
 * the gesture cannot work, so the store only runs lines and the UI only explains refusals.
 */
import type { MachineView, TopologyView } from '../engine/api/types';
import { nextFreeName } from './naming';

/** Images offered for a plain container (shell images stay up when started with `-d`). */
export type ContainerImage = 'busybox' | 'nginx';
export const CONTAINER_IMAGES: readonly ContainerImage[] = ['busybox', 'nginx'];

/** The image of a pod's infrastructure container. */
export const PAUSE_IMAGE = 'k8s.gcr.io/pause:3.9';

/** What `docker inspect` told us about one container of a machine. */
export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  /** Docker's NetworkMode: `default`, `host`, `none` or `container:<id>`. */
  netMode: string;
}

/** Containers by machine name (only machines that run any). */
export type ContainersByMachine = Record<string, ContainerInfo[]>;

/** The label the view gives a container's unnamed namespace. */
export const CONTAINER_NETNS_PREFIX = 'container:';

export const containerNetns = (name: string) => `${CONTAINER_NETNS_PREFIX}${name}`;

/** The container of a `container:NAME` namespace label, or null for a named netns. */
export function containerOfNetns(netns: string | null | undefined): string | null {
  return netns?.startsWith(CONTAINER_NETNS_PREFIX)
    ? netns.slice(CONTAINER_NETNS_PREFIX.length)
    : null;
}

/** Every container name a machine is known to use (the view's namespaces and docker inspect). */
function containerNames(m: MachineView, known: readonly ContainerInfo[]): Set<string> {
  const names = new Set(known.map((c) => c.name));
  for (const ns of m.namespaces) if (ns.container) names.add(ns.container);
  return names;
}

/** `docker run -d --name container-N IMAGE`, with the first free N on the machine. */
export function containerRunLine(
  m: MachineView,
  known: readonly ContainerInfo[],
  image: ContainerImage,
): { name: string; line: string } {
  const name = nextFreeName('container-', containerNames(m, known), 1);
  return { name, line: `docker run -d --name ${name} ${image}` };
}

/**
 * A pod as Kubernetes builds one with Docker: a pause container that holds the network
 * namespace, and an app container that joins it (`--net=container:…`, C15).
 */
export function podRunLines(
  m: MachineView,
  known: readonly ContainerInfo[],
): { pod: string; pause: string; app: string; lines: string[] } {
  const names = containerNames(m, known);
  let n = 1;
  while (names.has(`pod${n}-pause`) || names.has(`pod${n}-app`)) n++;
  const pod = `pod${n}`;
  const pause = `${pod}-pause`;
  const app = `${pod}-app`;
  return {
    pod,
    pause,
    app,
    lines: [
      `docker run -d --name ${pause} ${PAUSE_IMAGE}`,
      `docker run -d --name ${app} --net=container:${pause} busybox`,
    ],
  };
}

/** The network config kubelet would use: the first *.conf, *.conflist or *.json by name (C17). */
export function firstCniConfig(lsOutput: string): string | null {
  const names = lsOutput
    .split(/\s+/)
    .filter((n) => /\.(conf|conflist|json)$/.test(n))
    .sort();
  return names[0] ?? null;
}

/**
 * A pod as kubelet makes it on a node with CNI: `crictl runp` starts the pause container with no
 * network and runs the plugin chain of the first config file for its namespace (C15–C17); the
 * app container then joins it. Names follow dockershim (`k8s_POD_<pod>_default_<uid>_0`).
 */
export function cniPodRunLines(
  m: MachineView,
  known: readonly ContainerInfo[],
): { pod: string; pause: string; app: string; lines: string[] } {
  const names = containerNames(m, known);
  const pauseOf = (pod: string) => `k8s_POD_${pod}_default_${pod}-uid_0`;
  let n = 1;
  while (names.has(pauseOf(`pod${n}`)) || names.has(`pod${n}-app`)) n++;
  const pod = `pod${n}`;
  const pause = pauseOf(pod);
  const app = `${pod}-app`;
  const config = `{"metadata":{"name":"${pod}","namespace":"default","uid":"${pod}-uid","attempt":0}}`;
  return {
    pod,
    pause,
    app,
    lines: [
      `echo '${config}' > ${pod}.json`,
      `crictl runp ${pod}.json`,
      `docker run -d --name ${app} --net=container:${pause} busybox`,
    ],
  };
}

/** `docker inspect -f` template whose lines `parseInspectLines` reads. */
export const INSPECT_FORMAT = '{{.Id}} {{.Name}} {{.Config.Image}} {{.HostConfig.NetworkMode}}';

/** Lines of `docker inspect -f INSPECT_FORMAT …` → containers (bad lines are skipped). */
export function parseInspectLines(text: string): ContainerInfo[] {
  const out: ContainerInfo[] = [];
  for (const line of text.split('\n')) {
    const [id, name, image, netMode] = line.trim().split(/\s+/);
    if (!id || !name || !image || !netMode) continue;
    out.push({ id, name: name.replace(/^\//, ''), image, netMode });
  }
  return out;
}

/** A namespace box's containers: the owner first, then those that joined it. */
export interface NetnsContainers {
  owner: ContainerInfo | { name: string; image?: undefined };
  joined: ContainerInfo[];
  /** A pod: a pause container with app containers in its namespace. */
  pod: string | null;
}

/** Who lives in the namespace of container `owner` (what the canvas labels the box with). */
export function netnsContainers(owner: string, known: readonly ContainerInfo[]): NetnsContainers {
  const info = known.find((c) => c.name === owner);
  const joined = info
    ? known.filter(
        (c) => c.netMode === `container:${info.id}` || c.netMode === `container:${owner}`,
      )
    : [];
  const isPause = info?.image.includes('pause') ?? false;
  const pod = isPause ? owner.replace(/-pause$/, '') : null;
  return { owner: info ?? { name: owner }, joined, pod };
}

/** The container a terminal of this namespace should `docker exec` into (pause has no shell). */
export function execContainer(owner: string, known: readonly ContainerInfo[]): string {
  const { owner: info, joined } = netnsContainers(owner, known);
  if (info.image?.includes('pause') && joined.length > 0) return joined[0].name;
  return owner;
}

// ---- Flannel ----------------------------------------------------------------------------------

export type FlannelBackend = 'udp' | 'vxlan' | 'host-gw';
export const FLANNEL_BACKENDS: readonly FlannelBackend[] = ['vxlan', 'udp', 'host-gw'];

/** A host's address on an L2 segment: where flanneld and etcd talk to each other. */
export interface Underlay {
  machine: string;
  ifname: string;
  segment: string;
  ip: string;
}

/** The first IPv4 address of each cabled NIC of a host, in cable order. */
export function underlaysOf(view: TopologyView, machine: string): Underlay[] {
  const m = view.machines.find((x) => x.name === machine);
  const root = m?.namespaces.find((n) => n.name === null);
  const out: Underlay[] = [];
  for (const c of view.cables.filter((x) => x.machine === machine)) {
    const dev = root?.devices.find((d) => d.name === c.ifname);
    const addr = dev?.addrs[0];
    if (dev?.up && addr) {
      out.push({ machine, ifname: c.ifname, segment: c.segment, ip: addr.split('/')[0] });
    }
  }
  return out;
}

/** Hosts a new flannel network spans by default: every host with an address on a segment. */
export function defaultFlannelHosts(view: TopologyView): string[] {
  return view.machines
    .filter((m) => m.kind === 'host' && underlaysOf(view, m.name).length > 0)
    .map((m) => m.name);
}

export type FlannelRefusal =
  | { reason: 'noHosts' }
  | { reason: 'noUnderlay'; hosts: string[] }
  | { reason: 'hostGwSegments'; hosts: string[] };

export interface FlannelPlan {
  network: string;
  etcdHost: string;
  etcdIp: string;
  startEtcd: boolean;
  /** One entry per host, in order: where to run, and what. */
  runs: { machine: string; lines: string[] }[];
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, len] = cidr.split('/');
  const bits = Number(len);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (ipToInt(ip) & mask) >>> 0 === (ipToInt(base) & mask) >>> 0;
}

/** Kubernetes' usual pod network, unless the lab's own addresses already use it. */
export function flannelNetwork(view: TopologyView): string {
  const used = view.machines.flatMap((m) =>
    m.namespaces.flatMap((n) => n.devices.flatMap((d) => d.addrs.map((a) => a.split('/')[0]))),
  );
  const candidates = ['10.244.0.0/16', '100.96.0.0/16', '172.30.0.0/16'];
  return candidates.find((c) => !used.some((ip) => inCidr(ip, c))) ?? candidates[0];
}

/**
 * The commands of a flannel network over `hosts`: etcd on the first host unless one already
 * runs (`etcdHost`), the network config written with etcdctl (v2 API, as flannel reads it),
 * then flanneld on every host, bound to its underlay interface.
 */
export function planFlannel(
  view: TopologyView,
  hosts: readonly string[],
  backend: FlannelBackend,
  runningEtcd: string | null,
): FlannelPlan | FlannelRefusal {
  if (hosts.length === 0) return { reason: 'noHosts' };
  const under = new Map(hosts.map((h) => [h, underlaysOf(view, h)[0]]));
  const missing = hosts.filter((h) => !under.get(h));
  if (missing.length > 0) return { reason: 'noUnderlay', hosts: missing };
  if (backend === 'host-gw') {
    // host-gw routes pod subnets via the other hosts' addresses: they must share one segment.
    const segment = under.get(hosts[0])?.segment;
    const apart = hosts.filter((h) => under.get(h)?.segment !== segment);
    if (apart.length > 0) return { reason: 'hostGwSegments', hosts: apart };
  }
  const etcdHost =
    runningEtcd && underlaysOf(view, runningEtcd).length > 0 ? runningEtcd : hosts[0];
  const etcdIp =
    (etcdHost === hosts[0] ? under.get(hosts[0]) : underlaysOf(view, etcdHost)[0])?.ip ?? '';
  const startEtcd = etcdHost !== runningEtcd;
  const endpoint = `http://${etcdIp}:2379`;
  const network = flannelNetwork(view);
  const config = JSON.stringify({ Network: network, Backend: { Type: backend } });
  const runs: FlannelPlan['runs'] = [];
  const etcdLines = [
    ...(startEtcd
      ? [
          `etcd --listen-client-urls http://0.0.0.0:2379 --advertise-client-urls ${endpoint} --enable-v2`,
        ]
      : []),
    `ETCDCTL_API=2 etcdctl --endpoints ${endpoint} set /coreos.com/network/config '${config}'`,
  ];
  runs.push({ machine: etcdHost, lines: etcdLines });
  for (const h of hosts) {
    const u = under.get(h);
    if (!u) continue;
    runs.push({
      machine: h,
      lines: [`flanneld --etcd-endpoints=${endpoint} --iface=${u.ifname}`],
    });
  }
  return { network, etcdHost, etcdIp, startEtcd, runs };
}

export const isFlannelRefusal = (p: FlannelPlan | FlannelRefusal): p is FlannelRefusal =>
  'reason' in p;

// ---- Duplicate ---------------------------------------------------------------------------------

/** `machine add` for a copy of `source`, plus one `cable` per cable it has (same segments). */
export function duplicateLines(view: TopologyView, source: string, name: string): string[] | null {
  const m = view.machines.find((x) => x.name === source);
  if (!m) return null;
  const add = m.kind === 'router' ? `machine add ${name} --kind router` : `machine add ${name}`;
  const cables = view.cables
    .filter((c) => c.machine === source)
    .map((c) => `cable ${name} ${c.ifname} ${c.segment}`);
  return [add, ...cables];
}
