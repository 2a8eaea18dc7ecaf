/**
 * Hostile input to the daemons' clients (issue "[bench]"; FUZZ_N=… runs more): random lines of
 * birdc, etcdctl, docker, cnitool and crictl words against scenarios where the daemons run. No
 * exception escapes, every failure says something in a tool's words, and the lab stays usable.
 */

import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../scenario/builtin';
import { Rng } from '../sim/rng';
import { Lab } from './lab';

const N = Number(process.env.FUZZ_N ?? 0);
const LINES = N ? N / 10 : 1_500;

const COMMON = [
  '"',
  "'",
  '""',
  '"*"',
  '?',
  '|',
  ';',
  '-s',
  '--',
  '',
  'all',
  'x',
  '10.0.0.1',
  '{',
  '}',
];

const CLIENTS: {
  scenario: string;
  machine: string;
  heads: string[];
  words: string[];
  /** Run when a line stopped the daemon (`birdc down`), so later lines reach it again. */
  revive?: string;
}[] = [
  {
    scenario: 'calico-bgp',
    machine: 'node1',
    heads: ['birdc', 'birdc -s /run/bird/bird.ctl', 'bird -p', 'bird'],
    words: [
      ...'show sh s route ro protocols pro p all a interfaces summary status static st count for where filter protocol export primary table master4 master5 enable disable dis restart re reload in out configure soft check timeout undo confirm restrict down d e r help exit quit eval echo debug dump graceful ospf rip babel bfd symbols memory'.split(
        ' ',
      ),
      'Mesh_10_168_0_3',
      'static1',
      'kernel1',
      'net ~ [ 10.0.0.0/8+ ]',
      '10.233.2.0/26',
      '"/etc/bird/bird.conf"',
      '-c',
      '/etc/bird/bird.conf',
    ],
    revive: 'bird',
  },
  {
    scenario: 'cni-flannel',
    machine: 'node1',
    heads: [
      'etcdctl',
      'ETCDCTL_API=3 etcdctl',
      'cnitool',
      'crictl',
      'docker',
      'cat /etc/cni/net.d/10-flannel.conflist |',
    ],
    words: [
      ...'ls get set mk rm rmdir watch put del --prefix --recursive -r --ttl member list endpoint health add runp pods ps inspect run exec busybox --net=none --name'.split(
        ' ',
      ),
      '/coreos.com/network/config',
      '/coreos.com/network/subnets',
      'cbr0',
      '/var/run/netns/x',
      '/tmp/pod.json',
    ],
  },
];

function randomLine(rng: Rng, heads: string[], words: string[]): string {
  const parts = [heads[rng.below(heads.length)]];
  const pool = [...words, ...COMMON];
  for (let i = rng.int(0, 6); i > 0; i--) parts.push(pool[rng.below(pool.length)]);
  return parts.join(' ');
}

describe('hostile input to daemon clients', () => {
  for (const c of CLIENTS) {
    it(`survives ${LINES} random ${c.heads[0]}… lines on ${c.scenario}`, () => {
      const lab = new Lab(5);
      const b = builtinScenario(c.scenario);
      if (!b) throw new Error(`no built-in ${c.scenario}`);
      lab.load(b.scenario);
      const s = lab.openSession({ machine: c.machine });
      lab.execToEnd(s, 'sleep 5');
      const rng = new Rng(11);
      let failures = 0;
      let answered = 0;
      for (let i = 0; i < LINES; i++) {
        const line = randomLine(rng, c.heads, c.words);
        // A line may wait on its input (birdc, etcdctl watch): the budget ends it as Ctrl-C would.
        const r = lab.execToEnd(s, line, 2_000);
        expect(typeof r.code).toBe('number');
        if (r.code !== 0) {
          failures++;
          expect(r.stderr + r.stdout, line).not.toMatch(/TypeError|ReferenceError|at .*\.ts:\d+/);
          expect(r.stderr + r.stdout, line).not.toContain('internal error');
        }
        if (c.revive && /Unable to connect/.test(r.stderr)) lab.execToEnd(s, c.revive);
        else answered++;
      }
      expect(failures).toBeGreaterThan(LINES / 10);
      // Most lines reached a running daemon: the fuzz tests its parser, not a closed socket.
      expect(answered).toBeGreaterThan(LINES * 0.8);
      expect(lab.execToEnd(s, 'echo still alive').stdout).toBe('still alive\n');
    });
  }
});
