import { describe, expect, it } from 'vitest';
import { tunOpen } from '../kernel/tun';
import { PacketLab } from '../testing/packet-lab';
import { emitFrame, LinkType, parseFrame, readPcap } from '../wire';
import { PcapRecorder } from './pcap-export';

function recorded(rec: PcapRecorder) {
  return Object.fromEntries(
    rec.finish().map((f) => {
      const p = readPcap(f.bytes);
      if (!p.ok) throw new Error(p.error.reason);
      return [
        f.name,
        {
          linktype: p.value.linktype,
          lengths: p.value.records.map((r) => r.bytes.length),
          ts: p.value.records.map((r) => r.tsMicros),
        },
      ];
    }),
  );
}

describe('PcapRecorder', () => {
  it('writes one Ethernet pcap per interface that carried traffic, promiscuous on bridges', () => {
    const p = new PacketLab(1);
    p.run('lab', 'machine add host');
    const rec = new PcapRecorder(p.lab, 'netns');
    rec.start();
    p.script(
      'host',
      `ip link add br0 type bridge
      ip link set br0 up
      ip netns add a
      ip netns add b
      ip link add va type veth peer name eth0 netns a
      ip link add vb type veth peer name eth0 netns b
      ip link set va master br0
      ip link set vb master br0
      ip link set va up
      ip link set vb up
      ip -n a addr add 10.0.0.1/24 dev eth0
      ip -n b addr add 10.0.0.2/24 dev eth0
      ip -n a link set eth0 up
      ip -n b link set eth0 up
      ip netns exec a ping -c 1 10.0.0.2`,
    );
    const files = recorded(rec);
    expect(Object.keys(files)).toEqual([
      'a__eth0.pcap',
      'b__eth0.pcap',
      'root__br0.pcap',
      'root__va.pcap',
      'root__vb.pcap',
    ]);
    // ARP request, reply, echo request, reply — once each, also on the bridge (tcpdump -i br0)
    for (const f of Object.values(files)) {
      expect(f.linktype).toBe(LinkType.Ethernet);
      expect(f.lengths).toEqual([42, 42, 98, 98]);
      expect([...f.ts].sort((x, y) => x - y)).toEqual(f.ts);
    }
    // closed: nothing stays attached to the kernel
    expect(p.dev('host', undefined, 'va').captures).toBeUndefined();
    expect(p.ns('host', 'a').captures).toBeUndefined();
  });

  it('records a device created and used within one line (through the namespace capture)', () => {
    const p = new PacketLab(1);
    p.run('lab', 'machine add host');
    const rec = new PcapRecorder(p.lab, 'machine');
    rec.start();
    p.run(
      'host',
      'ip link add v1 type veth peer name v2 && ip addr add 10.9.0.1/24 dev v1 && ip link set v2 up && ip link set v1 up && ping -c 1 -W 1 10.9.0.2',
      true,
    );
    const files = recorded(rec);
    expect(files['host__root__v1.pcap']?.lengths[0]).toBe(42);
    expect(files['host__root__v2.pcap']?.lengths[0]).toBe(42);
  });

  it('writes LINKTYPE_RAW bare IPv4 packets for a TUN device', () => {
    const p = new PacketLab(3);
    p.run('lab', 'machine add host --bare');
    const w = p.world;
    const opened = tunOpen(w, p.ns('host'), 'flannel0', { owner: 'reflector' });
    if (!opened.ok) throw new Error('tunOpen failed');
    const tun = opened.value;
    p.script(
      'host',
      `ip addr add 10.244.1.0/32 dev flannel0
      ip link set flannel0 up
      ip link set lo up
      ip route add 10.244.0.0/16 dev flannel0`,
    );
    tun.onReadable = () =>
      w.sched.after(0, () => {
        for (let pkt = tun.read(); pkt; pkt = tun.read()) {
          const t = parseFrame(pkt, 'raw');
          if (
            t.kind !== 'ipv4' ||
            t.payload.kind !== 'icmp' ||
            t.payload.icmp.kind !== 'echoRequest'
          )
            continue;
          const { id, seq, data } = t.payload.icmp;
          tun.write(
            emitFrame({
              kind: 'ipv4',
              ip: { ...t.ip, src: t.ip.dst, dst: t.ip.src },
              payload: { kind: 'icmp', icmp: { kind: 'echoReply', id, seq, data } },
            }),
          );
        }
      });
    const rec = new PcapRecorder(p.lab, 'netns');
    rec.start();
    expect(p.run('host', 'ping -c 1 10.244.2.2').code).toBe(0);
    const files = recorded(rec);
    expect(files['root__flannel0.pcap']).toMatchObject({
      linktype: LinkType.Raw,
      lengths: [84, 84],
    });
    expect(tun.dev.tap).toBeUndefined();
  });
});
