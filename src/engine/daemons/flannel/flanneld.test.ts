/**
 * flanneld end to end: hosts on one segment, an etcd keyspace (fake-etcd.ts until the real one
 * lands), `flanneld` typed in each host's shell, pods behind cni0 built from subnet.env, and
 * the tables compared with the reference corpus (/work/shared/reference/corpus/flannel-*),
 * with the subnets and MACs of this run substituted for the reference run's.
 */
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../api/types';
import { formatMac } from '../../kernel/inet';
import { PacketLab } from '../../testing/packet-lab';
import { FakeEtcd } from './fake-etcd';
import { FLANNELD_LOG } from './flanneld';

const PREFIX = '/coreos.com/network';

interface Node {
  name: string;
  ip: string;
  /** Third octet of the leased subnet. */
  x: number;
}

function lab(backend: string, count: number, underlay: 'segment' | 'router' = 'segment') {
  const p = new PacketLab(7);
  const etcd = new FakeEtcd(p.world);
  p.run('lab', 'segment add underlay');
  if (underlay === 'router') p.run('lab', 'segment add far');
  const nodes: Node[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `node${i}`;
    const far = underlay === 'router' && i === 2;
    const ip = far ? '10.168.1.3' : `10.168.0.${i + 1}`;
    p.run('lab', `machine add ${name}`);
    p.run('lab', `cable ${name} eth0 ${far ? 'far' : 'underlay'}`);
    p.script(
      name,
      `ip addr add ${ip}/24 dev eth0
      ip link set eth0 up
      sysctl -qw net.ipv4.ip_forward=1
      ip route add default via ${far ? '10.168.1.1' : '10.168.0.1'}`,
    );
    nodes.push({ name, ip, x: 0 });
  }
  if (underlay === 'router') {
    p.run('lab', 'machine add router');
    p.run('lab', 'cable router eth0 underlay');
    p.run('lab', 'cable router eth1 far');
    p.script(
      'router',
      `ip addr add 10.168.0.1/24 dev eth0
      ip addr add 10.168.1.1/24 dev eth1
      ip link set eth0 up
      ip link set eth1 up
      sysctl -qw net.ipv4.ip_forward=1`,
    );
  }
  etcd.setNow(
    `${PREFIX}/config`,
    `{"Network":"10.244.0.0/16","SubnetLen":24,"Backend":{"Type":"${backend}"}}`,
  );
  const machines = () => [...p.world.machines.values()];
  etcd.install(...machines());
  return { p, etcd, nodes, machines };
}

function env(p: PacketLab, node: string): string {
  return p.world.machines.get(node)?.files.get('/run/flannel/subnet.env') ?? '';
}

/** Start flanneld on `n` and build its pod (cni0 + netns pod<i>) from subnet.env. */
function startNode(p: PacketLab, n: Node, i: number): void {
  p.run(n.name, `flanneld --etcd-endpoints=http://10.168.0.1:2379 --iface=eth0`);
  p.lab.run(50);
  const e = env(p, n.name);
  const m = /FLANNEL_SUBNET=10\.244\.(\d+)\.1\/24/.exec(e);
  const mtu = /FLANNEL_MTU=(\d+)/.exec(e)?.[1];
  if (!m || !mtu) throw new Error(`no subnet.env on ${n.name}:\n${e}`);
  n.x = Number(m[1]);
  const pod = `pod${i}`;
  p.script(
    n.name,
    `ip link add cni0 type bridge
    ip addr add 10.244.${n.x}.1/24 dev cni0
    ip link set cni0 up
    ip netns add ${pod}
    ip -n ${pod} link set lo up
    ip link add veth${i} type veth peer name eth0 netns ${pod}
    ip -n ${pod} link set eth0 mtu ${mtu}
    ip link set veth${i} mtu ${mtu}
    ip link set veth${i} master cni0
    ip link set veth${i} up
    ip -n ${pod} addr add 10.244.${n.x}.2/24 dev eth0
    ip -n ${pod} link set eth0 up
    ip -n ${pod} route add default via 10.244.${n.x}.1 dev eth0`,
  );
}

function vtepMac(p: PacketLab, node: string): string {
  return formatMac(p.dev(node, undefined, 'flannel.1').mac);
}

describe('flanneld, vxlan backend', () => {
  it('leases a subnet, writes subnet.env, and programs flannel.1 as the reference shows', () => {
    const { p, etcd, nodes } = lab('vxlan', 2);
    for (const [i, n] of nodes.entries()) startNode(p, n, i + 1);
    p.lab.run(50);
    const [n1, n2] = nodes;
    expect(n1.x).not.toBe(n2.x);

    // C09: the leases in etcd, with flannel's JSON and a 24 h TTL.
    const lease = etcd.getNow(`${PREFIX}/subnets/10.244.${n1.x}.0-24`);
    expect(lease.ok && lease.node.value).toBe(
      `{"PublicIP":"10.168.0.2","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"${vtepMac(p, 'node1')}"}}`,
    );
    expect(lease.ok && lease.node.ttl).toBe(86400);
    expect(env(p, 'node1')).toBe(
      `FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.${n1.x}.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n`,
    );

    // C10: the VTEP and its tables, line for line as the reference (subnets and MACs of this run).
    const mac2 = vtepMac(p, 'node2');
    expect(p.run('node1', 'ip -d link show flannel.1').stdout).toContain(
      'vxlan id 1 local 10.168.0.2 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300',
    );
    expect(p.run('node1', 'ip -d link show flannel.1').stdout).toContain('mtu 1450');
    const pods = [
      [n1.x, `10.244.${n1.x}.0/24 dev cni0 proto kernel scope link src 10.244.${n1.x}.1 \n`],
      [n2.x, `10.244.${n2.x}.0/24 via 10.244.${n2.x}.0 dev flannel.1 onlink \n`],
    ] as const;
    expect(p.run('node1', 'ip route').stdout).toBe(
      `default via 10.168.0.1 dev eth0 \n` +
        `10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2 \n` +
        [...pods]
          .sort((a, b) => a[0] - b[0])
          .map((x) => x[1])
          .join(''),
    );
    expect(p.run('node1', 'ip neigh show dev flannel.1').stdout).toBe(
      `10.244.${n2.x}.0 lladdr ${mac2} PERMANENT \n`,
    );
    expect(p.run('node1', 'bridge fdb show dev flannel.1').stdout).toBe(
      `${mac2} dst 10.168.0.3 self permanent\n`,
    );
    expect(p.run('node1', 'ip addr show flannel.1').stdout).toContain(
      `inet 10.244.${n1.x}.0/32 scope global flannel.1`,
    );

    // Pod to pod: two routed hops, ttl=62 as in the reference.
    const r = p.run('node1', `ip netns exec pod1 ping -c 1 10.244.${n2.x}.2`);
    expect(r.stdout).toContain(`64 bytes from 10.244.${n2.x}.2: icmp_seq=1 ttl=62`);

    // The log, klog-formatted on the virtual clock.
    const log = p.world.machines.get('node1')?.files.get(FLANNELD_LOG) ?? '';
    expect(log).toMatch(
      /^I0101 00:00:00\.\d{6} +\d+ main\.go:229\] CLI flags config: \{etcdEndpoints:http:\/\/10\.168\.0\.1:2379 /,
    );
    expect(log).toContain('main.go:540] Found network config - Backend type: vxlan\n');
    expect(log).toContain(
      'vxlan.go:128] VXLAN config: VNI=1 Port=0 GBP=false Learning=false DirectRouting=false\n',
    );
    expect(log).toContain(
      `local_manager.go:209] Allocated lease (ip: 10.244.${n1.x}.0/24 ipv6: ::/0) to current node (10.168.0.2) \n`,
    );
    expect(log).toContain('main.go:481] Wrote subnet file to /run/flannel/subnet.env\n');
    expect(log).toContain('vxlan_network.go:68] watching for new subnet leases\n');
    expect(log).toContain(
      `vxlan_network.go:270] Received Subnet Event with VxLan: BackendType: vxlan, PublicIP: 10.168.0.3, PublicIPv6: (nil), BackendData: {"VNI":1,"VtepMAC":"${mac2}"}, BackendV6Data: (nil)\n`,
    );
    expect(p.run('node1', `cat ${FLANNELD_LOG}`).stdout).toBe(log);
  });

  it('a third host joining later updates the first two (C13), a deleted lease is unprogrammed', () => {
    const { p, etcd, nodes } = lab('vxlan', 3);
    startNode(p, nodes[0], 1);
    startNode(p, nodes[1], 2);
    expect(p.run('node1', 'ip route').stdout).not.toContain('10.168.0.4');
    startNode(p, nodes[2], 3);
    p.lab.run(50);
    const n3 = nodes[2];
    const mac3 = vtepMac(p, 'node3');
    for (const n of ['node1', 'node2']) {
      expect(p.run(n, 'ip route').stdout).toContain(
        `10.244.${n3.x}.0/24 via 10.244.${n3.x}.0 dev flannel.1 onlink`,
      );
      expect(p.run(n, 'bridge fdb show dev flannel.1').stdout).toContain(
        `${mac3} dst 10.168.0.4 self permanent`,
      );
    }
    const r = p.run('node1', `ip netns exec pod1 ping -c 1 10.244.${n3.x}.2`);
    expect(r.stdout).toContain('ttl=62');

    etcd.rmNow(`${PREFIX}/subnets/10.244.${n3.x}.0-24`);
    p.lab.run(50);
    expect(p.run('node1', 'ip route').stdout).not.toContain(`10.244.${n3.x}.0/24`);
    expect(p.run('node1', 'ip neigh show dev flannel.1').stdout).not.toContain(`10.244.${n3.x}.0`);
    expect(p.run('node1', 'bridge fdb show dev flannel.1').stdout).not.toContain(mac3);
  });

  it('renews its lease an hour before the 24 h TTL runs out', () => {
    const { p, etcd, nodes } = lab('vxlan', 1);
    startNode(p, nodes[0], 1);
    const key = `${PREFIX}/subnets/10.244.${nodes[0].x}.0-24`;
    p.lab.run(23.5 * 3600 * 1000);
    const lease = etcd.getNow(key);
    expect(lease.ok && lease.node.ttl).toBeGreaterThan(23 * 3600);
    const log = p.world.machines.get('node1')?.files.get(FLANNELD_LOG) ?? '';
    expect(log).toMatch(
      /local_manager\.go:387\] Lease renewed, new expiration: 2024-01-02 23:00:00\.\d+ \+0000 UTC\n/,
    );
  });

  it('retries every second while the config is missing', () => {
    const { p, etcd, nodes } = lab('vxlan', 1);
    etcd.rmNow(`${PREFIX}/config`);
    p.run('node1', 'flanneld --etcd-endpoints=http://10.168.0.1:2379 --iface=eth0');
    p.lab.run(2500);
    const log = p.world.machines.get('node1')?.files.get(FLANNELD_LOG) ?? '';
    expect(
      log.match(
        /Couldn't fetch network config: 100: Key not found \(\/coreos.com\/network\/config\)/g,
      )?.length,
    ).toBe(3);
    etcd.setNow(`${PREFIX}/config`, '{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}}');
    p.lab.run(1500);
    expect(env(p, 'node1')).toContain('FLANNEL_MTU=1450');
    expect(nodes).toHaveLength(1);
  });
});

/** Trace events of the packet family rooted at `root` (children via parentId). */
function family(events: TraceEvent[], root: number): TraceEvent[] {
  const ids = new Set([root]);
  const out: TraceEvent[] = [];
  for (const e of events) {
    if (ids.has(e.packetId) || (e.parentId !== undefined && ids.has(e.parentId))) {
      ids.add(e.packetId);
      out.push(e);
    }
  }
  return out;
}

function echoRequestCrossings(p: PacketLab, from: string, cmd: string): TraceEvent[] {
  p.world.trace.enabled = true;
  p.takeTrace();
  const r = p.run(from, cmd);
  expect(r.code).toBe(0);
  const events = p.takeTrace();
  const send = events.find((e) => e.hook === 'socket.send' && e.netns === 'pod1');
  if (!send) throw new Error('no socket.send from pod1');
  // The echo request's way out of the sender: everything before the family reaches another host.
  const fam = family(events, send.packetId);
  const away = fam.findIndex((e) => e.machine !== from);
  return fam.slice(0, away < 0 ? fam.length : away).filter((e) => e.space === 'user');
}

describe('flanneld, udp backend', () => {
  it('flannel0 + UDP 8285: ping works, ttl=60, three user/kernel crossings on the sender (C07, C08)', () => {
    const { p, nodes } = lab('udp', 2);
    for (const [i, n] of nodes.entries()) startNode(p, n, i + 1);
    p.lab.run(50);
    const [n1, n2] = nodes;
    expect(env(p, 'node1')).toBe(
      `FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.${n1.x}.1/24\nFLANNEL_MTU=1472\nFLANNEL_IPMASQ=false\n`,
    );
    expect(p.run('node1', 'ip route').stdout).toContain('10.244.0.0/16 dev flannel0 \n');
    const addr = p.run('node1', 'ip addr show flannel0').stdout;
    expect(addr).toContain('mtu 1472');
    expect(addr).toContain(`inet 10.244.${n1.x}.0/32 scope global flannel0`);

    const cmd = `ip netns exec pod1 ping -c 1 10.244.${n2.x}.2`;
    const crossings = echoRequestCrossings(p, 'node1', cmd);
    expect(crossings.map((e) => e.hook)).toEqual(['socket.send', 'socket.recv', 'udp.send']);
    const r = p.run('node1', cmd);
    expect(r.stdout).toContain(`64 bytes from 10.244.${n2.x}.2: icmp_seq=1 ttl=60`);
  });

  it('vxlan: only ping itself crosses on the sender (C10)', () => {
    const { p, nodes } = lab('vxlan', 2);
    for (const [i, n] of nodes.entries()) startNode(p, n, i + 1);
    p.lab.run(50);
    const crossings = echoRequestCrossings(
      p,
      'node1',
      `ip netns exec pod1 ping -c 1 10.244.${nodes[1].x}.2`,
    );
    expect(crossings.map((e) => e.hook)).toEqual(['socket.send']);
  });
});

describe('flanneld, host-gw backend', () => {
  it('routes via the peer host on one segment (C11): ttl=62, MTU 1500', () => {
    const { p, nodes } = lab('host-gw', 2);
    for (const [i, n] of nodes.entries()) startNode(p, n, i + 1);
    p.lab.run(50);
    const [n1, n2] = nodes;
    expect(env(p, 'node1')).toContain('FLANNEL_MTU=1500\n');
    expect(p.run('node1', 'ip route').stdout).toContain(
      `10.244.${n2.x}.0/24 via 10.168.0.3 dev eth0 \n`,
    );
    const r = p.run('node1', `ip netns exec pod1 ping -c 1 10.244.${n2.x}.2`);
    expect(r.stdout).toContain('ttl=62');
    const log = p.world.machines.get('node1')?.files.get(FLANNELD_LOG) ?? '';
    expect(log).toContain(
      `route_network.go:93] Subnet added: 10.244.${n2.x}.0/24 via 10.168.0.3\n`,
    );
    expect(n1.x).not.toBe(n2.x);
  });

  it('fails across a router: the kernel refuses the gateway and flanneld logs it (C12)', () => {
    const { p, nodes } = lab('host-gw', 2, 'router');
    for (const [i, n] of nodes.entries()) startNode(p, n, i + 1);
    p.lab.run(50);
    const [n1, n2] = nodes;
    expect(p.run('node1', 'ip route').stdout).toBe(
      `default via 10.168.0.1 dev eth0 \n` +
        `10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2 \n` +
        `10.244.${n1.x}.0/24 dev cni0 proto kernel scope link src 10.244.${n1.x}.1 \n`,
    );
    const log = p.world.machines.get('node1')?.files.get(FLANNELD_LOG) ?? '';
    expect(log).toMatch(
      new RegExp(
        `E0101 [^\\n]*route_network\\.go:168\\] Error adding route to \\{Ifindex: 2 Dst: 10\\.244\\.${n2.x}\\.0/24 Src: <nil> Gw: 10\\.168\\.1\\.3 Flags: \\[\\] Table: 0 Realm: 0\\}: `,
      ),
    );
    const r = p.run('node1', `ip netns exec pod1 ping -c 1 -W 1 10.244.${n2.x}.2`, true);
    expect(r.stdout).toContain('100% packet loss');
  });
});

describe('flanneld command', () => {
  it('rejects unknown flags as Go flag does, and a second start', () => {
    const { p } = lab('vxlan', 1);
    const bad = p.run('node1', 'flanneld --etcd-endpoint=x', true);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'flag provided but not defined: -etcd-endpoint\nUsage: flanneld [OPTION]...\n',
    );
    p.run('node1', 'flanneld --etcd-endpoints=http://10.168.0.1:2379 --iface=eth0');
    const again = p.run('node1', 'flanneld --etcd-endpoints=http://10.168.0.1:2379', true);
    expect(again.code).toBe(1);
  });
});
