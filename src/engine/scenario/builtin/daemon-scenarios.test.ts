/**
 * The daemon-driven built-ins (docker-daemons.ts, flannel-daemons.ts) with the source material's
 * names and addresses: what a student runs in each, what the pcap on node1's underlay eth0 shows
 * (the recorder `cnlab run --pcap` uses) and what etcd holds. src/cli/commands.test.ts runs each
 * one through `cnlab run ID --exec …`.
 */
import { describe, expect, it } from 'vitest';
import { formatMac } from '../../kernel/inet';
import { decodeStack } from '../../wire';
import { networkConfig } from './flannel-daemons';
import { type Ran, runBuiltin as run } from './run-builtin';

const PING_C2 = 'node1: docker exec container-1 ping -c 1 100.96.2.3';
const V2 = 'ETCDCTL_API=2 etcdctl';

function ttls(output: string): number[] {
  return [...output.matchAll(/ttl=(\d+)/g)].map((m) => Number(m[1]));
}

/** A frame as its layers' names, each with its decoded fields by name. */
function layers(frame: Uint8Array): { name: string; f: Record<string, string> }[] {
  return decodeStack(frame, 'ethernet').map((l) => ({
    name: l.name,
    f: Object.fromEntries(l.fields.map((x) => [x.name, String(x.value)])),
  }));
}

function framesOn(r: Ran, file: string) {
  return (r.frames.get(file) ?? []).map(layers);
}

function mac(r: Ran, machine: string, dev: string): string {
  const d = r.lab.worldForBench().machines.get(machine)?.root.byName(dev);
  if (!d) throw new Error(`no ${dev} on ${machine}`);
  return formatMac(d.mac);
}

function file(r: Ran, machine: string, path: string): string {
  return r.lab.worldForBench().machines.get(machine)?.files.get(path) ?? '';
}

describe('net-host (C02)', () => {
  it('a host-network container sees the host stack; a second nginx cannot bind port 80', () => {
    const r = run(
      'net-host',
      'node1: docker exec host-shell ip -br addr',
      'node1: docker exec host-shell hostname',
      'node1: docker logs nginx-host-2',
      'node1: docker ps -a',
    );
    expect(r.output).toMatch(/^eth0 +UP +10\.168\.0\.2\/24 /m);
    expect(r.output).toMatch(/^docker0 +UP +172\.17\.0\.1\/16 /m);
    expect(r.output).toContain('\nnode1\n');
    expect(r.output).toContain(
      'nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n',
    );
    expect(r.output).toContain('nginx: [emerg] still could not bind()\n');
    expect(r.output).toMatch(/Exited \(1\) .* nginx-host-2\n/);
    // The first one holds the port; a bridged nginx has a port 80 of its own.
    expect(r.output).toMatch(/Up .* nginx-host\n/);
    expect(r.output).toMatch(/Up .* 80\/tcp +nginx-bridge\n/);
  });
});

describe('docker0 (C03, C04)', () => {
  it('container-1 pings container-2 over the bridge, which learns both MACs', () => {
    const r = run(
      'docker0',
      'node1: docker exec container-1 ping -c 1 172.17.0.3',
      'node1: bridge fdb show br docker0',
      'node1: docker exec container-1 ip -br link show eth0',
    );
    expect(r.status).toBe(0);
    expect(ttls(r.output)).toEqual([64]);
    expect(r.output).toMatch(/^02:42:ac:11:00:02 dev veth[0-9a-f]{7} master docker0 $/m);
    expect(r.output).toMatch(/^02:42:ac:11:00:03 dev veth[0-9a-f]{7} master docker0 $/m);
    // The container's eth0 is one end of a veth pair (eth0@ifN: the peer's ifindex).
    expect(r.output).toMatch(/^eth0@if\d+ +UP +02:42:ac:11:00:02 /m);
    // Only the bridge carried it: node1's eth0 saw nothing of the ping.
    const onEth0 = framesOn(r, 'node1__root__eth0.pcap');
    expect(onEth0.some((l) => l.some((x) => x.name === 'ICMP'))).toBe(false);
    const inC1 = framesOn(r, 'node1__container_container-1__eth0.pcap');
    expect(inC1.filter((l) => l[2]?.name === 'ICMP').map((l) => l[1].f['ip.dst'])).toEqual([
      '172.17.0.3',
      '172.17.0.2',
    ]);
  });
});

describe('docker-nat (C05, C06)', () => {
  const DEL = 'node1: iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE';

  it('container-1 reaches outside as 10.168.0.2 through MASQUERADE', () => {
    const r = run('docker-nat', 'node1: docker exec container-1 ping -c 1 10.168.0.100');
    expect(r.status).toBe(0);
    expect(ttls(r.output)).toEqual([63]);
    const icmp = framesOn(r, 'outside__root__eth0.pcap').filter((l) => l[2]?.name === 'ICMP');
    expect(icmp.map((l) => [l[1].f['ip.src'], l[1].f['ip.dst']])).toEqual([
      ['10.168.0.2', '10.168.0.100'],
      ['10.168.0.100', '10.168.0.2'],
    ]);
  });

  it('without the MASQUERADE rule the reply has no way back: outside drops it', () => {
    const r = run('docker-nat', DEL, 'node1: docker exec container-1 ping -c 1 -W 1 10.168.0.100');
    expect(r.status).toBe(1);
    expect(r.output).toContain('1 packets transmitted, 0 received, 100% packet loss');
    // outside sees the container's own address, and has no route to it.
    const icmp = framesOn(r, 'outside__root__eth0.pcap').filter((l) => l[2]?.name === 'ICMP');
    expect(icmp.map((l) => [l[1].f['ip.src'], l[1].f['ip.dst']])).toEqual([
      ['172.17.0.2', '10.168.0.100'],
    ]);
    const drop = r.trace.find((e) => e.verdict === 'drop' && e.machine === 'outside');
    expect(drop).toMatchObject({ hook: 'route.lookup', detail: '172.17.0.2: ENETUNREACH' });
  });

  it('troubleshooting: docker0 still answers, and the rule is what is missing', () => {
    const r = run(
      'docker-nat',
      DEL,
      'node1: docker exec container-1 ping -c 1 172.17.0.1',
      'node1: iptables -t nat -S POSTROUTING',
    );
    expect(r.output).toContain('1 packets transmitted, 1 received');
    expect(r.output).not.toContain('MASQUERADE');
  });
});

/** What every flannel scenario shows in etcd and on node1, whatever the backend (C09). */
function expectFlannelState(id: string, backend: string, node2Ip = '10.168.0.3'): Ran {
  const r = run(
    id,
    `node1: ${V2} get /coreos.com/network/config`,
    `node1: ${V2} ls /coreos.com/network/subnets`,
    `node1: ${V2} get /coreos.com/network/subnets/100.96.2.0-24`,
    'node1: ip -br addr show docker0',
    'node2: docker exec container-2 ip -br addr show eth0',
    'node1: iptables -t nat -S POSTROUTING',
  );
  expect(r.warnings).toEqual([]);
  const lines = r.output.split('\n');
  expect(lines[0]).toBe(networkConfig(backend as never));
  // The source's listing, key for key (it had a third host's lease too).
  expect(lines.slice(1, 3)).toEqual([
    '/coreos.com/network/subnets/100.96.1.0-24',
    '/coreos.com/network/subnets/100.96.2.0-24',
  ]);
  // {"PublicIP":"10.168.0.3"} in the source; flanneld adds the rest of its lease attributes.
  expect(lines[3]).toMatch(
    new RegExp(
      `^\\{"PublicIP":"${node2Ip.replace(/\./g, '\\.')}","PublicIPv6":null,"BackendType":"${backend}"`,
    ),
  );
  expect(lines[4]).toMatch(/^docker0 +UP +100\.96\.1\.1\/24 /);
  expect(lines[5]).toMatch(/^eth0@if\d+ +UP +100\.96\.2\.3\/24 /);
  // flanneld --ip-masq masquerades only what leaves 100.96.0.0/16; FLANNEL_IPMASQ=true keeps
  // dockerd from adding its own rule (which would rewrite container-1's address to the peer).
  expect(lines.slice(6)).toContain(
    '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
  );
  expect(r.output).not.toContain('! -o docker0 -j MASQUERADE');
  expect(file(r, 'node1', '/run/flannel/subnet.env')).toMatch(
    /^FLANNEL_NETWORK=100\.96\.0\.0\/16\nFLANNEL_SUBNET=100\.96\.1\.1\/24\nFLANNEL_MTU=\d+\nFLANNEL_IPMASQ=true\n$/,
  );
  return r;
}

/** The echo request and reply between the containers as node1's eth0 carried them. */
function underlayPing(r: Ran) {
  const frames = framesOn(r, 'node1__root__eth0.pcap').filter((l) =>
    l.some((x) => x.name === 'ICMP'),
  );
  expect(frames.length).toBe(2);
  return frames;
}

describe('flannel-udp (C07, C09)', () => {
  it('etcd holds the source’s leases; docker0 and the containers have the source’s addresses', () => {
    expectFlannelState('flannel-udp', 'udp');
  });

  it('container-1 → container-2: the whole IP packet inside UDP 8285 between the hosts', () => {
    const r = run('flannel-udp', PING_C2, 'node1: ip route');
    expect(r.status).toBe(0);
    // docker0, flannel0 (flanneld decrements TTL as it relays), then the same on node2.
    expect(ttls(r.output)).toEqual([60]);
    expect(r.output).toContain('100.96.0.0/16 dev flannel0 \n');
    const [req, rep] = underlayPing(r);
    expect(req.map((x) => x.name)).toEqual(['Ethernet II', 'IPv4', 'UDP', 'IPv4', 'ICMP']);
    expect([req[1].f['ip.src'], req[1].f['ip.dst']]).toEqual(['10.168.0.2', '10.168.0.3']);
    expect([req[2].f['udp.srcport'], req[2].f['udp.dstport']]).toEqual(['8285', '8285']);
    expect([req[3].f['ip.src'], req[3].f['ip.dst']]).toEqual(['100.96.1.2', '100.96.2.3']);
    expect([rep[3].f['ip.src'], rep[3].f['ip.dst']]).toEqual(['100.96.2.3', '100.96.1.2']);
  });
});

describe('flannel-vxlan (C09, C10)', () => {
  it('etcd holds the source’s leases; docker0 and the containers have the source’s addresses', () => {
    const r = expectFlannelState('flannel-vxlan', 'vxlan');
    expect(r.output).toContain(
      `"BackendData":{"VNI":1,"VtepMAC":"${mac(r, 'node2', 'flannel.1')}"}}`,
    );
  });

  it('container-1 → container-2: VXLAN VNI 1 to UDP 8472, inner MACs the two flannel.1 MACs', () => {
    const r = run('flannel-vxlan', PING_C2, 'node1: ip route show 100.96.2.0/24');
    expect(r.status).toBe(0);
    expect(ttls(r.output)).toEqual([62]);
    expect(r.output).toContain('100.96.2.0/24 via 100.96.2.0 dev flannel.1 onlink \n');
    const [req] = underlayPing(r);
    expect(req.map((x) => x.name)).toEqual([
      'Ethernet II',
      'IPv4',
      'UDP',
      'VXLAN',
      'Ethernet II',
      'IPv4',
      'ICMP',
    ]);
    expect([req[1].f['ip.src'], req[1].f['ip.dst']]).toEqual(['10.168.0.2', '10.168.0.3']);
    expect(req[2].f['udp.dstport']).toBe('8472');
    expect(req[3].f['vxlan.vni']).toBe('1');
    expect([req[4].f['eth.src'], req[4].f['eth.dst']]).toEqual([
      mac(r, 'node1', 'flannel.1'),
      mac(r, 'node2', 'flannel.1'),
    ]);
    expect([req[5].f['ip.src'], req[5].f['ip.dst']]).toEqual(['100.96.1.2', '100.96.2.3']);
  });
});

describe('flannel-host-gw (C09, C11)', () => {
  it('etcd holds the source’s leases; docker0 and the containers have the source’s addresses', () => {
    expectFlannelState('flannel-host-gw', 'host-gw');
  });

  it('container-1 → container-2: plain ICMP between the containers, from node1’s MAC to node2’s', () => {
    const r = run('flannel-host-gw', PING_C2, 'node1: ip route show 100.96.2.0/24');
    expect(r.status).toBe(0);
    expect(ttls(r.output)).toEqual([62]);
    expect(r.output).toContain('100.96.2.0/24 via 10.168.0.3 dev eth0 \n');
    const [req, rep] = underlayPing(r);
    expect(req.map((x) => x.name)).toEqual(['Ethernet II', 'IPv4', 'ICMP']);
    expect([req[0].f['eth.src'], req[0].f['eth.dst']]).toEqual([
      mac(r, 'node1', 'eth0'),
      mac(r, 'node2', 'eth0'),
    ]);
    expect([req[1].f['ip.src'], req[1].f['ip.dst']]).toEqual(['100.96.1.2', '100.96.2.3']);
    expect([rep[1].f['ip.src'], rep[1].f['ip.dst']]).toEqual(['100.96.2.3', '100.96.1.2']);
  });
});

describe('host-gw-router (C12)', () => {
  it('the kernel refuses the route via a host that is not on-link; flanneld logs it; the ping is lost', () => {
    const r = expectFlannelState('host-gw-router', 'host-gw', '10.168.1.3');
    expect(r.lab.view().machines.map((m) => m.name)).toEqual(['node1', 'router', 'node2']);
    const log = file(r, 'node1', '/var/log/flanneld.log');
    expect(log).toContain('route_network.go:93] Subnet added: 100.96.2.0/24 via 10.168.1.3\n');
    // Linux says ENETUNREACH ("network is unreachable") here; see the report on rtnl.ts.
    expect(log).toMatch(
      /\nE0101 [^\n]* route_network\.go:168\] Error adding route to \{Ifindex: 2 Dst: 100\.96\.2\.0\/24 Src: <nil> Gw: 10\.168\.1\.3 Flags: \[\] Table: 0 Realm: 0\}: /,
    );
    const p = run('host-gw-router', 'node1: ip route', PING_C2.replace('-c 1', '-c 1 -W 1'));
    expect(p.status).toBe(1);
    expect(p.output).not.toContain('100.96.2.0/24');
    expect(p.output).toContain('1 packets transmitted, 0 received, 100% packet loss');
    // Without its route the packet follows node1's default route and dies at the router.
    const drops = p.trace.filter((e) => e.verdict === 'drop' && e.machine === 'router');
    expect(drops.map((e) => e.detail)).toContain('ip_noroute: 100.96.2.3');
  });
});
