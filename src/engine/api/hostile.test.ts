/**
 * Hostile input (issue "[bench]", bounded for `npm test`; FUZZ_N=… runs more): random and mutated
 * shell lines and scenario files never throw, every rejection is a clear message, and
 * pathological topologies (routing loops, bridge loops) end or are stopped with a warning.
 */

import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/default-scenario';
import { decodeScenario, encodeScenario } from '../scenario/url-codec';
import { validateScenario } from '../scenario/validate';
import { MAX_NESTING } from '../shell/parser';
import { Rng } from '../sim/rng';
import { Lab } from './lab';
import type { LabEvent } from './types';

const N = Number(process.env.FUZZ_N ?? 0);
const LINES = N || 10_000;
const SCENARIOS = N ? N / 10 : 1_000;

const WORDS = [
  'ip',
  'link',
  'addr',
  'route',
  'neigh',
  'netns',
  'add',
  'del',
  'show',
  'set',
  'up',
  'down',
  'dev',
  'eth0',
  'lo',
  'veth0',
  'br0',
  'type',
  'veth',
  'bridge',
  'vxlan',
  'peer',
  'name',
  'master',
  'via',
  '10.0.0.1',
  '10.0.0.0/24',
  '300.1.1.1',
  'default',
  'mtu',
  '1450',
  'ping',
  '-c',
  '1',
  '-W',
  'sysctl',
  '-w',
  'net.ipv4.ip_forward=1',
  'iptables',
  '-t',
  'nat',
  '-A',
  'POSTROUTING',
  '-j',
  'MASQUERADE',
  'tcpdump',
  '-i',
  'any',
  'bridge',
  'fdb',
  'echo',
  'grep',
  'head',
  'wc',
  '-l',
  'tc',
  'qdisc',
  'netem',
  'delay',
  '100ms',
  'docker',
  'run',
  'busybox',
  'nc',
  'curl',
  'cat',
  'sleep',
  'history',
  'help',
  'exit',
  'export',
  'X=1',
  '$X',
  '$?',
  '"',
  "'",
  '|',
  ';',
  '&&',
  '||',
  '!',
  '>',
  '<',
  '&',
  '>>',
  '2>',
  '2>&1',
  '>&2',
  '&>',
  '/dev/null',
  '/proc/sys/net/ipv4/ip_forward',
  'conntrack',
  '-D',
  '-L',
  'rule',
  'sed',
  "'s/a/b/g'",
  '-n',
  "'2,3p'",
  'awk',
  "'{print $1, $NF}'",
  '-F:',
  'sort',
  'uniq',
  '-c',
  'cut',
  '-d',
  '-f2-',
  'printf',
  "'%s %d\\n'",
  'for',
  'in',
  'do',
  'done',
  'bash',
  'ss',
  'netstat',
  '-tlnp',
  '(',
  ')',
  '\\',
  '-',
  '--',
  '',
  ' ',
  'ïñvålid',
  '<script>alert(1)</script>',
];

function randomLine(rng: Rng): string {
  const n = rng.int(0, 9);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    if (rng.below(10) === 0) {
      const bytes = rng.fill(new Uint8Array(rng.int(1, 6)));
      parts.push(String.fromCharCode(...bytes));
    } else parts.push(WORDS[rng.below(WORDS.length)]);
  }
  return parts.join(rng.below(8) === 0 ? '' : ' ');
}

describe('hostile input', () => {
  it(`survives ${LINES} random shell lines with clear errors and a usable lab`, () => {
    const lab = new Lab(9);
    lab.load(defaultScenario);
    const s = lab.openSession({ machine: 'node1' });
    const rng = new Rng(42);
    let failures = 0;
    for (let i = 0; i < LINES; i++) {
      const line = randomLine(rng);
      const r = lab.execToEnd(s, line, 5_000);
      expect(typeof r.code).toBe('number');
      if (r.code !== 0) {
        failures++;
        // A failure says something, in one of the shapes Linux tools use (never a JS stack).
        expect(r.stderr + r.stdout, line).not.toMatch(/TypeError|ReferenceError|at .*\.ts:\d+/);
        expect(r.stderr, line).not.toContain('cnlab internal error');
      }
    }
    expect(failures).toBeGreaterThan(LINES / 10);
    expect(lab.execToEnd(s, 'echo still alive')).toEqual({
      stdout: 'still alive\n',
      stderr: '',
      code: 0,
    });
  });

  it(`rejects ${SCENARIOS} mutated scenario files and share links with a message, never a throw`, () => {
    const rng = new Rng(7);
    const base = JSON.stringify(defaultScenario);
    const link = encodeScenario(defaultScenario);
    let rejected = 0;
    for (let i = 0; i < SCENARIOS; i++) {
      const chars = [...base];
      for (let k = rng.int(1, 8); k > 0; k--) {
        const at = rng.below(chars.length);
        const op = rng.below(3);
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, '{}[]",:0a\\'[rng.below(10)]);
        else chars[at] = String.fromCharCode(rng.int(32, 126));
      }
      let data: unknown;
      try {
        data = JSON.parse(chars.join(''));
      } catch {
        data = chars.join('');
      }
      const v = validateScenario(data);
      if (!v.ok) {
        rejected++;
        expect(v.error).toMatch(/^invalid scenario: /);
      } else {
        const r = new Lab(1).load(v.scenario);
        if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
      }
      const mutatedLink =
        link.slice(0, rng.below(link.length)) +
        'x!'.slice(0, rng.below(3)) +
        link.slice(rng.below(link.length));
      const d = decodeScenario(mutatedLink);
      if (!d.ok) expect(d.error).toMatch(/shared link|invalid scenario/);
    }
    expect(rejected).toBeGreaterThan(SCENARIOS / 3);
  });

  it('refuses loops nested too deep with a message, and runs a loop over 100,000 words', () => {
    const lab = new Lab(9);
    lab.load(defaultScenario);
    const s = lab.openSession({ machine: 'node1' });
    for (const n of [MAX_NESTING + 1, 5_000, 50_000]) {
      const line = `${'for i in 1; do '.repeat(n)}echo x${'; done'.repeat(n)}`;
      const r = lab.execToEnd(s, line);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `bash: for loops nested more than ${MAX_NESTING} deep are not supported in cnlab\n`,
      );
    }
    const deepest = `${'for i in 1; do '.repeat(MAX_NESTING)}echo x${'; done'.repeat(MAX_NESTING)}`;
    expect(lab.execToEnd(s, deepest)).toEqual({ stdout: 'x\n', stderr: '', code: 0 });
    const words = Array.from({ length: 100_000 }, (_, i) => String(i)).join(' ');
    expect(lab.execToEnd(s, `for w in ${words}; do true; done; echo $w`).stdout).toBe('99999\n');
    // A shell that runs itself forever stops at the same depth, with a message.
    lab.execToEnd(s, `export X='bash -c "$X"'`);
    expect(lab.execToEnd(s, 'bash -c "$X"')).toEqual({
      stdout: '',
      stderr: `bash: child shells nested more than ${MAX_NESTING} deep are not supported in cnlab\n`,
      code: 2,
    });
    expect(lab.execToEnd(s, 'echo usable').stdout).toBe('usable\n');
  });

  it('ends a routing loop with Time to live exceeded', () => {
    const lab = new Lab(1);
    const con = lab.openSession({ machine: 'lab' });
    lab.execToEnd(con, 'machine add r1 --kind router');
    lab.execToEnd(con, 'machine add r2 --kind router');
    lab.execToEnd(con, 'segment add s');
    lab.execToEnd(con, 'cable r1 eth0 s');
    lab.execToEnd(con, 'cable r2 eth0 s');
    const r1 = lab.openSession({ machine: 'r1' });
    const r2 = lab.openSession({ machine: 'r2' });
    for (const l of [
      'ip link set eth0 up',
      'ip addr add 10.0.0.1/24 dev eth0',
      'ip route add 10.9.0.0/16 via 10.0.0.2',
    ]) {
      expect(lab.execToEnd(r1, l).code).toBe(0);
    }
    for (const l of [
      'ip link set eth0 up',
      'ip addr add 10.0.0.2/24 dev eth0',
      'ip route add 10.9.0.0/16 via 10.0.0.1',
    ]) {
      expect(lab.execToEnd(r2, l).code).toBe(0);
    }
    const r = lab.execToEnd(r1, 'ping -c 1 -W 1 10.9.0.1');
    expect(r.stdout).toContain('Time to live exceeded');
  });

  it('stops a broadcast storm in a bridge loop, warns once and stays usable', () => {
    const lab = new Lab(1);
    const notices: LabEvent[] = [];
    lab.subscribe((b) => notices.push(...b.filter((e) => e.kind === 'notice')));
    const con = lab.openSession({ machine: 'lab' });
    lab.execToEnd(con, 'machine add h');
    const h = lab.openSession({ machine: 'h' });
    for (const l of [
      'ip link add br0 type bridge',
      'ip link add br1 type bridge',
      'ip link add a0 type veth peer name b0',
      'ip link add a1 type veth peer name b1',
      'ip link add a2 type veth peer name b2',
      'ip link set a0 master br0',
      'ip link set a1 master br0',
      'ip link set a2 master br0',
      'ip link set b0 master br1',
      'ip link set b1 master br1',
      'ip link set b2 master br1',
      'ip link set a0 up',
      'ip link set a1 up',
      'ip link set a2 up',
      'ip link set b0 up',
      'ip link set b1 up',
      'ip link set b2 up',
      'ip link set br0 up',
      'ip link set br1 up',
      'ip addr add 10.0.0.1/24 dev br0',
    ]) {
      expect(lab.execToEnd(h, l).code, l).toBe(0);
    }
    const r = lab.execToEnd(h, 'ping -c 1 -W 1 10.0.0.2');
    expect(r.code).toBe(1);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'notice', level: 'warning' });
    expect(lab.execToEnd(h, 'echo ok').stdout).toBe('ok\n');
    // The looping frames are gone: ten more virtual seconds pass with few events.
    const before = lab.worldForBench().sched.pending;
    lab.run(10_000);
    expect(lab.worldForBench().sched.pending).toBeLessThanOrEqual(before + 10);
    expect(notices).toHaveLength(1);
  });
});

describe('responsiveness under load', () => {
  it('a flood ping for ten virtual minutes never holds a run() call longer than its budget, and Ctrl-C stops it', () => {
    const lab = new Lab(1);
    lab.load(defaultScenario);
    const s = lab.openSession({ machine: 'node1' });
    const events: LabEvent[] = [];
    lab.subscribe((b) => events.push(...b));
    // Tracing off, as a teacher would for a flood (every step of every packet is a lot to keep).
    lab.worldForBench().trace.enabled = false;
    const id = lab.exec(s, 'ping -f 10.0.0.2');
    const sched = lab.worldForBench().sched;
    let calls = 0;
    while (sched.now < 600_000_000 && calls < 20) {
      const before = sched.now;
      lab.run(600_000);
      // Each call stops at the budget: far less than the ten minutes asked for.
      expect(sched.now - before).toBeLessThan(600_000_000);
      calls++;
    }
    expect(events.some((e) => e.kind === 'exit')).toBe(false);
    lab.signal(id, 'INT');
    const exit = events.find((e) => e.kind === 'exit');
    expect(exit).toMatchObject({ kind: 'exit', exec: id, code: 0 });
    const out = events.flatMap((e) => (e.kind === 'output' ? [e.data] : [])).join('');
    expect(out).toMatch(/packets transmitted, \d+ received/);
  });
});
