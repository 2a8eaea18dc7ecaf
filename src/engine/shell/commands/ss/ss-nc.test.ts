/// <reference types="node" />
/**
 * ss and netstat on TCP connections, against fixtures/ss-nc.real.txt (recorded on Debian 12 by
 * fixtures/ss-nc.real.sh, which needs background processes the lab's shell cannot start, so it
 * is no Linux case): the same state is built here with one shell session per process, then the
 * same commands run and both outputs are normalised alike — pids (`pid=N`, `N/nc`), ephemeral
 * ports (5 digits, same width), the order of the rows of one listing (the kernel walks a hash
 * table), and trailing blanks (a pid's digit count pads the process column).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PacketLab } from '../../../testing/packet-lab';

const COMMANDS = [
  'ss -tan',
  'ss -tanp',
  'ss -ta',
  'ss -t',
  'ss -tn',
  'ss -tlnp',
  'ss -tulpn',
  'ss -Htanp',
  'netstat -tan',
  'netstat -tanp',
  'netstat -ta',
  'netstat -tn',
  'netstat -tnp',
  'netstat -tulpn',
];

function normalise(text: string): string {
  const blocks = text
    .replace(/pid=\d+/g, 'pid=<PID>')
    .replace(/\b\d+\/nc\b/g, '<PID>/nc')
    .replace(/\b(3[2-9]\d{3}|[4-5]\d{4}|60\d{3})\b/g, '<EPH>')
    .replace(/ +$/gm, '')
    .split(/^(?===)/m);
  return blocks
    .map((b) => {
      const lines = b.split('\n');
      const head = lines.filter((l) => /^(==|State|Netid|Active|Proto|$)/.test(l));
      const rows = lines.filter((l) => !/^(==|State|Netid|Active|Proto|$)/.test(l)).sort();
      return [...head.slice(0, -1), ...rows, ''].join('\n');
    })
    .join('');
}

function labOutput(): string {
  const p = new PacketLab(1);
  p.run('lab', 'machine add host --bare');
  p.script(
    'host',
    `ip netns add a
    ip netns add b
    ip link add eth0 netns a type veth peer name eth0 netns b
    ip -n a addr add 10.1.0.1/24 dev eth0
    ip -n b addr add 10.1.0.2/24 dev eth0
    ip -n a link set eth0 up
    ip -n b link set eth0 up
    ip -n a link set lo up
    ip -n b link set lo up`,
  );
  const lab = p.lab;
  lab.exec(lab.openSession({ machine: 'host' }), 'ip netns exec b nc -l 2379');
  lab.exec(lab.openSession({ machine: 'host' }), 'ip netns exec b nc -l 80');
  lab.run(1000);
  lab.exec(lab.openSession({ machine: 'host' }), 'sleep 6 | ip netns exec a nc 10.1.0.2 2379');
  p.run('host', 'echo hi | ip netns exec a nc -N 10.1.0.2 80');
  lab.run(1000);
  let out = '';
  for (const cmd of COMMANDS)
    for (const n of ['b', 'a']) {
      const r = p.run('host', `ip netns exec ${n} ${cmd}`);
      out += `== ${n}: ${cmd}\n${r.stderr}${r.stdout}`;
    }
  return out;
}

describe('ss and netstat on nc connections (real fixture)', () => {
  it('match Debian 12 line for line', () => {
    const real = readFileSync(join(__dirname, '../fixtures/ss-nc.real.txt'), 'utf8');
    expect(normalise(labOutput())).toBe(normalise(real));
  });

  it('normalises only what differs between runs', () => {
    expect(normalise('== x\nESTAB 0 0 10.1.0.1:49660 users:(("nc",pid=22796,fd=3))   \n')).toBe(
      '== x\nESTAB 0 0 10.1.0.1:<EPH> users:(("nc",pid=<PID>,fd=3))\n',
    );
  });
});
