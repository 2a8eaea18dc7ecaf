import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PacketLab, vethPairLab } from '../../testing/packet-lab';
import { formatG, formatRate, formatSize, formatTime } from './tc';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Run each line as a script would, printing `$ line`, its output and `rc=N`. */
function transcript(p: PacketLab, machine: string, lines: string[]): string {
  let out = '';
  for (const line of lines) {
    const r = p.run(machine, line, true);
    out += `$ ${line}\n${r.stdout}${r.stderr}rc=${r.code}\n`;
  }
  return out;
}

/** Times printed by ping (`time=100 ms`, `time=0.052 ms`), in ms. */
function pingTimes(stdout: string): number[] {
  return [...stdout.matchAll(/time=([\d.]+) ms/g)].map((m) => Number(m[1]));
}

describe('tc qdisc transcripts', () => {
  // tc-qdisc.real.txt: each line of tc-qdisc.cases.txt run with 2>&1 under `unshare --net` on
  // kernel 6.18 + iproute2 6.1 (default qdiscs, show filters, every error path).
  // tc-netem.derived.txt: netem lines as q_netem.c prints them (that kernel has no sch_netem).
  it.each([
    ['tc-qdisc.cases.txt', 'tc-qdisc.real.txt'],
    ['tc-netem.cases.txt', 'tc-netem.derived.txt'],
  ])('%s prints %s', (cases, expected) => {
    const p = new PacketLab(1);
    p.run('lab', 'machine add host --bare');
    const lines = fixture(cases)
      .split('\n')
      .filter((l) => l !== '');
    expect(transcript(p, 'host', lines)).toBe(fixture(expected));
  });
});

describe('tc number formats (lib/utils.c, json_print.c)', () => {
  it('prints times, rates, sizes and %g like iproute2', () => {
    expect([100000, 1000000, 500, 1500, 12345, 999999, 2500000].map(formatTime)).toEqual([
      '100ms',
      '1s',
      '500us',
      '1.5ms',
      '12.3ms',
      '1e+03ms',
      '2.5s',
    ]);
    expect([125000, 12500, 125000000, 187500, 1].map(formatRate)).toEqual([
      '1Mbit',
      '100Kbit',
      '1Gbit',
      '1500Kbit',
      '8bit',
    ]);
    expect([0, 1514, 10240, 1514000, 32 * 1024 * 1024].map(formatSize)).toEqual([
      '0b',
      '1514b',
      '10Kb',
      '1514000b',
      '32Mb',
    ]);
    expect(formatG((100 * 214748365) / 0xffffffff)).toBe('5');
    expect(formatG(33.3)).toBe('33.3');
  });
});

describe('netem on the packet path', () => {
  it('delays each echo request by the configured 100 ms', () => {
    const p = vethPairLab(1);
    p.run('host', 'ip netns exec a1 ping -c 1 10.0.0.2'); // ARP resolved before netem
    p.run('host', 'ip netns exec a1 tc qdisc add dev eth0 root netem delay 100ms');
    const r = p.run('host', 'ip netns exec a1 ping -c 3 10.0.0.2');
    const times = pingTimes(r.stdout);
    expect(times).toHaveLength(3);
    for (const t of times) {
      expect(t).toBeGreaterThanOrEqual(100);
      expect(t).toBeLessThan(101);
    }
    expect(r.stdout).toContain('rtt min/avg/max/mdev = 100.');
  });

  it('the delay shows on the wire: the peer receives the request 100 ms after it was sent', () => {
    const p = vethPairLab(1);
    p.run('host', 'ip netns exec a1 tc qdisc add dev eth0 root netem delay 100ms');
    const rx = p.tap(p.dev('host', 'a2', 'eth0'));
    const t0 = p.world.sched.now;
    p.run('host', 'ip netns exec a1 ping -c 1 -W 1 10.0.0.2');
    // ARP request (held 100 ms), then the echo request (held 100 ms after the reply came).
    const firstIn = rx.find((f) => f.dir === 'in');
    expect(firstIn && firstIn.t - t0).toBeGreaterThanOrEqual(100_000);
    const trace = p.takeTrace().map((e) => e.hook);
    expect(trace).toContain('qdisc.delay');
  });

  it('loses about half of 100 pings with loss 50%, and ping says so', () => {
    const p = vethPairLab(1);
    p.run('host', 'ip netns exec a1 ping -c 1 10.0.0.2');
    p.run('host', 'ip netns exec a1 tc qdisc add dev eth0 root netem loss 50%');
    const r = p.run('host', 'ip netns exec a1 ping -c 100 -i 0.01 -q 10.0.0.2', true);
    const m = /100 packets transmitted, (\d+) received, (\d+)% packet loss/.exec(r.stdout);
    expect(m).not.toBeNull();
    const received = Number(m?.[1]);
    expect(received).toBeGreaterThan(35);
    expect(received).toBeLessThan(65);
    expect(Number(m?.[2])).toBe(100 - received);
    expect(r.code).toBe(0); // some replies came back
    const s = p.run('host', 'ip netns exec a1 tc -s qdisc show dev eth0').stdout;
    expect(s).toContain(`(dropped ${100 - received}, overlimits 0 requeues 0)`);
    expect(p.traced.some((e) => e.detail.startsWith('netem_loss'))).toBe(true);
  });

  it('rate 1mbit adds the serialisation time of a 1442-byte frame (11.5 ms) per direction', () => {
    const p = vethPairLab(1);
    p.run('host', 'ip netns exec a1 ping -c 1 10.0.0.2');
    const base = pingTimes(p.run('host', 'ip netns exec a1 ping -c 1 -s 1400 10.0.0.2').stdout)[0];
    p.run('host', 'ip netns exec a1 tc qdisc add dev eth0 root netem rate 1mbit');
    p.run('host', 'ip netns exec a2 tc qdisc add dev eth0 root netem rate 1mbit');
    const t = pingTimes(p.run('host', 'ip netns exec a1 ping -c 1 -s 1400 10.0.0.2').stdout)[0];
    // 1442 bytes × 8 / 10⁶ bit/s = 11.536 ms, each way.
    expect(t - base).toBeGreaterThanOrEqual(2 * 11.5);
    expect(t - base).toBeLessThan(2 * 11.6);
  });

  it('rate serialises frames behind each other, and limit drops the excess', () => {
    const p = vethPairLab(1);
    p.run('host', 'ip netns exec a1 ping -c 1 10.0.0.2');
    // 98-byte frames at 10 kbit/s take 78.4 ms each; pings leave every 10 ms.
    p.run('host', 'ip netns exec a1 tc qdisc add dev eth0 root netem rate 10kbit limit 2');
    const r = p.run('host', 'ip netns exec a1 ping -c 10 -i 0.01 -q 10.0.0.2', true);
    const s = p.run('host', 'ip netns exec a1 tc -s qdisc show dev eth0').stdout;
    const m = /10 packets transmitted, (\d+) received/.exec(r.stdout);
    const received = Number(m?.[1]);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(10);
    expect(s).toContain(`Sent ${received * 98} bytes ${received} pkt (dropped ${10 - received},`);
  });

  it('is deterministic: same seed, same output', () => {
    const once = () => {
      const p = vethPairLab(7);
      p.run('host', 'ip netns exec a1 tc qdisc add dev eth0 root netem delay 20ms 10ms loss 20%');
      return p.run('host', 'ip netns exec a1 ping -c 20 -i 0.05 10.0.0.2', true).stdout;
    };
    expect(once()).toBe(once());
  });

  it('deleting the qdisc restores the undelayed path', () => {
    const p = vethPairLab(1);
    p.run('host', 'ip netns exec a1 ping -c 1 10.0.0.2');
    p.run('host', 'ip netns exec a1 tc qdisc add dev eth0 root netem delay 100ms');
    p.run('host', 'ip netns exec a1 tc qdisc del dev eth0 root');
    const times = pingTimes(p.run('host', 'ip netns exec a1 ping -c 2 10.0.0.2').stdout);
    for (const t of times) expect(t).toBeLessThan(1);
    expect(p.run('host', 'ip -n a1 link show eth0').stdout).toContain('qdisc noqueue');
  });

  it('change keeps the rate, as netem_change does', () => {
    const p = vethPairLab(1);
    p.run('host', 'tc qdisc add dev lo root netem delay 100ms 10ms 25% loss 5% rate 1mbit');
    p.run('host', 'tc qdisc change dev lo root netem delay 50ms');
    expect(p.run('host', 'tc qdisc show dev lo').stdout).toBe(
      'qdisc netem 8001: root refcnt 2 limit 1000 delay 50ms rate 1Mbit\n',
    );
  });
});
