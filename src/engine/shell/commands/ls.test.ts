import { describe, expect, it } from 'vitest';
import { Lab } from '../../api/lab';
import { lsColumns } from './ls';

function node() {
  const lab = new Lab(1);
  const con = lab.openSession({ machine: 'lab' });
  expect(lab.execToEnd(con, 'machine add node1').code).toBe(0);
  return { lab, s: lab.openSession({ machine: 'node1' }) };
}

describe('files: redirections, ls, cat, mkdir, rm', () => {
  it('writes files with > and >>, reads them back with cat and lists them with ls', () => {
    const { lab, s } = node();
    expect(lab.execToEnd(s, 'mkdir -p /etc/cni/net.d').code).toBe(0);
    expect(lab.execToEnd(s, `echo '{"a":1}' > /etc/cni/net.d/10-a.conf`).code).toBe(0);
    expect(lab.execToEnd(s, 'echo more >> /etc/cni/net.d/10-a.conf').code).toBe(0);
    expect(lab.execToEnd(s, 'cat /etc/cni/net.d/10-a.conf').stdout).toBe('{"a":1}\nmore\n');
    // > truncates.
    lab.execToEnd(s, 'echo b > /etc/cni/net.d/99-b.conf; echo c > /etc/cni/net.d/99-b.conf');
    expect(lab.execToEnd(s, 'cat /etc/./cni//net.d/99-b.conf').stdout).toBe('c\n');
    expect(lab.execToEnd(s, 'ls /etc/cni/net.d | cat').stdout).toBe('10-a.conf\n99-b.conf\n');
    expect(lab.execToEnd(s, 'ls /etc/cni').stdout).toBe('net.d\n');
    expect(lab.execToEnd(s, 'rm /etc/cni/net.d/99-b.conf; ls /etc/cni/net.d').stdout).toBe(
      '10-a.conf\n',
    );
  });

  it('prints the real tools’ errors (coreutils 9.1, bash 5.2)', () => {
    const { lab, s } = node();
    expect(lab.execToEnd(s, 'ls /nonexist')).toEqual({
      stdout: '',
      stderr: "ls: cannot access '/nonexist': No such file or directory\n",
      code: 2,
    });
    expect(lab.execToEnd(s, 'echo hi > /nonexist/x').stderr).toBe(
      'bash: /nonexist/x: No such file or directory\n',
    );
    expect(lab.execToEnd(s, 'echo hi > /etc').stderr).toBe('bash: /etc: Is a directory\n');
    expect(lab.execToEnd(s, 'cat /etc').stderr).toBe('cat: /etc: Is a directory\n');
    expect(lab.execToEnd(s, 'mkdir /tmp').stderr).toBe(
      'mkdir: cannot create directory ‘/tmp’: File exists\n',
    );
    expect(lab.execToEnd(s, 'rm /nonexist').stderr).toBe(
      "rm: cannot remove '/nonexist': No such file or directory\n",
    );
    expect(lab.execToEnd(s, 'rm /tmp').stderr).toBe("rm: cannot remove '/tmp': Is a directory\n");
    expect(lab.execToEnd(s, 'echo x > /dev/null; echo $?').stdout).toBe('0\n');
    expect(lab.execToEnd(s, 'ls -t').stderr).toBe('ls: -t is not modelled in cnlab\n');
    expect(lab.execToEnd(s, 'ls -j').stderr).toBe(
      "ls: invalid option -- 'j'\nTry 'ls --help' for more information.\n",
    );
  });

  it('lays names out in columns as GNU ls -C does, with tab stops of 8', () => {
    // Recorded with `COLUMNS=80 ls -C | cat -A` on Debian 12 (coreutils 9.1).
    const names =
      'bandwidth bridge calico calico-ipam dhcp firewall flannel host-device host-local ipvlan loopback macvlan portmap ptp sbr static tuning vlan vrf'.split(
        ' ',
      );
    expect(lsColumns(names)).toBe(
      'bandwidth  calico-ipam\tflannel      ipvlan    portmap\tstatic\tvrf\n' +
        'bridge\t   dhcp\t\thost-device  loopback  ptp\ttuning\n' +
        'calico\t   firewall\thost-local   macvlan   sbr\tvlan\n',
    );
    const debian =
      'bandwidth bridge dhcp firewall host-device host-local ipvlan loopback macvlan portmap ptp sbr static tuning vlan vrf'.split(
        ' ',
      );
    expect(lsColumns(debian)).toBe(
      'bandwidth  dhcp      host-device  ipvlan    macvlan  ptp  static  vlan\n' +
        'bridge\t   firewall  host-local   loopback  portmap  sbr  tuning  vrf\n',
    );
  });
});
