/**
 * ss and netstat where the lab's daemons hold sockets: etcd's two listeners and the
 * connections to it, flanneld's UDP socket, the VXLAN device's kernel socket (no process),
 * and nginx in a container (master and worker share the listener). The layout rules are held to
 * real output by the Linux cases and ss-nc.test.ts; this holds the lab's attribution of sockets
 * to processes: pids of flanneld and of a container from those daemons, etcd's from the lab's
 * process table (kernel/sock-procs.ts), one descriptor per socket.
 */
import { describe, expect, it } from 'vitest';
import type { Lab } from '../../../api/lab';
import { Dockerd } from '../../../daemons/docker/dockerd';
import { Flanneld } from '../../../daemons/flannel/flanneld';
import type { Machine } from '../../../kernel/machine';
import { runBuiltin } from '../../../scenario/builtin/run-builtin';
import { PacketLab } from '../../../testing/packet-lab';

function machine(lab: Lab, name: string): Machine {
  const m = lab.worldForBench().machines.get(name);
  if (!m) throw new Error(`no machine ${name}`);
  return m;
}

describe('ss and netstat on the flannel-vxlan built-in', () => {
  it('shows etcd, flanneld and the VXLAN socket on node1, and flanneld’s etcd connection on node2', () => {
    const r = runBuiltin(
      'flannel-vxlan',
      'node1: ss -tulpn',
      'node1: netstat -tulpn',
      'node2: ss -tnp',
    );
    const f1 = Flanneld.running(machine(r.lab, 'node1'))?.pid;
    const f2 = Flanneld.running(machine(r.lab, 'node2'))?.pid;
    expect(f1).toBeGreaterThan(0);
    // etcd's 0.0.0.0:2379 is a dual-stack IPv6 socket, as Go listens (ss-dualstack.test.ts).
    const ss1 = [
      'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess                        ',
      'udp   UNCONN 0      0            0.0.0.0:8472      0.0.0.0:*                                  ',
      'tcp   LISTEN 0      4096       127.0.0.1:2380      0.0.0.0:*    users:(("etcd",pid=4000,fd=3))',
      'tcp   LISTEN 0      4096               *:2379            *:*    users:(("etcd",pid=4000,fd=4))',
    ];
    const ns1 = [
      'Active Internet connections (only servers)',
      'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ',
      'tcp        0      0 127.0.0.1:2380          0.0.0.0:*               LISTEN      4000/etcd           ',
      'tcp6       0      0 :::2379                 :::*                    LISTEN      4000/etcd           ',
      'udp        0      0 0.0.0.0:8472            0.0.0.0:*                           -                   ',
    ];
    const users = `users:(("flanneld",pid=${f2},fd=3))`;
    expect(r.output).toContain(`${[...ss1, ...ns1].join('\n')}\n`);
    expect(r.output).toMatch(
      new RegExp(
        `ESTAB 0      0         10\\.168\\.0\\.3:\\d{5}   10\\.168\\.0\\.2:2379 ${users.replace(/[()]/g, '\\$&')}\n`,
      ),
    );
  });

  it('flannel-udp: flanneld’s UDP 8285 carries flanneld’s own pid, as in its log', () => {
    const r = runBuiltin('flannel-udp', 'node1: ss -ulnp', 'node1: journalctl -u flanneld');
    const pid = Flanneld.running(machine(r.lab, 'node1'))?.pid;
    expect(r.output).toContain(
      `UNCONN 0      0         10.168.0.2:8285      0.0.0.0:*    users:(("flanneld",pid=${pid},fd=4))\n`,
    );
    expect(r.output).toContain(`flanneld[${pid}]`);
  });
});

describe('ss and a container’s nginx', () => {
  it('--net host: the master and its worker hold the listener on the host’s port 80', () => {
    const p = new PacketLab(1);
    p.run('lab', 'machine add host');
    p.run('host', 'docker run -d --net host --name web nginx');
    const c = [...(Dockerd.running(machine(p.lab, 'host'))?.containers.values() ?? [])][0];
    expect(c.pid).toBeGreaterThan(0);
    const l = p.run('host', 'ss -tlnp');
    expect(l.stdout).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n' +
        `LISTEN 0      511          0.0.0.0:80        0.0.0.0:*    users:(("nginx",pid=${c.pid + 28},fd=3),("nginx",pid=${c.pid},fd=3))\n`,
    );
    const n = p.run('host', 'netstat -tlnp');
    expect(n.stdout).toContain(
      `tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN      ${`${c.pid}/nginx: master p`.slice(0, 19)} \n`,
    );
  });
});
