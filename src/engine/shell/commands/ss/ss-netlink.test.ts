/**
 * `ss -anp` / `ss -a` in a fresh namespace: only the kernel's netlink sockets and ss's own
 * sock_diag socket (port = ss's pid, so no Linux case). REAL is Debian 12's output of
 * `ss -anp; ss -a` run by /work/shared/tools/real-run.sh (stdout and stderr together); the pid
 * is replaced on both sides (4 digits on both, so the columns line up the same), and the lines
 * of each listing are sorted: the kernel's socket and ss's own share a hash bucket, in either
 * order from run to run.
 */
import { describe, expect, it } from 'vitest';
import { PacketLab } from '../../../testing/packet-lab';

const REAL = `RTNETLINK answers: Invalid argument
Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
nl    UNCONN 0      0                  0:0                *           
nl    UNCONN 832    0                  4:0                *           
nl    UNCONN 4352   0                  4:6432             *           
nl    UNCONN 0      0                  6:0                *           
nl    UNCONN 0      0                  9:0                *           
nl    UNCONN 0      0                 10:0                *           
nl    UNCONN 0      0                 12:0                *           
nl    UNCONN 0      0                 15:0                *           
nl    UNCONN 0      0                 16:0                *           
RTNETLINK answers: Invalid argument
Netid State  Recv-Q Send-Q Local Address:Port    Peer Address:PortProcess
nl    UNCONN 0      0               rtnl:kernel              *           
nl    UNCONN 832    0            tcpdiag:kernel              *           
nl    UNCONN 4352   0            tcpdiag:ss/6433             *           
nl    UNCONN 0      0               xfrm:kernel              *           
nl    UNCONN 0      0              audit:kernel              *           
nl    UNCONN 0      0          fiblookup:kernel              *           
nl    UNCONN 0      0                nft:kernel              *           
nl    UNCONN 0      0             uevent:kernel              *           
nl    UNCONN 0      0               genl:kernel              *           
`;

const pids = (text: string) =>
  text
    .replace(/(4:|ss\/)[1-9]\d{3}\b/g, '$1<PID>')
    .split(/(?=^RTNETLINK)/m)
    .map((block) => block.split('\n').sort().join('\n'))
    .join('\n');

describe('ss -a without -t/-u', () => {
  it('lists the kernel’s netlink sockets and ss’s own, after the RTNETLINK error', () => {
    const p = new PacketLab(1);
    p.run('lab', 'machine add host --bare');
    const s = p.lab.openSession({ machine: 'host' });
    let out = '';
    p.lab.subscribe((batch) => {
      for (const e of batch) if (e.kind === 'output') out += e.data;
    });
    p.lab.execToEnd(s, 'ss -anp');
    p.lab.execToEnd(s, 'ss -a');
    expect(pids(out)).toBe(pids(REAL));
    // Each ss is a new process.
    expect(out).toContain('4:4000 ');
    expect(out).toContain('ss/4001 ');
  });
});
