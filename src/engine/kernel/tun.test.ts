import { describe, expect, it } from 'vitest';
import { PacketLab } from '../testing/packet-lab';
import { emitFrame, parseFrame } from '../wire';
import { parseIpv4 } from './inet';
import { type TunFile, tunOpen } from './tun';
import { type UdpSocket, udpBind, udpRecv, udpSendto, udpSocketOpen } from './udp-socket';
import type { World } from './world';

const ip = (s: string) => parseIpv4(s) as number;

function bareLab(): PacketLab {
  const p = new PacketLab(3);
  p.run('lab', 'machine add host --bare');
  return p;
}

/** An ICMP echo request turned into its reply (what a test "process" writes back). */
function reflect(pkt: Uint8Array): Uint8Array {
  const t = parseFrame(pkt, 'raw');
  if (t.kind !== 'ipv4' || t.payload.kind !== 'icmp' || t.payload.icmp.kind !== 'echoRequest')
    throw new Error('not an echo request');
  const { id, seq, data } = t.payload.icmp;
  return emitFrame({
    kind: 'ipv4',
    ip: { ...t.ip, src: t.ip.dst, dst: t.ip.src },
    payload: { kind: 'icmp', icmp: { kind: 'echoReply', id, seq, data } },
  });
}

describe('ip tuntap', () => {
  it('adds, shows and deletes a persistent tun device as iproute2 6.1 does', () => {
    const p = bareLab();
    expect(p.run('host', 'ip tuntap add dev flannel0 mode tun').code).toBe(0);
    expect(p.run('host', 'ip link show flannel0').stdout).toBe(
      '2: flannel0: <POINTOPOINT,MULTICAST,NOARP> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 500\n    link/none \n',
    );
    p.run('host', 'ip link set flannel0 up');
    expect(p.run('host', 'ip link show flannel0').stdout).toBe(
      '2: flannel0: <NO-CARRIER,POINTOPOINT,MULTICAST,NOARP,UP> mtu 1500 qdisc pfifo_fast state DOWN mode DEFAULT group default qlen 500\n    link/none \n',
    );
    p.run('host', 'ip tuntap add mode tun');
    expect(p.run('host', 'ip tuntap show').stdout).toBe(
      'flannel0: tun persist\ntun0: tun persist\n',
    );
    const dup = p.run('host', 'ip tuntap add dev flannel0 mode tun', true);
    expect([dup.stderr, dup.code]).toEqual(['ioctl(TUNSETIFF): Device or resource busy\n', 1]);
    const nomode = p.run('host', 'ip tuntap add dev t1', true);
    expect([nomode.stderr, nomode.code]).toEqual(['You failed to specify a tunnel mode\n', 1]);
    const badmode = p.run('host', 'ip tuntap add dev t1 mode foo', true);
    expect([badmode.stderr, badmode.code]).toEqual(['Unknown tunnel mode "foo"\n', 255]);
    const wrong = p.run('host', 'ip tuntap del dev flannel0 mode tap', true);
    expect([wrong.stderr, wrong.code]).toEqual(['ioctl(TUNSETIFF): Invalid argument\n', 1]);
    expect(p.run('host', 'ip tuntap del dev nope mode tun').code).toBe(0);
    expect(p.run('host', 'ip tuntap del dev flannel0 mode tun').code).toBe(0);
    expect(p.run('host', 'ip tuntap show').stdout).toBe('tun0: tun persist\n');
    const unknown = p.run('host', 'ip tuntap frob', true);
    expect([unknown.stderr, unknown.code]).toEqual([
      'Command "frob" is unknown, try "ip tuntap help".\n',
      255,
    ]);
  });
});

describe('TUN file descriptors', () => {
  it('hands routed packets to the process and takes its replies back (a round trip)', () => {
    const p = bareLab();
    const w = p.world;
    const ns = p.ns('host');
    const opened = tunOpen(w, ns, 'flannel0', { owner: 'reflector' });
    if (!opened.ok) throw new Error('tunOpen failed');
    const tun = opened.value;
    p.script(
      'host',
      `ip addr add 10.244.1.0/32 dev flannel0
      ip link set flannel0 up
      ip link set lo up
      ip route add 10.244.0.0/16 dev flannel0`,
    );
    expect(p.run('host', 'ip link show flannel0').stdout).toContain(
      'flannel0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UNKNOWN',
    );
    expect(p.run('host', 'ip tuntap show').stdout).toBe('flannel0: tun\n');
    const seen: Uint8Array[] = [];
    tun.onReadable = () =>
      w.sched.after(0, () => {
        for (let pkt = tun.read(); pkt; pkt = tun.read()) {
          seen.push(pkt);
          expect(tun.write(reflect(pkt)).ok).toBe(true);
        }
      });
    const taps = p.tap(tun.dev);
    const r = p.run('host', 'ping -c 2 10.244.2.2');
    expect(r.stdout).toContain('64 bytes from 10.244.2.2: icmp_seq=2 ttl=64');
    expect(seen).toHaveLength(2);
    // Bare IPv4 packets (LINKTYPE_RAW): no Ethernet header, source = flannel0's address.
    expect(seen[0][0]).toBe(0x45);
    expect(seen[0].length).toBe(84);
    expect(taps.map((t) => [t.dir, t.frame.length])).toEqual([
      ['out', 84],
      ['in', 84],
      ['out', 84],
      ['in', 84],
    ]);
    // A device the process created goes when it closes it, and its route with it.
    tun.close();
    expect(p.run('host', 'ip link show flannel0', true).stderr).toBe(
      'Device "flannel0" does not exist.\n',
    );
    expect(p.run('host', 'ip route').stdout).not.toContain('flannel0');
  });

  it('refuses a second reader and packets while nobody reads a persistent device', () => {
    const p = bareLab();
    const w = p.world;
    p.run('host', 'ip tuntap add dev flannel0 mode tun');
    const a = tunOpen(w, p.ns('host'), 'flannel0');
    expect(a.ok).toBe(true);
    expect(tunOpen(w, p.ns('host'), 'flannel0')).toEqual({ ok: false, error: { errno: 'EBUSY' } });
    if (a.ok) a.value.close();
    // Persistent: still there, without carrier.
    expect(p.run('host', 'ip link show flannel0').stdout).toContain(
      'flannel0: <POINTOPOINT,MULTICAST,NOARP> mtu 1500 qdisc noop state DOWN',
    );
  });
});

/** flanneld's UDP backend on one node: flannel0 ⇄ UDP 8285 (claims C07, C08). */
function flannelUdp(w: World, tun: TunFile, sock: UdpSocket, peer: number): void {
  tun.onReadable = () =>
    w.sched.after(0, () => {
      for (let p = tun.readPacket(); p; p = tun.readPacket())
        udpSendto(w, sock, peer, 8285, p.data, p.packetId);
    });
  sock.onReadable = () =>
    w.sched.after(0, () => {
      for (let d = udpRecv(w, sock); d; d = udpRecv(w, sock)) tun.write(d.data, d.packetId);
    });
}

describe('a flannel UDP overlay built from TUN devices and UDP sockets', () => {
  it('carries a ping in UDP 8285 with 3 user/kernel crossings on the sender', () => {
    const p = bareLab();
    const w = p.world;
    p.script(
      'host',
      `ip netns add node1
      ip netns add node2
      ip link add eth0 netns node1 type veth peer name eth0 netns node2
      ip -n node1 addr add 10.168.0.2/24 dev eth0
      ip -n node2 addr add 10.168.0.3/24 dev eth0
      ip -n node1 link set eth0 up
      ip -n node2 link set eth0 up
      ip -n node1 link set lo up
      ip -n node2 link set lo up`,
    );
    for (const [n, self, peer] of [
      [1, '10.168.0.2', '10.168.0.3'],
      [2, '10.168.0.3', '10.168.0.2'],
    ] as const) {
      const ns = p.ns('host', `node${n}`);
      const t = tunOpen(w, ns, 'flannel0', { owner: 'flanneld' });
      if (!t.ok) throw new Error('tunOpen');
      p.script(
        'host',
        `ip -n node${n} link set flannel0 mtu 1472
        ip -n node${n} addr add 10.244.${n}.0/32 dev flannel0
        ip -n node${n} link set flannel0 up
        ip -n node${n} route add 10.244.0.0/16 dev flannel0`,
      );
      const s = udpSocketOpen(ns, 'flanneld');
      expect(udpBind(s, ip(self), 8285).ok).toBe(true);
      flannelUdp(w, t.value, s, ip(peer));
    }
    const wire = p.tap(p.dev('host', 'node1', 'eth0'));
    p.takeTrace();
    const out = p.run('host', 'ip netns exec node1 ping -c 1 10.244.2.0').stdout;
    const events = p.takeTrace();
    expect(out).toContain('64 bytes from 10.244.2.0: icmp_seq=1 ttl=64');
    // On the wire: UDP 8285 → 8285, DF set, payload = the bare 84-byte inner packet.
    const udp = wire.filter((f) => f.dir === 'out' && f.frame[23] === 17);
    expect(udp).toHaveLength(1);
    const t = parseFrame(udp[0].frame, 'ethernet', { verifyChecksum: true });
    if (t.kind !== 'ethernet' || t.payload.kind !== 'ipv4') throw new Error('not IPv4');
    expect(t.payload.ip.dontFrag).toBe(true);
    const u = t.payload.payload;
    if (u.kind !== 'udp') throw new Error('not UDP');
    expect([u.udp.srcPort, u.udp.dstPort]).toEqual([8285, 8285]);
    expect(udp[0].frame.length).toBe(14 + 112);
    // C08: the echo request crosses user/kernel three times on node1 before leaving.
    const request = events.find((e) => e.hook === 'socket.send' && e.netns === 'node1');
    const onNode1 = events.filter((e) => e.netns === 'node1' && e.space === 'user');
    const beforeWire = onNode1.slice(0, onNode1.findIndex((e) => e.hook === 'udp.send') + 1);
    expect(beforeWire.map((e) => e.hook)).toEqual(['socket.send', 'socket.recv', 'udp.send']);
    expect(beforeWire[2].parentId).toBe(request?.packetId);
    // And the reply comes back through the receiving proxy: socket.recv, then tun.read.
    expect(onNode1.slice(3).map((e) => e.hook)).toEqual([
      'socket.recv',
      'tun.read',
      'socket.deliver',
    ]);
  });
});
