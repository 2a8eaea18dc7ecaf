import { describe, expect, it } from 'vitest';
import { decodeStack, summarize } from './decode';
import { CORPUS } from './fixtures/corpus';
import { corpusBytes } from './fixtures/corpus-util';

const field = (id: string, name: string) =>
  decodeStack(corpusBytes(id), 'ethernet')
    .flatMap((l) => l.fields)
    .find((f) => f.name === name);

describe('decodeStack', () => {
  it('follows VXLAN into the inner frame with absolute byte ranges', () => {
    const layers = decodeStack(corpusBytes('flannel-vxlan/node1__eth0#4'), 'ethernet');
    expect(layers.map((l) => [l.name, l.offset, l.length])).toEqual([
      ['Ethernet II', 0, 14],
      ['IPv4', 14, 20],
      ['UDP', 34, 8],
      ['VXLAN', 42, 8],
      ['Ethernet II', 50, 14],
      ['IPv4', 64, 20],
      ['ICMP', 84, 64],
    ]);
    expect(field('flannel-vxlan/node1__eth0#4', 'vxlan.vni')).toMatchObject({
      value: 1,
      offset: 46,
      length: 3,
    });
    // the capture's outer UDP checksum is the offload partial sum
    expect(field('flannel-vxlan/node1__eth0#4', 'udp.checksum.status')?.value).toBe('bad');
  });
  it('shows BGP messages, TCP options and quoted datagrams', () => {
    const names = (id: string) => decodeStack(corpusBytes(id), 'ethernet').map((l) => l.name);
    expect(names('calico/node1__eth0__bgp#4').slice(3)).toEqual(['BGP OPEN']);
    expect(names('calico/node1__eth0__bgp#24').slice(3)).toEqual(['BGP NOTIFICATION']);
    expect(field('calico/node1__eth0__bgp#12', 'bgp.nlri_prefix')).toMatchObject({
      value: '10.233.2.0/26 path-id 4',
      length: 9,
    });
    expect(field('calico/node1__eth0__bgp#1', 'tcp.option.windowScale')).toMatchObject({
      value: 'wscale 10',
      offset: 71,
      length: 3,
    });
    expect(names('docker0/c1__eth0#29').slice(2)).toEqual([
      'ICMP',
      'IPv4 (quoted)',
      'UDP (quoted)',
    ]);
  });
  it('decodes flannel UDP (8285) and TUN frames', () => {
    expect(
      decodeStack(corpusBytes('flannel-udp/node1__eth0#3'), 'ethernet').map((l) => l.name),
    ).toEqual(['Ethernet II', 'IPv4', 'UDP', 'IPv4', 'ICMP']);
    expect(
      decodeStack(corpusBytes('flannel-udp/node1__flannel0#1'), 'raw').map((l) => l.name),
    ).toEqual(['IPv4', 'ICMP']);
  });
  it('marks where malformed bytes start', () => {
    const cut = corpusBytes('docker0/c1__eth0#3').subarray(0, 40);
    const layers = decodeStack(cut, 'ethernet');
    expect(layers.at(-1)).toMatchObject({
      name: 'Malformed ipv4',
      offset: 14,
      error: { layer: 'ipv4', reason: 'total length 84 exceeds 26 bytes' },
    });
  });
  it('gives every field a byte range inside the frame', () => {
    for (const f of CORPUS) {
      const len = f.hex.length / 2;
      for (const layer of decodeStack(corpusBytes(f.id), f.linktype)) {
        for (const x of layer.fields)
          expect(x.offset >= 0 && x.offset + x.length <= len, `${f.id} ${x.name}`).toBe(true);
      }
    }
  });
});

describe('summarize', () => {
  // the texts tcpdump 4.99 prints for the same captured frames (*.tcpdump-nn-e-vv.txt, -e/-v parts removed)
  const CASES: [string, 'ethernet' | 'raw', string][] = [
    [
      'docker0/c1__eth0#1',
      'ethernet',
      'ARP, Request who-has 172.17.0.3 tell 172.17.0.2, length 28',
    ],
    ['docker0/c1__eth0#2', 'ethernet', 'ARP, Reply 172.17.0.3 is-at 02:42:ac:11:00:03, length 28'],
    [
      'docker0/c1__eth0#3',
      'ethernet',
      'IP 172.17.0.2 > 172.17.0.3: ICMP echo request, id 30119, seq 1, length 64',
    ],
    ['docker0/c1__eth0#22', 'ethernet', 'IP 172.17.0.2.33439 > 10.168.0.100.33434: UDP, length 32'],
    [
      'docker0/c1__eth0#23',
      'ethernet',
      'IP 172.17.0.1 > 172.17.0.2: ICMP time exceeded in-transit, length 68',
    ],
    [
      'docker0/c1__eth0#29',
      'ethernet',
      'IP 10.168.0.100 > 172.17.0.2: ICMP 10.168.0.100 udp port 33437 unreachable, length 68',
    ],
    [
      'flannel-vxlan/node1__eth0#4',
      'ethernet',
      'IP 10.168.0.2.55565 > 10.168.0.3.8472: OTV, flags [I] (0x08), overlay 0, instance 1\nIP 10.244.1.2 > 10.244.2.2: ICMP echo request, id 30583, seq 1, length 64',
    ],
    [
      'flannel-vxlan/pod1__eth0#58',
      'ethernet',
      'IP 10.244.1.2 > 10.244.2.2: ICMP echo request, id 30613, seq 1, length 1424',
    ],
    ['flannel-vxlan/pod1__eth0#59', 'ethernet', 'IP 10.244.1.2 > 10.244.2.2: ip-proto-1'],
    [
      'flannel-vxlan/pod1__eth0__mtu_mismatch#2',
      'ethernet',
      'IP 10.244.1.1 > 10.244.1.2: ICMP 10.244.2.2 unreachable - need to frag (mtu 1450), length 556',
    ],
    [
      'flannel-udp/node1__eth0#3',
      'ethernet',
      'IP 10.168.0.2.8285 > 10.168.0.3.8285: UDP, length 84',
    ],
    [
      'flannel-udp/node1__flannel0#1',
      'raw',
      'IP 10.244.1.2 > 10.244.2.2: ICMP echo request, id 32756, seq 1, length 64',
    ],
    [
      'errors/cl__eth0#7',
      'ethernet',
      'IP 10.1.0.1 > 10.1.0.2: ICMP host 10.70.0.1 unreachable, length 92',
    ],
    [
      'errors/cl__eth0#9',
      'ethernet',
      'IP 10.1.0.1 > 10.1.0.2: ICMP host 10.71.0.1 unreachable - admin prohibited filter, length 92',
    ],
    [
      'errors/cl__eth0#13',
      'ethernet',
      'IP 10.1.0.1 > 10.1.0.2: ICMP net 10.80.0.1 unreachable, length 92',
    ],
    [
      'calico/node1__eth0__bgp#1',
      'ethernet',
      'IP 10.168.0.3.47065 > 10.168.0.2.179: Flags [S], seq 2564287606, win 64240, options [mss 1460,sackOK,TS val 2515389431 ecr 0,nop,wscale 10], length 0',
    ],
    [
      'calico/node1__eth0__bgp#8',
      'ethernet',
      'IP 10.168.0.2.179 > 10.168.0.3.47065: Flags [P.], seq 529194256:529194275, ack 2564287670, win 64, options [nop,nop,TS val 211173252 ecr 2515389432], length 19: BGP',
    ],
  ];
  for (const [id, linktype, text] of CASES) {
    it(id, () => expect(summarize(corpusBytes(id), linktype)).toBe(text));
  }
});
