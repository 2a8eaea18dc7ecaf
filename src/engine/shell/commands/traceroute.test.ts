import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routerLab } from '../../testing/packet-lab';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
/** Round-trip times are the one thing that differs between a real run and the lab. */
const noTimes = (s: string) => s.replace(/\d+\.\d{3} ms/g, 'T ms');

describe('traceroute -n through a router', () => {
  it('shows the router at hop 1 and the target at hop 2 (real output, times aside)', () => {
    const p = routerLab();
    const r = p.run('host', 'ip netns exec cl traceroute -n 10.2.0.2');
    expect(noTimes(r.stdout)).toBe(noTimes(fixture('traceroute-n-router.real.txt')));
    expect(r.stdout).toBe(
      'traceroute to 10.2.0.2 (10.2.0.2), 30 hops max, 60 byte packets\n 1  10.1.0.1  0.040 ms  0.040 ms  0.040 ms\n 2  10.2.0.2  0.080 ms  0.080 ms  0.080 ms\n',
    );
    expect(r.stderr).toBe('');
  });

  it('is deterministic under a fixed seed', () => {
    const a = routerLab(7).run('host', 'ip netns exec cl traceroute -n 10.2.0.2');
    const b = routerLab(7).run('host', 'ip netns exec cl traceroute -n 10.2.0.2');
    expect(a).toEqual(b);
  });

  it('prints * * * for hops that stay silent (5 s each, probes in parallel)', () => {
    const p = routerLab();
    p.run('host', 'ip -n sv route del 10.1.0.0/24');
    const t0 = p.world.sched.now;
    const r = p.run('host', 'ip netns exec cl traceroute -n -m 3 10.2.0.2');
    expect(noTimes(r.stdout)).toBe(
      'traceroute to 10.2.0.2 (10.2.0.2), 3 hops max, 60 byte packets\n 1  10.1.0.1  T ms  T ms  T ms\n 2  * * *\n 3  * * *\n',
    );
    expect(p.world.sched.now - t0).toBeLessThan(11_000_000);
  });

  it('marks a host unreachable with !H and stops there', () => {
    const p = routerLab();
    p.run('host', 'ip -n rt route add unreachable 10.70.0.0/16');
    const r = p.run('host', 'ip netns exec cl traceroute -n -m 3 10.70.0.1');
    // The third error is rate-limited (ip_error and icmp_send spend the same bucket): "… !H *".
    expect(noTimes(r.stdout)).toBe(noTimes(fixture('traceroute-marker-H.real.txt')));
    expect(noTimes(r.stdout)).toBe(
      'traceroute to 10.70.0.1 (10.70.0.1), 3 hops max, 60 byte packets\n 1  10.1.0.1  T ms !H  T ms !H *\n',
    );
  });

  it('fails at connect time without a route, as traceroute 2.1.2 does', () => {
    const p = routerLab();
    expect(p.run('host', 'ip netns exec rt traceroute -n 10.99.0.1', true)).toEqual({
      stdout: 'traceroute to 10.99.0.1 (10.99.0.1), 30 hops max, 60 byte packets',
      stderr: '\nconnect: Network is unreachable\n',
      code: 1,
    });
  });

  it('rejects names and bad hop counts with the real texts', () => {
    const p = routerLab();
    expect(p.run('host', 'ip netns exec cl traceroute -n foo.invalid', true)).toEqual({
      stdout: '',
      stderr:
        'foo.invalid: Temporary failure in name resolution\nCannot handle "host" cmdline arg `foo.invalid\' on position 1 (argc 2)\n',
      code: 2,
    });
    expect(p.run('host', 'ip netns exec cl traceroute -n -m 300 10.2.0.2', true).stderr).toBe(
      'max hops cannot be more than 255\n',
    );
    expect(p.run('host', 'ip netns exec cl traceroute -n 10.2.0.2 -m 0', true).stderr).toBe(
      'first hop out of range\n',
    );
  });

  it('prints the name form without -n, and one probe per hop with -q 1', () => {
    const p = routerLab();
    expect(noTimes(p.run('host', 'ip netns exec cl traceroute -q 1 10.2.0.2').stdout)).toBe(
      'traceroute to 10.2.0.2 (10.2.0.2), 30 hops max, 60 byte packets\n 1  10.1.0.1 (10.1.0.1)  T ms\n 2  10.2.0.2 (10.2.0.2)  T ms\n',
    );
  });
});
