/**
 * Each built-in scenario against the reference run it reproduces (reference/corpus/<name>): the
 * reference's pings succeed with its TTLs, and the frames captured on the interface the
 * reference captured have the same structure — layers, lengths, TTLs, DF, addresses, ports,
 * VNI — with valid checksums. Only random MACs, IP/ICMP ids and the VXLAN source port differ.
 */
import { describe, expect, it } from 'vitest';
import { frameErrors, fromHex, type Linktype, parseFrame } from '../../wire';
import { corpusBytes } from '../../wire/fixtures/corpus-util';
import { FLANNEL_VTEP_MAC } from './flannel-vxlan-manual';
import { checksumStatuses, frameShape, layerNames } from './frame-shape';
import { BUILTIN_SCENARIOS } from './index';
import { REFERENCE_FRAMES } from './reference-frames';
import { type Ran, runBuiltin as run } from './run-builtin';

function ttls(output: string): number[] {
  return [...output.matchAll(/ttl=(\d+)/g)].map((m) => Number(m[1]));
}

function refBytes(id: string): Uint8Array {
  const extra = REFERENCE_FRAMES[id];
  return extra === undefined ? corpusBytes(id) : fromHex(extra);
}

/**
 * The first frames of capture `file` match the reference frames `refIds` one for one: same
 * shape, same layer names and lengths; and every checksum in the lab's frames is valid.
 */
function expectLikeReference(
  ran: Ran,
  file: string,
  refIds: string[],
  fixedMacs: readonly string[],
  linktype: Linktype = 'ethernet',
): void {
  const got = ran.frames.get(file);
  expect(got, `${file} captured`).toBeDefined();
  const frames = (got ?? []).slice(0, refIds.length);
  expect(frames.length, `${file}: frames captured`).toBe(refIds.length);
  refIds.forEach((refId, i) => {
    const ref = refBytes(refId);
    const sim = frames[i];
    expect(frameShape(sim, linktype, fixedMacs), `${file} frame ${i + 1} vs ${refId}`).toEqual(
      frameShape(ref, linktype, fixedMacs),
    );
    expect(layerNames(sim, linktype)).toEqual(layerNames(ref, linktype));
    expect(frameErrors(parseFrame(sim, linktype, { verifyChecksum: true }))).toEqual([]);
    for (const s of checksumStatuses(sim, linktype)) expect(s).toMatch(/=good$/);
  });
}

describe('built-in scenarios', () => {
  it.each(BUILTIN_SCENARIOS.map((b) => [b.id, b] as const))(
    '%s loads without a failing step',
    (_id, b) => {
      const r = run(b.id);
      expect(r.warnings).toEqual([]);
      expect(b.title).toBe(b.scenario.title);
      expect(b.description).not.toMatch(/\n/);
      for (const m of r.lab.view().machines) {
        expect(b.scenario.layout[`machine:${m.name}`], `layout of ${m.name}`).toBeDefined();
        // booted: lo is up in every namespace
        for (const ns of m.namespaces) {
          expect(ns.devices.find((d) => d.name === 'lo')?.up, `${m.name} ${ns.name} lo`).toBe(true);
        }
      }
      for (const s of r.lab.view().segments) expect(b.scenario.layout[s.id]).toBeDefined();
    },
  );

  it('default: the two hosts ping each other', () => {
    const r = run('default', 'node1: ping -c 1 10.0.0.2');
    expect(r.status).toBe(0);
    expect(ttls(r.output)).toEqual([64]);
  });
});

describe('docker0-manual (reference corpus/docker0)', () => {
  const DOCKER_MACS = ['02:42:ac:11:00:02', '02:42:ac:11:00:03', '02:42:a6:c4:ba:41'];

  it('c1 → c2 over the bridge: ttl=64, frames as on c1 eth0', () => {
    const r = run('docker0-manual', 'host: ip netns exec c1 ping -c 1 172.17.0.3');
    expect(r.status).toBe(0);
    expect(ttls(r.output)).toEqual([64]);
    expect(r.output).toContain('1 packets transmitted, 1 received, 0% packet loss');
    expectLikeReference(
      r,
      'host__c1__eth0.pcap',
      ['docker0/c1__eth0#1', 'docker0/c1__eth0#2', 'docker0/c1__eth0#3', 'docker0/c1__eth0#4'],
      DOCKER_MACS,
    );
  });

  it('c1 → outside through MASQUERADE: ttl=63, source 10.168.0.2 on the host eth0', () => {
    const r = run('docker0-manual', 'host: ip netns exec c1 ping -c 1 10.168.0.100');
    expect(r.status).toBe(0);
    expect(ttls(r.output)).toEqual([63]);
    expectLikeReference(
      r,
      'host__root__eth0.pcap',
      [
        'docker0/host__eth0#2',
        'docker0/host__eth0#3',
        'docker0/host__eth0#4',
        'docker0/host__eth0#5',
      ],
      DOCKER_MACS,
    );
    // outside only ever sees the host's address
    const outside = r.frames.get('outside__root__eth0.pcap') ?? [];
    expect(outside.length).toBeGreaterThan(0);
  });

  it('MASQUERADE counts the first packet of the flow (iptables -t nat -L -n -v)', () => {
    const r = run(
      'docker0-manual',
      'host: ip netns exec c1 ping -c 3 10.168.0.100',
      'host: iptables -t nat -L POSTROUTING -n -v',
    );
    expect(r.output).toMatch(/\n\s+1\s+84 MASQUERADE\s+0\s+--\s+\*\s+!docker0\s+172\.17\.0\.0\/16/);
  });

  it('outside has no route back to the containers', () => {
    const r = run('docker0-manual', 'outside: ping -c 1 172.17.0.2');
    expect(r.status).toBe(2);
    expect(r.output).toBe('ping: connect: Network is unreachable\n');
  });
});

describe('flannel-vxlan-manual (reference corpus/flannel-vxlan)', () => {
  const VTEP_MACS = [FLANNEL_VTEP_MAC.node1, FLANNEL_VTEP_MAC.node2];

  it('pod1 → pod2: ttl=62, VXLAN frames as on node1 eth0', () => {
    const r = run('flannel-vxlan-manual', 'node1: ip netns exec pod1 ping -c 1 10.244.2.2');
    expect(r.status).toBe(0);
    expect(ttls(r.output)).toEqual([62]);
    expectLikeReference(
      r,
      'node1__root__eth0.pcap',
      [
        'flannel-vxlan/node1__eth0#2',
        'flannel-vxlan/node1__eth0#3',
        'flannel-vxlan/node1__eth0#4',
        'flannel-vxlan/node1__eth0#5',
      ],
      VTEP_MACS,
    );
  });

  it('no ARP on flannel.1 (permanent neigh entry)', () => {
    const r = run('flannel-vxlan-manual', 'node1: ip netns exec pod1 ping -c 1 10.244.2.2');
    for (const f of r.frames.get('node1__root__flannel.1.pcap') ?? []) {
      expect((f[12] << 8) | f[13]).toBe(0x0800);
    }
  });

  it('node1 → pod2: ttl=63, sourced from flannel.1 10.244.1.0', () => {
    const r = run(
      'flannel-vxlan-manual',
      'node1: ping -c 1 10.244.2.2',
      'node1: ip route get 10.244.2.2',
    );
    expect(ttls(r.output)).toEqual([63]);
    expect(r.output).toContain('10.244.2.2 via 10.244.2.0 dev flannel.1 src 10.244.1.0');
  });

  // Linux picks the outer UDP source port from a symmetric flow hash keyed per kernel boot
  // (udp_flow_src_port over skb_get_hash). The reference nodes are namespaces of ONE kernel, so
  // the request and reply there share a port (55565 both ways); the lab's node1 and node2 are
  // separate machines with their own keys, as real hosts are. What must hold: one flow keeps one
  // port on a given host.
  it('a host sends every packet of a flow with the same outer UDP source port', () => {
    const r = run('flannel-vxlan-manual', 'node1: ip netns exec pod1 ping -c 2 10.244.2.2');
    const vxlan = (r.frames.get('node1__root__eth0.pcap') ?? []).filter((f) => f.length === 148);
    expect(vxlan.length).toBe(4);
    const srcPort = (f: Uint8Array) => (f[34] << 8) | f[35];
    const fromNode1 = vxlan.filter((f) => f[26] === 10 && f[29] === 2);
    expect(fromNode1.length).toBe(2);
    expect(srcPort(fromNode1[0])).toBe(srcPort(fromNode1[1]));
  });
});

describe('flannel-hostgw (reference corpus/flannel-hostgw)', () => {
  it('pod1 → pod2: ttl=62, plain routed frames as on node1 eth0', () => {
    const r = run('flannel-hostgw', 'node1: ip netns exec pod1 ping -c 1 10.244.2.2');
    expect(r.status).toBe(0);
    expect(ttls(r.output)).toEqual([62]);
    expectLikeReference(
      r,
      'node1__root__eth0.pcap',
      [
        'flannel-hostgw/node1__eth0#1',
        'flannel-hostgw/node1__eth0#2',
        'flannel-hostgw/node1__eth0#3',
        'flannel-hostgw/node1__eth0#4',
      ],
      [],
    );
  });

  it('node1 → pod2: ttl=63', () => {
    const r = run('flannel-hostgw', 'node1: ping -c 1 10.244.2.2');
    expect(ttls(r.output)).toEqual([63]);
  });
});

describe('calico-static (reference corpus/calico, part A)', () => {
  const CALI_MAC = ['ee:ee:ee:ee:ee:ee'];

  it('pod1 → pod2: ttl=62, proxy ARP for 169.254.1.1, frames as on pod1 eth0 and node1 eth0', () => {
    const r = run(
      'calico-static',
      'node1: ip netns exec pod1 ping -c 1 10.233.2.2',
      'node1: ip netns exec pod1 ip neigh',
    );
    expect(r.status).toBe(0);
    expect(ttls(r.output)).toEqual([62]);
    expect(r.output).toContain('169.254.1.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee REACHABLE');
    expectLikeReference(
      r,
      'node1__pod1__eth0.pcap',
      ['calico/pod1__eth0__static#1', 'calico/pod1__eth0__static#2', 'calico/pod1__eth0__static#3'],
      CALI_MAC,
    );
    expectLikeReference(
      r,
      'node1__root__eth0.pcap',
      [
        'calico/node1__eth0__static#1',
        'calico/node1__eth0__static#2',
        'calico/node1__eth0__static#3',
        'calico/node1__eth0__static#4',
      ],
      CALI_MAC,
    );
  });

  it("felix's proxy_delay=0: the proxy ARP reply comes at once", () => {
    const r = run(
      'calico-static',
      'node1: sysctl net.ipv4.neigh.cali5863f3ab4d2.proxy_delay',
      'node1: ip netns exec pod1 ping -c 1 10.233.2.2',
    );
    expect(r.output).toContain('net.ipv4.neigh.cali5863f3ab4d2.proxy_delay = 0\n');
    const rtt = Number(/time=([\d.]+) ms/.exec(r.output)?.[1]);
    expect(rtt).toBeLessThan(10);
  });
});
