import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../api/types';
import { type PacketLab, routerLab, vethPairLab } from '../../../testing/packet-lab';
import { compileFilter } from './filter';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

/** Start `line` in a fresh session on `netns` of host; returns a reader of its output and Ctrl-C. */
function background(p: PacketLab, netns: string, line: string) {
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
  const s = p.lab.openSession({ machine: 'host', netns });
  p.lab.subscribe((batch: LabEvent[]) => {
    for (const e of batch) {
      if (e.kind === 'output' && e.session === s) {
        if (e.stream === 'stdout') stdout += e.data;
        else stderr += e.data;
      }
      if (e.kind === 'exit' && e.session === s) code = e.code;
    }
  });
  const id = p.lab.exec(s, line);
  return {
    out: () => ({ stdout, stderr, code }),
    interrupt: () => p.lab.signal(id, 'INT'),
  };
}

/** What stays when random values (time, MACs, ICMP ids, IP ids, ports) are masked. */
function shape(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('\t0x'))
    .map((l) =>
      l
        .replace(/^\d\d:\d\d:\d\d\.\d{6}/, 'TS')
        .replace(/([0-9a-f]{2}:){5}[0-9a-f]{2}/g, 'MAC')
        .replace(/\bid \d+/g, 'id N'),
    );
}

const BANNER =
  'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n';

describe('tcpdump on a veth while another terminal pings', () => {
  it('streams ARP and ICMP lines as tcpdump -n prints them, and the Ctrl-C summary', () => {
    const p = vethPairLab();
    const td = background(p, 'a1', 'tcpdump -n -i eth0');
    expect(td.out().stderr).toBe(BANNER);
    const ping = background(p, 'a1', 'ping -c 2 10.0.0.2');
    p.lab.run(500);
    // live: the first exchange is printed while ping still runs
    expect(td.out().stdout.split('\n')).toHaveLength(5);
    expect(ping.out().code).toBeUndefined();
    p.lab.run(3000);
    td.interrupt();
    const r = td.out();
    expect(shape(r.stdout)).toEqual(shape(fixture('real-veth-n.txt')));
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      '00:00:00.000000 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28',
      expect.stringMatching(
        /^00:00:00\.000020 ARP, Reply 10\.0\.0\.2 is-at [0-9a-f:]{17}, length 28$/,
      ),
      expect.stringMatching(
        /^00:00:00\.000020 IP 10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request, id \d+, seq 1, length 64$/,
      ),
      expect.stringMatching(
        /^00:00:00\.000040 IP 10\.0\.0\.2 > 10\.0\.0\.1: ICMP echo reply, id \d+, seq 1, length 64$/,
      ),
    ]);
    expect(r.stdout.endsWith('length 64\n\n')).toBe(true);
    expect(r.stderr).toBe(fixture('real-veth-n.stderr.txt'));
    expect(r.code).toBe(0);
  });

  it('prints link-level headers with -e, exactly as the real capture does', () => {
    const p = vethPairLab();
    const td = background(p, 'a1', 'tcpdump -e -n -i eth0');
    p.run('host', 'ip netns exec a1 ping -c 2 -i 0.2 10.0.0.2');
    td.interrupt();
    expect(shape(td.out().stdout)).toEqual(shape(fixture('real-veth-e.txt')));
    expect(td.out().stdout).toContain('ethertype IPv4 (0x0800), length 98: 10.0.0.1 > 10.0.0.2');
  });

  it('numbers lines with -# and prints deltas (-ttt), dates (-tttt) and time since the first (-ttttt)', () => {
    const lines = (opts: string) => {
      const p = vethPairLab();
      const td = background(p, 'a1', `tcpdump -n ${opts} -i eth0 icmp`);
      p.run('host', 'ip netns exec a1 ping -c 2 -i 0.5 10.0.0.2');
      td.interrupt();
      return td.out().stdout.split('\n').slice(0, 4);
    };
    expect(lines('-# -ttt')).toEqual([
      expect.stringMatching(/^ {4}1 {3}00:00:00\.000000 IP 10\.0\.0\.1 > /),
      expect.stringMatching(/^ {4}2 {3}00:00:00\.0000\d\d IP 10\.0\.0\.2 > /),
      expect.stringMatching(/^ {4}3 {3}00:00:00\.5\d{5} IP 10\.0\.0\.1 > /),
      expect.stringMatching(/^ {4}4 {3}00:00:00\.0000\d\d IP /),
    ]);
    expect(lines('-ttttt')[3]).toMatch(/^ 00:00:00\.5\d{5} IP 10\.0\.0\.2 > /);
    expect(lines('-tttt')[0]).toMatch(/^1970-01-01 00:00:0\d\.\d{6} IP 10\.0\.0\.1 > /);
  });

  it('-i any names the interface and direction (LINUX_SLL2)', () => {
    const p = vethPairLab();
    const td = background(p, 'a1', 'tcpdump -n -i any');
    p.run('host', 'ip netns exec a1 ping -c 2 -i 0.2 10.0.0.2');
    td.interrupt();
    const r = td.out();
    expect(shape(r.stdout)).toEqual(shape(fixture('real-any.txt')));
    expect(r.stderr.split('\n').slice(0, 3)).toEqual([
      'tcpdump: data link type LINUX_SLL2',
      'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode',
      'listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes',
    ]);
  });

  it('-X dumps hex and ASCII in the real layout', () => {
    const p = vethPairLab();
    const td = background(p, 'a1', 'tcpdump -n -X -i eth0');
    p.run('host', 'ip netns exec a1 ping -c 2 -i 0.2 10.0.0.2');
    td.interrupt();
    const lens = (t: string) => t.split('\n').map((l) => l.length);
    expect(lens(td.out().stdout)).toEqual(lens(fixture('real-X.txt')));
  });

  it('-c N stops after N packets with the summary (singular for 1)', () => {
    const p = vethPairLab();
    const td = background(p, 'a1', 'tcpdump -n -c 1 -i eth0 icmp');
    p.run('host', 'ip netns exec a1 ping -c 2 10.0.0.2');
    const r = td.out();
    expect(r.code).toBe(0);
    expect(shape(r.stdout)).toEqual([
      'TS IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id N, seq 1, length 64',
    ]);
    expect(r.stderr).toBe(
      `${BANNER}1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n`,
    );
  });

  it('shows ttl, id and flags with -v; picks eth0 without -i', () => {
    const p = vethPairLab();
    const td = background(p, 'a1', 'tcpdump -v -n');
    p.run('host', 'ip netns exec a1 ping -c 1 10.0.0.2');
    td.interrupt();
    const r = td.out();
    expect(r.stderr.startsWith('tcpdump: listening on eth0, link-type EN10MB')).toBe(true);
    expect(shape(r.stdout)).toEqual([
      'TS ARP, Ethernet (len 6), IPv4 (len 4), Request who-has 10.0.0.2 tell 10.0.0.1, length 28',
      'TS ARP, Ethernet (len 6), IPv4 (len 4), Reply 10.0.0.2 is-at MAC, length 28',
      'TS IP (tos 0x0, ttl 64, id N, offset 0, flags [DF], proto ICMP (1), length 84)',
      '    10.0.0.1 > 10.0.0.2: ICMP echo request, id N, seq 1, length 64',
      'TS IP (tos 0x0, ttl 64, id N, offset 0, flags [none], proto ICMP (1), length 84)',
      '    10.0.0.2 > 10.0.0.1: ICMP echo reply, id N, seq 1, length 64',
    ]);
  });

  it('without -n prints MAC vendors and Broadcast as tcpdump does', () => {
    const p = vethPairLab();
    const td = background(p, 'a1', 'tcpdump -e -i eth0 arp');
    p.run('host', 'ip netns exec a1 ping -c 1 10.0.0.2');
    td.interrupt();
    expect(shape(td.out().stdout)[0]).toBe(
      'TS MAC (oui Unknown) > Broadcast, ethertype ARP (0x0806), length 42: Request who-has 10.0.0.2 tell 10.0.0.1, length 28',
    );
  });
});

describe('tcpdump on a bridge', () => {
  it('sees traffic between two ports (promiscuous), like tcpdump -i docker0', () => {
    const p = new (vethPairLab().constructor as new (seed: number) => PacketLab)(1);
    p.run('lab', 'machine add host --bare');
    p.script(
      'host',
      `ip netns add c1
      ip netns add c2
      ip link add br0 type bridge
      ip link set br0 up
      ip link add veth1 type veth peer name eth0 netns c1
      ip link add veth2 type veth peer name eth0 netns c2
      ip link set veth1 master br0
      ip link set veth2 master br0
      ip link set veth1 up
      ip link set veth2 up
      ip -n c1 addr add 172.17.0.2/16 dev eth0
      ip -n c2 addr add 172.17.0.3/16 dev eth0
      ip -n c1 link set eth0 up
      ip -n c2 link set eth0 up`,
    );
    let out = '';
    const s = p.lab.openSession({ machine: 'host' });
    p.lab.subscribe((b: LabEvent[]) => {
      for (const e of b)
        if (e.kind === 'output' && e.session === s && e.stream === 'stdout') out += e.data;
    });
    const id = p.lab.exec(s, 'tcpdump -n -e -i br0');
    p.run('host', 'ip netns exec c1 ping -c 1 172.17.0.3');
    p.lab.signal(id, 'INT');
    expect(shape(out)).toEqual([
      'TS MAC > MAC, ethertype ARP (0x0806), length 42: Request who-has 172.17.0.3 tell 172.17.0.2, length 28',
      'TS MAC > MAC, ethertype ARP (0x0806), length 42: Reply 172.17.0.3 is-at MAC, length 28',
      'TS MAC > MAC, ethertype IPv4 (0x0800), length 98: 172.17.0.2 > 172.17.0.3: ICMP echo request, id N, seq 1, length 64',
      'TS MAC > MAC, ethertype IPv4 (0x0800), length 98: 172.17.0.3 > 172.17.0.2: ICMP echo reply, id N, seq 1, length 64',
    ]);
  });
});

describe('tcpdump errors', () => {
  const cases: [string, string][] = [
    ['tcpdump -i eth0 foo', "tcpdump: can't parse filter expression: syntax error\n"],
    ['tcpdump -i eth0 host 10.0.0.1 and', "tcpdump: can't parse filter expression: syntax error\n"],
    ['tcpdump -i eth0 port abc', "tcpdump: unknown port 'abc'\n"],
    ['tcpdump -i eth0 net 10.0.0.1/8', 'tcpdump: non-network bits set in "10.0.0.1/8"\n'],
    ['tcpdump -i eth0 icmp and port 80', 'tcpdump: expression rejects all packets\n'],
    ['tcpdump -i nosuch', 'tcpdump: nosuch: No such device exists\n(No such device exists)\n'],
    ['tcpdump -i eth0 -c 0', 'tcpdump: invalid packet count 0\n'],
  ];
  for (const [line, err] of cases) {
    it(line, () => {
      const p = vethPairLab();
      const r = p.run('host', `ip netns exec a1 ${line}`, true);
      expect(r).toEqual({ stdout: '', stderr: err, code: 1 });
    });
  }

  it('says clearly that -w is not supported', () => {
    const r = vethPairLab().run('host', 'ip netns exec a1 tcpdump -w x.pcap', true);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tcpdump: -w is not supported in the lab terminal/);
  });

  it('refuses a device that is down', () => {
    const p = vethPairLab();
    p.run('host', 'ip -n a1 link set eth0 down');
    expect(p.run('host', 'ip netns exec a1 tcpdump -i eth0', true).stderr).toBe(
      'tcpdump: eth0: That device is not up\n',
    );
  });
});

describe('filter expressions', () => {
  // Frames from a traceroute through a router (cl 10.1.0.2 → rt → sv 10.2.0.2).
  function frames(): Uint8Array[] {
    const p = routerLab();
    const seen: Uint8Array[] = [];
    p.dev('host', 'cl', 'eth0').tap = (f) => seen.push(f.slice());
    p.run('host', 'ip netns exec cl ping -c 1 10.2.0.2');
    p.run('host', 'ip netns exec cl traceroute -n -m 2 -q 1 10.2.0.2');
    return seen;
  }
  const all = frames();
  const count = (expr: string) => {
    const c = compileFilter(expr);
    if (!c.ok) throw new Error(c.error);
    return all.filter((frame) => c.filter({ frame, raw: false })).length;
  };

  it('selects by protocol, host, net, port and their combinations', () => {
    expect(all.length).toBe(8);
    expect(count('')).toBe(8);
    expect(count('arp')).toBe(2);
    expect(count('icmp')).toBe(4);
    expect(count('udp')).toBe(2);
    expect(count('ip')).toBe(6);
    expect(count('tcp')).toBe(0);
    expect(count('host 10.1.0.1')).toBe(3);
    expect(count('src host 10.1.0.1')).toBe(2);
    expect(count('dst host 10.2.0.2')).toBe(3);
    expect(count('net 10.2.0.0/16')).toBe(5);
    expect(count('net 10.2')).toBe(5);
    expect(count('port 33434')).toBe(1);
    expect(count('dst port 33435')).toBe(1);
    expect(count('src port 33435')).toBe(0);
    expect(count('udp portrange 33434-33440')).toBe(2);
    expect(count('icmp and host 10.2.0.2')).toBe(3);
    expect(count('not icmp')).toBe(4);
    expect(count('! arp && ! udp')).toBe(4);
    expect(count('arp or udp')).toBe(4);
    expect(count('host 10.1.0.1 or 10.2.0.2')).toBe(8);
    expect(count('icmp and (src 10.2.0.2 or dst 10.2.0.2)')).toBe(3);
    expect(count('arp or udp and port 33434')).toBe(1);
    expect(count('ether broadcast')).toBe(1);
    expect(count('ip proto 17')).toBe(2);
  });

  it('compares packet bytes, named offsets and values, and len', () => {
    expect(count('icmp[icmptype] = icmp-echo')).toBe(1);
    expect(count('icmp[icmptype]==icmp-echoreply')).toBe(1);
    expect(count('icmp[0] != 8 and icmp[0] != 0')).toBe(2);
    expect(count('icmp[icmptype] = icmp-timxceed or icmp[icmptype] = icmp-unreach')).toBe(2);
    expect(count('ip[8] = 1')).toBe(1);
    expect(count('ip[8] < 2 and udp')).toBe(1);
    expect(count('udp[2:2] = 33434')).toBe(1);
    expect(count('ip[6:2] & 0x1fff = 0 and ip[0] & 0xf = 5')).toBe(6);
    expect(count('(ip[2:2] - 20) / 2 > 30')).toBe(4);
    expect(count('len > 60')).toBe(6);
    expect(count('ether[0] & 1 != 0')).toBe(1);
    expect(count('arp[7] = 2')).toBe(1);
    expect(count('tcp[tcpflags] & (tcp-syn|tcp-fin) != 0')).toBe(0);
    expect(count('not icmp[0] = 8')).toBe(7);
    const err = (e: string) => {
      const c = compileFilter(e);
      return c.ok ? 'ok' : c.error;
    };
    expect(err('ip[0:3] = 1')).toBe('data size must be 1, 2, or 4');
    expect(err('ip[0] / 0 = 1')).toBe('division by zero');
    expect(err('ip[0] =')).toBe("can't parse filter expression: syntax error");
    expect(err('icmp[0] = 8 and arp[0] = 0')).toBe('expression rejects all packets');
  });

  it('matches ether host', () => {
    const mac = Array.from(all[0].subarray(6, 12), (x) => x.toString(16).padStart(2, '0')).join(
      ':',
    );
    expect(count(`ether src ${mac}`)).toBe(4);
    expect(count(`ether host ${mac}`)).toBe(8);
  });

  it('rejects what libpcap rejects, with its words', () => {
    const err = (e: string) => {
      const c = compileFilter(e);
      return c.ok ? 'ok' : c.error;
    };
    const syntax = "can't parse filter expression: syntax error";
    expect(err('host')).toBe(syntax);
    expect(err('(host 10.0.0.1')).toBe(syntax);
    expect(err('host 10.0.0.1)')).toBe(syntax);
    expect(err('10.0.0.1')).toBe(syntax);
    expect(err('not')).toBe(syntax);
    expect(err('tcp port')).toBe(syntax);
    expect(err('host foo')).toBe("unknown host 'foo'");
    expect(err('src foo')).toBe("unknown host 'foo'");
    expect(err('net foo')).toBe("unknown network 'foo'");
    expect(err('host 10.0.0.300')).toBe("invalid IPv4 address '10.0.0.300'");
    expect(err('net 10.0.0.0/33')).toBe('mask length must be <= 32');
    expect(err('port 70000')).toBe('illegal port number 70000 > 65535');
    expect(err('ether host zz')).toBe("unknown ether host 'zz'");
    expect(err('tcp host 10.0.0.1')).toBe("'tcp' modifier applied to host");
    expect(err('icmp port 80')).toBe("illegal qualifier of 'port'");
    for (const e of [
      'icmp and arp',
      'ip and arp',
      'udp and tcp',
      'tcp port 80 and icmp',
      'icmp or arp and udp',
    ])
      expect(err(e)).toBe('expression rejects all packets');
    for (const e of [
      'not not icmp',
      'src or dst port 53',
      'src and dst host 10.0.0.1',
      'udp port domain',
      'net 10.0.0.0 mask 255.0.0.0',
      'ip host 10.0.0.1',
      'arp host 10.0.0.1',
    ])
      expect(err(e)).toBe('ok');
  });
});
