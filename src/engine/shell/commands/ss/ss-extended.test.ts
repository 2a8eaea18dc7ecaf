/**
 * `ss -e` on the VXLAN device's kernel socket. REAL is Debian 12's output of this script, run by
 * /work/shared/tools/real-run.sh (inode and cookie numbers differ from run to run, so it is no
 * Linux case; both sides have them replaced before comparing):
 *
 *   ip link set lo up
 *   ip link add vxlan0 type vxlan id 1 dstport 8472 dev lo nolearning
 *   ip link set vxlan0 up
 *   ss -ulne
 *   ss -ulnep
 */
import { describe, expect, it } from 'vitest';
import { PacketLab } from '../../../testing/packet-lab';

const REAL = `State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
UNCONN 0      0            0.0.0.0:8472      0.0.0.0:*    ino:1214406 sk:2c cgroup:/ <->
State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
UNCONN 0      0            0.0.0.0:8472      0.0.0.0:*    ino:1214406 sk:2c cgroup:/ <->
`;

const ids = (text: string) =>
  text.replace(/ino:\d+/g, 'ino:<I>').replace(/sk:[0-9a-f]+/g, 'sk:<S>');

describe('ss -e', () => {
  it('prints inode, cookie, cgroup and the open shutdown state as Debian 12 does', () => {
    const p = new PacketLab(1);
    p.run('lab', 'machine add host --bare');
    p.script(
      'host',
      `ip link set lo up
      ip link add vxlan0 type vxlan id 1 dstport 8472 dev lo nolearning
      ip link set vxlan0 up`,
    );
    const out = p.run('host', 'ss -ulne').stdout + p.run('host', 'ss -ulnep').stdout;
    expect(ids(out)).toBe(ids(REAL));
    // The same socket keeps its numbers from one listing to the next.
    expect(out.split('\n')[1]).toBe(out.split('\n')[3]);
  });
});
