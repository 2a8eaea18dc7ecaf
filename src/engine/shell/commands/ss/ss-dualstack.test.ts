/// <reference types="node" />
/**
 * etcd's listeners as ss and netstat show them, against fixtures/ss-dualstack.real.txt (Debian
 * 12, recorded by fixtures/ss-dualstack.real.sh with python3 opening the sockets the way Go's
 * net.Listen does for etcd): `0.0.0.0:2379` is a dual-stack IPv6 socket (`*:2379`, `tcp6`,
 * v4-mapped peers), `127.0.0.1:2380` an IPv4 one. Ephemeral ports are replaced on both sides.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PacketLab } from '../../../testing/packet-lab';

const COMMANDS = [
  'ss -tan',
  'ss -tln',
  'ss -tln4',
  'ss -tln6',
  'ss -tn6',
  'netstat -tan',
  'netstat -tln',
  'netstat -tln4',
  'netstat -tln6',
];

const eph = (text: string) => text.replace(/\b(3[2-9]\d{3}|[4-5]\d{4}|60\d{3})\b/g, '<EPH>');

describe('ss and netstat on etcd’s dual-stack listener (real fixture)', () => {
  it('match Debian 12 byte for byte', () => {
    const p = new PacketLab(1);
    p.run('lab', 'machine add host --bare');
    p.script(
      'host',
      `ip link set lo up
      ip addr add 10.0.0.1/24 dev lo
      etcd --listen-client-urls http://0.0.0.0:2379 --advertise-client-urls http://10.0.0.1:2379`,
    );
    p.lab.exec(p.lab.openSession({ machine: 'host' }), 'sleep 3 | nc 10.0.0.1 2379');
    p.lab.run(1000);
    let out = '';
    for (const cmd of COMMANDS) out += `== ${cmd}\n${p.run('host', cmd).stdout}`;
    const real = readFileSync(join(__dirname, '../fixtures/ss-dualstack.real.txt'), 'utf8');
    expect(eph(out)).toBe(eph(real));
  });
});
