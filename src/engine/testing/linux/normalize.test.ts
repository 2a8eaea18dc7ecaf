/**
 * normalize.ts against /work/shared/tools/normalize.py: inline samples whose expected text was
 * produced by the python script, plus a live cross-check when python3 and the script are present.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalize } from './normalize';

const LINKS = [
  '2: veth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
  '    link/ether 0A:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff link-netns c1',
  '    inet6 fe80::81b:2cff:fe3d:4e5f/64 scope link ',
  '3: eth0: link/ether 0a:1B:2C:3D:4E:5F brd ff:ff:ff:ff:ff:ff',
  'fe80::1 dev eth0 lladdr 02:42:ac:11:00:02 router REACHABLE',
  '10.0.0.2 dev eth0 lladdr 02:42:ac:11:00:03 STALE',
  '10.0.0.3 dev eth0 lladdr 02:42:ac:11:00:03 DELAY',
  '10.0.0.4 dev eth0  PROBE',
  'designated_root 8000.2:0:0:0:0:aa UNREACHABLE',
  'local fe80::aa:bbff:fecc:dd',
  '',
].join('\n');

const LINKS_NORMALIZED = [
  '2: veth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
  '    link/ether <MAC1> brd <MAC2> link-netns c1',
  '    inet6 <LL1>/64 scope link ',
  '3: eth0: link/ether <MAC1> brd <MAC2>',
  '<LL2> dev eth0 lladdr <MAC3> router <NUD>',
  '10.0.0.2 dev eth0 lladdr <MAC4> <NUD>',
  '10.0.0.3 dev eth0 lladdr <MAC4> <NUD>',
  '10.0.0.4 dev eth0  <NUD>',
  'designated_root 8000.2:0:0:0:0:aa UNREACHABLE',
  'local <LL3>',
  '',
].join('\n');

const PING = [
  'PING 172.17.0.3 (172.17.0.3) 56(84) bytes of data.',
  '64 bytes from 172.17.0.3: icmp_seq=1 ttl=64 time=0.045 ms',
  '64 bytes from 172.17.0.3: icmp_seq=2 ttl=64 time=12.5 ms',
  '',
  '--- 172.17.0.3 ping statistics ---',
  '2 packets transmitted, 2 received, 0% packet loss, time 1001ms',
  'rtt min/avg/max/mdev = 0.045/6.272/12.500/6.227 ms',
  ' 1  172.17.0.1  0.041 ms  0.011 ms  0.009 ms',
  'IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 0x1a2b, seq 1',
  '10.0.0.5 dev eth0 lladdr 02:00:00:00:00:05 used:12/34/5 probes 1 PERMANENT',
  '',
].join('\n');

const PING_NORMALIZED = [
  'PING 172.17.0.3 (172.17.0.3) 56(84) bytes of data.',
  '64 bytes from 172.17.0.3: icmp_seq=1 ttl=64 time=<T> ms',
  '64 bytes from 172.17.0.3: icmp_seq=2 ttl=64 time=<T> ms',
  '',
  '--- 172.17.0.3 ping statistics ---',
  '2 packets transmitted, 2 received, 0% packet loss, time <T>ms',
  'rtt min/avg/max/mdev = <RTT> ms',
  ' 1  172.17.0.1  <T> ms  <T> ms  <T> ms',
  'IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id <ID>, seq 1',
  '10.0.0.5 dev eth0 lladdr <MAC1> used:<T> probes 1 PERMANENT',
  '',
].join('\n');

describe('normalize (port of normalize.py)', () => {
  it('numbers MACs and link-local addresses case-insensitively, masks neighbour states', () => {
    expect(normalize(LINKS)).toBe(LINKS_NORMALIZED);
  });

  it('masks ping, rtt and traceroute times, ICMP ids and neighbour use times', () => {
    expect(normalize(PING)).toBe(PING_NORMALIZED);
  });

  it('restarts the numbering on every call', () => {
    expect(normalize('aa:bb:cc:dd:ee:ff')).toBe('<MAC1>');
    expect(normalize('11:22:33:44:55:66 aa:bb:cc:dd:ee:ff')).toBe('<MAC1> <MAC2>');
  });

  it('matches a link-local address at the very end of the text', () => {
    expect(normalize('fe80::1')).toBe('<LL1>');
    expect(normalize('fe80::1x')).toBe('fe80::1x');
  });

  it('cuts a longer hex run after six bytes and ignores a short-byte bridge id', () => {
    expect(normalize('aa:bb:cc:dd:ee:ff:00')).toBe('<MAC1>:00');
    expect(normalize('8000.2:42:ac:11:0:2')).toBe('8000.2:42:ac:11:0:2');
  });

  it('replaces the case script path with <CASE>', () => {
    const casePath = '/work/main/src/engine/testing/linux/cases/shell-status.sh';
    const out = `${casePath}: line 2: foo: command not found\nexit=127\n`;
    expect(normalize(out, { casePath })).toBe('<CASE>: line 2: foo: command not found\nexit=127\n');
    expect(normalize(out)).toBe(out);
  });
});

const PYTHON_NORMALIZER = '/work/shared/tools/normalize.py';
const havePython =
  existsSync(PYTHON_NORMALIZER) && spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!havePython)('normalize agrees with normalize.py', () => {
  /** Runs the python script once per text, all in one python process (a spawn each is slow). */
  const python = (texts: string[]): string[] => {
    const driver = [
      'import io, json, runpy, sys',
      'texts = json.load(sys.stdin)',
      'real_stdout, outs = sys.stdout, []',
      'for t in texts:',
      '    sys.stdin, sys.stdout = io.StringIO(t), io.StringIO()',
      '    runpy.run_path(sys.argv[1])',
      '    outs.append(sys.stdout.getvalue())',
      'real_stdout.write(json.dumps(outs))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', driver, PYTHON_NORMALIZER], {
      input: JSON.stringify(texts),
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`normalize.py failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as string[];
  };

  it('on the inline samples', () => {
    const texts = [LINKS, PING, 'fe80::1', 'id 0xdeadbeef time 3ms', 'aa:bb:cc:dd:ee:ff:00'];
    expect(texts.map((t) => normalize(t))).toEqual(python(texts));
  });

  it('on the expected outputs', () => {
    const dir = join(import.meta.dirname, 'expected');
    const files = readdirSync(dir).filter((n) => n.endsWith('.txt'));
    const texts = files.map((f) => readFileSync(join(dir, f), 'utf8'));
    const fromPython = python(texts);
    texts.forEach((text, i) => {
      expect(normalize(text), files[i]).toBe(fromPython[i]);
    });
  });
});
