/**
 * A flannel VXLAN cluster of `hosts` nodes with `pods` pods each, as flanneld and the CNI bridge
 * plugin program it (see scenario/builtin/flannel-vxlan.ts): every node has eth0 on one underlay
 * segment (10.168.0.0/16), cni0 10.244.N.1/24 with its pods behind veths, flannel.1 (VNI 1,
 * dstport 8472, nolearning, 10.244.N.0/32) and, for every other node, the route, the permanent
 * neighbour entry and the permanent FDB entry flanneld adds for a remote lease.
 *
 * Two builders from the same plan: the engine's goes through the kernel API directly (rtnl,
 * neighAdd, fdbAdd — what the `ip`/`bridge` commands call, without the shell around them); the
 * real kernel's is a bash script of iproute2 batches, one network namespace per node and per pod
 * (nodes are namespaces there; the underlay segment is bridge br0 in namespace `underlay`).
 */
import type { Lab } from '../src/engine/api/lab';
import type { NetDevice } from '../src/engine/kernel/device';
import { fdbAdd } from '../src/engine/kernel/fdb';
import { PROTO, SCOPE, TABLE } from '../src/engine/kernel/fib';
import type { Ipv4, Mac } from '../src/engine/kernel/inet';
import { neighAdd } from '../src/engine/kernel/neigh';
import type { Netns } from '../src/engine/kernel/netns';
import { writeSysctl } from '../src/engine/kernel/procfs';
import {
  addrAdd,
  type LinkAddRequest,
  linkAdd,
  linkSetMaster,
  linkSetUp,
  type RouteRequest,
  routeAdd,
} from '../src/engine/kernel/rtnl';

export interface ClusterShape {
  hosts: number;
  pods: number;
}

const MTU = 1450;
const ip4 = (a: number, b: number, c: number, d: number): Ipv4 =>
  ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
/** Node i's underlay address 10.168.H.L (i from 1). */
const nodeIp = (i: number): Ipv4 => ip4(10, 168, (i + 1) >> 8, (i + 1) & 0xff);
const nodeIpText = (i: number) => `10.168.${(i + 1) >> 8}.${(i + 1) & 0xff}`;
/** Node i's flannel.1 MAC (flanneld's are random and published in the lease; fixed here). */
const vtepMac = (i: number): Mac => 0x02fe_0000_0000 + i;
const vtepMacText = (i: number) =>
  `02:fe:00:00:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;

/** The pod (i, j) address: 10.244.i.(j+1), j from 1. */
export function podAddress(host: number, pod: number): string {
  return `10.244.${host}.${pod + 1}`;
}
export const nodeName = (i: number) => `n${i}`;
export const podName = (i: number, j: number) => `n${i}p${j}`;

function must<T>(r: { ok: true; value: T } | { ok: false; errno?: string; msg?: string }): T {
  if (!r.ok) throw new Error(`cluster build: ${JSON.stringify(r)}`);
  return r.value;
}

function route(dst: Ipv4, len: number, extra: Partial<RouteRequest>): RouteRequest {
  return {
    table: TABLE.main,
    type: 'unicast',
    dst,
    len,
    tos: 0,
    protocol: PROTO.boot,
    scope: SCOPE.universe,
    metric: 0,
    onlink: false,
    ...extra,
  };
}

/**
 * Build the cluster in `lab` (which must be new): machines, segment and cables through the lab
 * console, everything inside the machines through the kernel API.
 */
export function buildEngineCluster(lab: Lab, shape: ClusterShape): void {
  const con = lab.openSession({ machine: 'lab' });
  const w = lab.worldForBench();
  const run = (line: string) => {
    const r = lab.execToEnd(con, line);
    if (r.code !== 0) throw new Error(`${line}: ${r.stderr}`);
  };
  run('segment add underlay');
  const vteps: NetDevice[] = [];
  for (let i = 1; i <= shape.hosts; i++) {
    const okm = w.addMachine(nodeName(i), 'host');
    if (!okm.ok) throw new Error(okm.error);
    const okc = w.cable(nodeName(i), 'eth0', 'underlay');
    if (!okc.ok) throw new Error(okc.error);
    const m = w.machines.get(nodeName(i));
    if (!m) throw new Error('no machine');
    const root = m.root;
    const eth0 = root.byName('eth0') as NetDevice;
    must(addrAdd(eth0, { addr: nodeIp(i), len: 16 }));
    must(linkSetUp(eth0, true));
    writeSysctl(root, 'net.ipv4.ip_forward', '1');
    const cni0 = must(linkAdd(root, { name: 'cni0', kind: 'bridge' }));
    must(addrAdd(cni0, { addr: ip4(10, 244, i, 1), len: 24 }));
    must(linkSetUp(cni0, true));
    for (let j = 1; j <= shape.pods; j++) {
      const pod: Netns = m.createNetns(podName(i, j));
      m.named.set(podName(i, j), pod);
      must(linkSetUp(pod.byName('lo') as NetDevice, true));
      const req: LinkAddRequest = {
        name: `veth${j}`,
        kind: 'veth',
        mtu: MTU,
        peer: { name: 'eth0', netns: pod },
      };
      const veth = must(linkAdd(root, req));
      must(linkSetMaster(veth, cni0));
      must(linkSetUp(veth, true));
      const eth = veth.peer as NetDevice;
      must(addrAdd(eth, { addr: ip4(10, 244, i, j + 1), len: 24 }));
      must(linkSetUp(eth, true));
      const gw = ip4(10, 244, i, 1);
      must(routeAdd(pod, route(0, 0, { gateway: gw, dev: eth }), 'add'));
      must(routeAdd(pod, route(ip4(10, 244, 0, 0), 16, { gateway: gw, dev: eth }), 'add'));
    }
    const vtep = must(
      linkAdd(root, {
        name: 'flannel.1',
        kind: 'vxlan',
        mac: vtepMac(i),
        mtu: MTU,
        vxlan: { vni: 1, dstport: 8472, local: nodeIp(i), dev: eth0, learning: false, ttl: 0 },
      }),
    );
    must(addrAdd(vtep, { addr: ip4(10, 244, i, 0), len: 32 }));
    must(linkSetUp(vtep, true));
    vteps.push(vtep);
  }
  for (let i = 1; i <= shape.hosts; i++) {
    const vtep = vteps[i - 1];
    const ns = vtep.netns;
    for (let k = 1; k <= shape.hosts; k++) {
      if (k === i) continue;
      const remote = ip4(10, 244, k, 0);
      must(routeAdd(ns, route(remote, 24, { gateway: remote, dev: vtep, onlink: true }), 'add'));
      must(
        neighAdd(w, ns, { dev: vtep, addr: remote, lladdr: vtepMac(k), state: 'PERMANENT' }, 'add'),
      );
      must(
        fdbAdd(
          w,
          {
            mac: vtepMac(k),
            dev: vtep,
            self: true,
            master: false,
            state: 'permanent',
            dst: nodeIp(k),
          },
          'add',
        ),
      );
    }
  }
  w.changed();
}

/**
 * The same cluster on the real kernel: a bash script (run inside `unshare --net --mount` with a
 * private /run/netns) that builds it with iproute2 batches.
 */
export function kernelClusterScript(shape: ClusterShape): string {
  const L: string[] = ['set -e', 'B=$(mktemp -d)'];
  const batch = (file: string, lines: string[]) =>
    L.push(`cat > $B/${file} <<'EOF'`, ...lines, 'EOF');
  const netns = ['netns add underlay'];
  for (let i = 1; i <= shape.hosts; i++) {
    netns.push(`netns add ${nodeName(i)}`);
    for (let j = 1; j <= shape.pods; j++) netns.push(`netns add ${podName(i, j)}`);
  }
  batch('netns', netns);
  L.push('ip -batch $B/netns');
  const underlay = ['link add br0 type bridge', 'link set br0 up', 'link set lo up'];
  for (let i = 1; i <= shape.hosts; i++) {
    underlay.push(
      `link add u${i} type veth peer name eth0 netns ${nodeName(i)}`,
      `link set u${i} master br0`,
      `link set u${i} up`,
    );
  }
  batch('underlay', underlay);
  L.push('ip -n underlay -batch $B/underlay');
  for (let i = 1; i <= shape.hosts; i++) {
    const n = nodeName(i);
    const host = [
      'link set lo up',
      `addr add ${nodeIpText(i)}/16 dev eth0`,
      'link set eth0 up',
      'link add cni0 type bridge',
      `addr add 10.244.${i}.1/24 dev cni0`,
      'link set cni0 up',
    ];
    for (let j = 1; j <= shape.pods; j++) {
      host.push(
        `link add veth${j} mtu ${MTU} type veth peer name eth0 netns ${podName(i, j)}`,
        `link set veth${j} master cni0`,
        `link set veth${j} up`,
      );
    }
    host.push(
      `link add flannel.1 address ${vtepMacText(i)} mtu ${MTU} type vxlan id 1 local ${nodeIpText(i)} dev eth0 dstport 8472 nolearning`,
      `addr add 10.244.${i}.0/32 dev flannel.1`,
      'link set flannel.1 up',
    );
    const fdb: string[] = [];
    for (let k = 1; k <= shape.hosts; k++) {
      if (k === i) continue;
      host.push(
        `route add 10.244.${k}.0/24 via 10.244.${k}.0 dev flannel.1 onlink`,
        `neigh add 10.244.${k}.0 lladdr ${vtepMacText(k)} dev flannel.1 nud permanent`,
      );
      fdb.push(`fdb add ${vtepMacText(k)} dev flannel.1 dst ${nodeIpText(k)} self permanent`);
    }
    batch(`${n}`, host);
    L.push(`ip netns exec ${n} sysctl -qw net.ipv4.ip_forward=1`, `ip -n ${n} -batch $B/${n}`);
    if (fdb.length > 0) {
      batch(`${n}.fdb`, fdb);
      L.push(`bridge -n ${n} -batch $B/${n}.fdb`);
    }
    for (let j = 1; j <= shape.pods; j++) {
      const p = podName(i, j);
      batch(p, [
        'link set lo up',
        `addr add ${podAddress(i, j)}/24 dev eth0`,
        'link set eth0 up',
        `route add default via 10.244.${i}.1 dev eth0`,
        `route add 10.244.0.0/16 via 10.244.${i}.1 dev eth0`,
      ]);
      L.push(`ip -n ${p} -batch $B/${p}`);
    }
  }
  L.push('rm -rf $B');
  return L.join('\n');
}

/** Number of network namespaces the cluster has (nodes' roots and pods; the kernel's underlay aside). */
export function clusterNetnsCount(shape: ClusterShape): number {
  return shape.hosts * (1 + shape.pods);
}
