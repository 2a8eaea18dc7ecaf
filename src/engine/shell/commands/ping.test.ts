import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../api/types';
import { type PacketLab, routerLab, vethPairLab } from '../../testing/packet-lab';
import { LinkType, PcapWriter } from '../../wire';
import { formatTriptime, inetAton } from './ping';

const T = /time \d+ms/g;

function a1(p: PacketLab, line: string) {
  return p.run('host', `ip netns exec a1 ${line}`, true);
}

describe('ping output', () => {
  it('prints replies and statistics as iputils does', () => {
    const p = vethPairLab();
    const r = a1(p, 'ping -c 3 10.0.0.2');
    expect(r.stdout).toBe(
      [
        'PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.',
        '64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.040 ms',
        '64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=0.020 ms',
        '64 bytes from 10.0.0.2: icmp_seq=3 ttl=64 time=0.020 ms',
        '',
        '--- 10.0.0.2 ping statistics ---',
        '3 packets transmitted, 3 received, 0% packet loss, time 2048ms',
        'rtt min/avg/max/mdev = 0.020/0.026/0.040/0.009 ms',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
  });

  it('reports no route at connect time with exit status 2', () => {
    const p = vethPairLab();
    expect(a1(p, 'ping -c 2 -W 1 10.99.0.1')).toEqual({
      stdout: '',
      stderr: 'ping: connect: Network is unreachable\n',
      code: 2,
    });
  });

  it('fails locally when DF is asked and the packet exceeds the MTU (-M do -s 1473)', () => {
    const p = vethPairLab();
    const r = a1(p, 'ping -c 1 -M do -s 1473 10.0.0.2');
    expect(r.stdout).toBe(
      'PING 10.0.0.2 (10.0.0.2) 1473(1501) bytes of data.\n\n--- 10.0.0.2 ping statistics ---\n1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n\n',
    );
    expect(r.stderr).toBe('ping: local error: message too long, mtu=1500\n');
    expect(r.code).toBe(1);
    expect(a1(p, 'ping -c 1 -M do -s 1472 10.0.0.2').stdout).toContain(
      '1480 bytes from 10.0.0.2: icmp_seq=1 ttl=64',
    );
  });

  it('reports an unanswered neighbour as Destination Host Unreachable, three at a time, with pipe', () => {
    const p = vethPairLab();
    const r = a1(p, 'ping -c 5 10.0.0.7');
    expect(r.stdout.replace(T, 'time <T>')).toBe(
      [
        'PING 10.0.0.7 (10.0.0.7) 56(84) bytes of data.',
        ...[1, 2, 3, 4, 5].map((n) => `From 10.0.0.1 icmp_seq=${n} Destination Host Unreachable`),
        '',
        '--- 10.0.0.7 ping statistics ---',
        '5 packets transmitted, 0 received, +5 errors, 100% packet loss, time <T>',
        'pipe 4',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(1);
  });

  it('gives up after -W when nothing answers, and loses packets to self while lo is down', () => {
    const p = vethPairLab();
    const t0 = p.lab.now();
    const r = a1(p, 'ping -c 1 -W 1 10.0.0.7');
    expect(r.stdout).toContain('1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\n');
    expect(p.lab.now() - t0).toBe(1_000_000);
    p.run('host', 'ip -n a1 link set lo down');
    expect(a1(p, 'ping -c 1 -W 1 10.0.0.1').stdout).toContain(
      '1 packets transmitted, 0 received, 100% packet loss',
    );
  });

  it('rejects bad arguments with iputils wording', () => {
    const p = vethPairLab();
    expect(a1(p, 'ping -c 0 10.0.0.2')).toEqual({
      stdout: '',
      stderr: "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n",
      code: 1,
    });
    expect(a1(p, 'ping -c 1 10.0.0.300').stderr).toBe(
      'ping: 10.0.0.300: Temporary failure in name resolution\n',
    );
    expect(a1(p, 'ping -c 1 -I eth9 10.0.0.2')).toEqual({
      stdout: '',
      stderr: 'ping: SO_BINDTODEVICE eth9: No such device\n',
      code: 2,
    });
    expect(a1(p, 'ping -c 1 10.0.0.255')).toEqual({
      stdout: '',
      stderr:
        'ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n',
      code: 2,
    });
    expect(a1(p, 'ping -M maybe 10.0.0.2').stderr).toBe('ping: invalid -M argument: maybe\n');
    expect(a1(p, 'ping')).toEqual({
      stdout: '',
      stderr: 'ping: usage error: Destination address required\n',
      code: 1,
    });
    expect(a1(p, 'ping -x 10.0.0.2').stderr).toMatch(
      /^ping: invalid option -- 'x'\n\nUsage\n {2}ping \[options\] <destination>\n/,
    );
  });

  it('shows the source with -I (address or device), quiet and flood modes', () => {
    const p = vethPairLab();
    expect(a1(p, 'ping -c 1 -I 10.0.0.1 10.0.0.2').stdout).toMatch(
      /^PING 10\.0\.0\.2 \(10\.0\.0\.2\) from 10\.0\.0\.1 : 56\(84\) bytes of data\.\n64 bytes/,
    );
    expect(a1(p, 'ping -c 1 -I eth0 10.0.0.2').stdout).toMatch(
      /^PING 10\.0\.0\.2 \(10\.0\.0\.2\) from 10\.0\.0\.1 eth0: 56\(84\)/,
    );
    expect(a1(p, 'ping -c 2 -i 0.2 -q 10.0.0.2').stdout.replace(T, 'time <T>')).toBe(
      'PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n\n--- 10.0.0.2 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time <T>\nrtt min/avg/max/mdev = 0.020/0.020/0.020/0.000 ms\n',
    );
    const f = a1(p, 'ping -f -c 5 10.0.0.2');
    // A dot per probe, a backspace-space-backspace per reply.
    const dots = '.\b \b'.repeat(5);
    expect(
      f.stdout.startsWith(`PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n${dots}\n--- `),
    ).toBe(true);
    expect(f.stdout).toMatch(
      /\n5 packets transmitted, 5 received, 0% packet loss, time 0ms\nrtt .*, ipg\/ewma 0\.0\d\d\/0\.0\d\d ms\n$/,
    );
  });

  it('stops at the -w deadline', () => {
    const p = vethPairLab();
    const t0 = p.lab.now();
    const r = a1(p, 'ping -w 3 10.0.0.2');
    expect(r.stdout).toContain('3 packets transmitted, 3 received, 0% packet loss');
    expect(p.lab.now() - t0).toBe(3_000_000);
    expect(r.code).toBe(0);
  });

  it('prints the summary on Ctrl-C', () => {
    const p = vethPairLab();
    const s = p.lab.openSession({ machine: 'host', netns: 'a1' });
    let out = '';
    let code: number | undefined;
    p.lab.subscribe((batch: LabEvent[]) => {
      for (const e of batch) {
        if (e.kind === 'output') out += e.data;
        if (e.kind === 'exit') code = e.code;
      }
    });
    const id = p.lab.exec(s, 'ping 10.0.0.2');
    p.lab.run(2500);
    p.lab.signal(id, 'INT');
    expect(out).toBe(
      [
        'PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.',
        '64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.040 ms',
        '64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=0.020 ms',
        '64 bytes from 10.0.0.2: icmp_seq=3 ttl=64 time=0.020 ms',
        '',
        '--- 10.0.0.2 ping statistics ---',
        '3 packets transmitted, 3 received, 0% packet loss, time 2048ms',
        'rtt min/avg/max/mdev = 0.020/0.026/0.040/0.009 ms',
        '',
      ].join('\n'),
    );
    expect(code).toBe(0);
  });

  it('formats times and parses addresses as iputils and inet_aton do', () => {
    expect([52, 1234, 12345, 123456].map(formatTriptime)).toEqual(['0.052', '1.23', '12.3', '123']);
    expect(inetAton('10.1')).toBe(0x0a000001);
    expect(inetAton('0x7f.1')).toBe(0x7f000001);
    expect(inetAton('10.0.0.300')).toBeUndefined();
  });
});

describe('determinism and captures', () => {
  function session(seed: number) {
    const p = routerLab(seed);
    const frames = p.tap(p.dev('host', 'cl', 'eth0'));
    p.takeTrace();
    const out = p.run('host', 'ip netns exec cl ping -c 3 10.2.0.2').stdout;
    return { out, frames, trace: JSON.stringify(p.takeTrace()) };
  }

  it('gives byte-identical frames, output and trace for the same seed', () => {
    const a = session(42);
    const b = session(42);
    expect(b.out).toBe(a.out);
    expect(b.trace).toBe(a.trace);
    expect(b.frames.length).toBe(a.frames.length);
    for (let i = 0; i < a.frames.length; i++) expect(b.frames[i]).toEqual(a.frames[i]);
    const c = session(43);
    expect(c.frames[0].frame).not.toEqual(a.frames[0].frame);
  });

  it('writes a pcap that tshark decodes with good checksums', () => {
    const a = session(5);
    const pcap = new PcapWriter(LinkType.Ethernet);
    for (const f of a.frames) pcap.write(f.t, f.frame);
    const dir = mkdtempSync(join(tmpdir(), 'cnlab-ping-'));
    const file = join(dir, 'ping.pcap');
    writeFileSync(file, pcap.bytes());
    const text = execFileSync(
      '/usr/bin/tshark',
      [
        '-r',
        file,
        '-o',
        'ip.check_checksum:TRUE',
        '-T',
        'fields',
        '-e',
        '_ws.col.Info',
        '-e',
        'ip.checksum.status',
        '-e',
        'icmp.checksum.status',
        '-e',
        'ip.ttl',
      ],
      {
        encoding: 'utf8',
      },
    );
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^Who has 10\.1\.0\.1\? Tell 10\.1\.0\.2/);
    expect(lines[1]).toMatch(/^10\.1\.0\.1 is at /);
    const echoes = lines.slice(2);
    expect(echoes).toHaveLength(6);
    for (const [i, l] of echoes.entries()) {
      const [info, ipStatus, icmpStatus, ttl] = l.split('\t');
      expect(info).toMatch(i % 2 === 0 ? /^Echo \(ping\) request/ : /^Echo \(ping\) reply/);
      expect([ipStatus, icmpStatus, ttl]).toEqual(['1', '1', i % 2 === 0 ? '64' : '63']);
    }
  });
});
