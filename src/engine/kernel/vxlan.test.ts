/// <reference types="node" />
/**
 * Flannel's VXLAN backend in the lab (claim C10), checked against the reference capture
 * (/work/shared/reference/corpus/flannel-vxlan): two nodes on an underlay, a pod behind each,
 * flannel.1 as flanneld programs it (a /32 address, `via X.Y.Z.0 dev flannel.1 onlink`, a
 * permanent neighbour and FDB entry per peer, nolearning).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PacketLab, type TappedFrame } from '../testing/packet-lab';
import { LinkType, PcapWriter, parseFrame } from '../wire';
import { parseIpv4, parseMac } from './inet';
import { neighAdd } from './neigh';
import { vxlanSrcPort } from './vxlan';

const MAC1 = '9e:e5:c8:4a:c1:f0';
const MAC2 = '6a:40:f2:c7:01:b0';

function node(p: PacketLab, n: 1 | 2, mac: string, peerMac: string): void {
  const me = `node${n}`;
  const peer = n === 1 ? 2 : 1;
  const under = `10.168.0.${n + 1}`;
  const peerUnder = `10.168.0.${peer + 1}`;
  p.script(
    'host',
    `ip link add eth0 netns pod${n} type veth peer name veth${n} netns ${me}
    ip -n pod${n} addr add 10.244.${n}.2/24 dev eth0
    ip -n pod${n} link set eth0 mtu 1450
    ip -n pod${n} link set eth0 up
    ip -n pod${n} link set lo up
    ip -n pod${n} route add default via 10.244.${n}.1
    ip -n ${me} addr add 10.244.${n}.1/24 dev veth${n}
    ip -n ${me} link set veth${n} up
    ip -n ${me} link set lo up
    ip netns exec ${me} sysctl -w net.ipv4.ip_forward=1
    ip -n ${me} link add flannel.1 type vxlan id 1 dstport 8472 local ${under} dev eth0 nolearning
    ip -n ${me} link set flannel.1 address ${mac}
    ip -n ${me} addr add 10.244.${n}.0/32 dev flannel.1
    ip -n ${me} link set flannel.1 up
    ip -n ${me} route add 10.244.${peer}.0/24 via 10.244.${peer}.0 dev flannel.1 onlink
    bridge -n ${me} fdb append ${peerMac} dev flannel.1 dst ${peerUnder} self permanent`,
  );
  const ns = p.ns('host', me);
  const r = neighAdd(
    p.world,
    ns,
    {
      dev: p.dev('host', me, 'flannel.1'),
      addr: parseIpv4(`10.244.${peer}.0`) as number,
      lladdr: parseMac(peerMac) as number,
      state: 'PERMANENT',
    },
    'add',
  );
  expect(r.ok).toBe(true);
}

function flannelVxlanLab(): PacketLab {
  const p = new PacketLab(7);
  p.run('lab', 'machine add host --bare');
  p.script(
    'host',
    `ip netns add node1
    ip netns add node2
    ip netns add pod1
    ip netns add pod2
    ip link add eth0 netns node1 type veth peer name eth0 netns node2
    ip -n node1 addr add 10.168.0.2/24 dev eth0
    ip -n node2 addr add 10.168.0.3/24 dev eth0
    ip -n node1 link set eth0 up
    ip -n node2 link set eth0 up`,
  );
  node(p, 1, MAC1, MAC2);
  node(p, 2, MAC2, MAC1);
  return p;
}

const outgoing = (frames: TappedFrame[]) =>
  frames.filter((f) => f.dir === 'out' && f.frame[12] === 0x08 && f.frame[13] === 0x00);

describe('VXLAN overlay as flannel programs it', () => {
  it('pings pod to pod with TTL 62 and writes outer frames like the reference capture', () => {
    const p = flannelVxlanLab();
    const eth0 = p.tap(p.dev('host', 'node1', 'eth0'));
    const r = p.run('host', 'ip netns exec pod1 ping -c 2 10.244.2.2');
    expect(r.stdout).toContain('64 bytes from 10.244.2.2: icmp_seq=1 ttl=62');
    expect(r.stdout).toContain('2 packets transmitted, 2 received, 0% packet loss');

    const out = outgoing(eth0);
    expect(out).toHaveLength(2);
    const ports = new Set<number>();
    for (const { frame } of out) {
      expect(frame.length).toBe(148); // 98-byte ICMP echo frame + 50
      const tree = parseFrame(frame, 'ethernet', { verifyChecksum: true });
      if (tree.kind !== 'ethernet' || tree.payload.kind !== 'ipv4') throw new Error('not IPv4');
      const ip = tree.payload.ip;
      expect(ip.dontFrag).toBe(false);
      expect(ip.ttl).toBe(64);
      expect(ip.protocol).toBe(17);
      expect(ip.src).toBe(parseIpv4('10.168.0.2'));
      expect(ip.dst).toBe(parseIpv4('10.168.0.3'));
      const udp = tree.payload.payload;
      if (udp.kind !== 'udp') throw new Error(`outer not UDP: ${udp.kind}`);
      expect(udp.udp.dstPort).toBe(8472);
      expect(udp.udp.checksum).toBe('full'); // verified above (verifyChecksum)
      expect(udp.udp.srcPort).toBeGreaterThanOrEqual(32768);
      expect(udp.udp.srcPort).toBeLessThanOrEqual(60999);
      ports.add(udp.udp.srcPort);
      const vx = udp.payload;
      if (vx.kind !== 'vxlan') throw new Error('no VXLAN');
      expect(vx.vxlan).toEqual({ flags: 0x08, vni: 1 });
      const inner = vx.payload;
      if (inner.kind !== 'ethernet') throw new Error('no inner Ethernet');
      expect(inner.eth.src).toBe(parseMac(MAC1));
      expect(inner.eth.dst).toBe(parseMac(MAC2));
      if (inner.payload.kind !== 'ipv4') throw new Error('no inner IPv4');
      expect(inner.payload.ip.ttl).toBe(63);
      expect(inner.payload.ip.dontFrag).toBe(true);
    }
    // One inner flow, one outer source port.
    expect(ports.size).toBe(1);
    // No ARP on flannel.1: the neighbour is permanent.
    const stats = p.dev('host', 'node2', 'flannel.1').stats;
    expect(stats.rxPackets).toBe(2);
  });

  it('keeps encapsulation in the kernel: no user-space step between the pods (C10)', () => {
    const p = flannelVxlanLab();
    p.takeTrace();
    p.run('host', 'ip netns exec pod1 ping -c 1 10.244.2.2');
    const events = p.takeTrace();
    const encap = events.filter((e) => e.hook === 'vxlan.encap');
    const decap = events.filter((e) => e.hook === 'vxlan.decap');
    expect(encap).toHaveLength(2); // request from node1, reply from node2
    expect(decap).toHaveLength(2);
    for (const e of [...encap, ...decap]) {
      expect(e.parentId).toBeDefined();
      expect(e.space).toBe('kernel');
    }
    const user = events.filter((e) => e.space === 'user').map((e) => e.hook);
    expect(user).toEqual(['socket.send', 'socket.deliver']);
  });

  it('drops silently without an FDB entry (nolearning) and counts TX dropped', () => {
    const p = flannelVxlanLab();
    p.run('host', `bridge -n node1 fdb del ${MAC2} dev flannel.1 dst 10.168.0.3 self`);
    expect(p.run('host', 'bridge -n node1 fdb show dev flannel.1').stdout).toBe('');
    const dev = p.dev('host', 'node1', 'flannel.1');
    const before = { ...dev.stats };
    p.takeTrace();
    const r = p.run('host', 'ip netns exec pod1 ping -c 2 -W 1 10.244.2.2', true);
    const events = p.takeTrace();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('2 packets transmitted, 0 received, 100% packet loss');
    expect(r.stdout).not.toContain('From ');
    expect(dev.stats.txDropped - before.txDropped).toBe(2);
    expect(dev.stats.txPackets).toBe(before.txPackets);
    const drops = events.filter((e) => e.hook === 'drop');
    expect(drops.some((e) => e.detail.startsWith('vxlan_no_remote'))).toBe(true);
  });

  it('floods through the all-zeros default entry when the MAC is unknown', () => {
    const p = flannelVxlanLab();
    p.script(
      'host',
      `bridge -n node1 fdb del ${MAC2} dev flannel.1
      bridge -n node1 fdb append 00:00:00:00:00:00 dev flannel.1 dst 10.168.0.3`,
    );
    expect(p.run('host', 'ip netns exec pod1 ping -c 1 10.244.2.2').stdout).toContain('ttl=62');
  });

  it('answers a DF packet bigger than flannel.1 with "Frag needed" (mtu 1450)', () => {
    const p = flannelVxlanLab();
    p.run('host', 'ip -n pod1 link set eth0 mtu 1500');
    p.run('host', 'ip -n node1 link set veth1 mtu 1500');
    const r = p.run('host', 'ip netns exec pod1 ping -c 1 -M do -s 1472 10.244.2.2', true);
    expect(r.stdout).toContain('From 10.244.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1450)');
  });

  it('learns remote MACs when learning is on and refuses to bind its port to a process', () => {
    const p = flannelVxlanLab();
    p.script(
      'host',
      `ip -n node2 link del flannel.1
      ip -n node2 link add flannel.1 type vxlan id 1 dstport 8472 local 10.168.0.3 dev eth0
      ip -n node2 link set flannel.1 address ${MAC2}
      ip -n node2 addr add 10.244.2.0/32 dev flannel.1
      ip -n node2 link set flannel.1 up
      ip -n node2 route add 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink`,
    );
    neighAdd(
      p.world,
      p.ns('host', 'node2'),
      {
        dev: p.dev('host', 'node2', 'flannel.1'),
        addr: parseIpv4('10.244.1.0') as number,
        lladdr: parseMac(MAC1) as number,
        state: 'PERMANENT',
      },
      'add',
    );
    // node2 has no FDB entry for node1 yet: the request teaches it.
    p.run('host', 'ip netns exec pod1 ping -c 1 -W 1 10.244.2.2', true);
    expect(p.run('host', 'bridge -n node2 fdb show dev flannel.1').stdout).toBe(
      `${MAC1} dst 10.168.0.2 self \n`,
    );
    expect(p.run('host', 'ip netns exec pod1 ping -c 1 10.244.2.2').stdout).toContain('ttl=62');
  });

  it('hashes one flow to one source port and spreads flows', () => {
    const v = { vni: 1, dstport: 8472, learning: false, ttl: 0 };
    const frame = (src: number) => {
      const f = new Uint8Array(14 + 28);
      f[12] = 0x08;
      f[14] = 0x45;
      f[23] = 17;
      f[29] = src;
      f[33] = 2;
      f[34] = 0x30;
      f[35] = src;
      f[37] = 53;
      return f;
    };
    const a = vxlanSrcPort(v, frame(1), 12345);
    expect(vxlanSrcPort(v, frame(1), 12345)).toBe(a);
    const all = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => vxlanSrcPort(v, frame(s), 12345)));
    expect(all.size).toBeGreaterThan(4);
    for (const port of all) expect(port >= 32768 && port < 60999).toBe(true);
    expect(
      vxlanSrcPort({ ...v, srcPortMin: 5000, srcPortMax: 5010 }, frame(1), 12345),
    ).toBeLessThan(5010);
  });

  it('writes outer frames that tshark decodes as VXLAN with good checksums', () => {
    const tshark = '/usr/bin/tshark';
    if (!existsSync(tshark)) throw new Error(`${tshark} is missing (apt-get install tshark)`);
    const p = flannelVxlanLab();
    const eth0 = p.tap(p.dev('host', 'node1', 'eth0'));
    p.run('host', 'ip netns exec pod1 ping -c 2 10.244.2.2');
    const pcap = new PcapWriter(LinkType.Ethernet);
    for (const f of eth0) pcap.write(f.t, f.frame);
    const file = join(mkdtempSync(join(tmpdir(), 'cnlab-vxlan-')), 'node1-eth0.pcap');
    writeFileSync(file, pcap.bytes());
    const out = execFileSync(
      tshark,
      [
        '-r',
        file,
        '-d',
        'udp.port==8472,vxlan',
        '-o',
        'udp.check_checksum:TRUE',
        '-o',
        'ip.check_checksum:TRUE',
        '-Y',
        'vxlan',
        '-T',
        'fields',
        '-e',
        'vxlan.vni',
        '-e',
        'udp.checksum.status',
        '-e',
        'ip.checksum.status',
        '-e',
        'ip.flags.df',
        '-e',
        'eth.src',
        '-e',
        'icmp.type',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const rows = out.trim().split('\n');
    expect(rows).toHaveLength(4); // two requests out, two replies in
    for (const row of rows) {
      const [vni, udpOk, ipOk, df, ethSrc] = row.split('\t');
      expect(vni).toBe('1');
      expect(udpOk).toBe('1'); // 1 = Good
      expect(ipOk.split(',')).toEqual(['1', '1']); // outer and inner IPv4 headers
      expect(df.split(',')[0]).toBe('0'); // outer DF not set
      expect(ethSrc.split(',')[1]).toMatch(/^(9e:e5:c8:4a:c1:f0|6a:40:f2:c7:01:b0)$/);
    }
  });
});
