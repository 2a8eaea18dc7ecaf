/**
 * `bridge fdb` against outputs recorded on Linux 6.18 with iproute2 6.1 (unshare --net).
 */
import { describe, expect, it } from 'vitest';
import { PacketLab } from '../../../testing/packet-lab';

function host(): PacketLab {
  const p = new PacketLab(5);
  p.run('lab', 'machine add host --bare');
  return p;
}

function sh(p: PacketLab, line: string): string {
  const r = p.run('host', line, true);
  return r.stdout + r.stderr + (r.code === 0 ? '' : `rc=${r.code}\n`);
}

describe('bridge fdb on a bridge', () => {
  it('adds, replaces and deletes master entries with the kernel states and errors', () => {
    const p = host();
    p.script(
      'host',
      `ip link add br0 type bridge
      ip link add vethA type veth peer name vethA2
      ip link set vethA address 02:00:00:00:00:0a
      ip link set vethA master br0`,
    );
    expect(sh(p, 'bridge fdb show dev vethA')).toBe(
      '02:00:00:00:00:0a master br0 permanent\n33:33:00:00:00:01 self permanent\n',
    );
    for (const line of [
      'bridge fdb add 02:00:00:00:00:99 dev vethA master static',
      'bridge fdb add 02:00:00:00:00:98 dev vethA master temp',
      'bridge fdb add 02:00:00:00:00:97 dev vethA master local',
      'bridge fdb add 02:00:00:00:00:95 dev vethA master dynamic',
      'bridge fdb add 01:00:5e:00:00:44 dev vethA master',
      'bridge fdb add 02:00:00:00:00:46 dev vethA',
    ])
      expect(sh(p, line)).toBe('');
    expect(sh(p, 'bridge fdb add 02:00:00:00:00:94 dev vethA self static')).toBe(
      'RTNETLINK answers: Invalid argument\nrc=255\n',
    );
    expect(sh(p, 'bridge fdb add 00:00:00:00:00:00 dev vethA master')).toBe(
      'RTNETLINK answers: Invalid argument\nrc=255\n',
    );
    expect(sh(p, 'bridge fdb add 02:00:00:00:00:99 dev vethA master')).toBe(
      'RTNETLINK answers: File exists\nrc=255\n',
    );
    expect(sh(p, 'bridge fdb add 02:00:00:00:00:91 dev vethA2 master')).toBe(
      'RTNETLINK answers: Operation not supported\nrc=255\n',
    );
    expect(sh(p, 'bridge fdb show dev vethA')).toBe(
      [
        '01:00:5e:00:00:44 master br0 permanent',
        '02:00:00:00:00:95 master br0 ',
        '02:00:00:00:00:97 master br0 permanent',
        '02:00:00:00:00:98 master br0 static',
        '02:00:00:00:00:99 master br0 static',
        '02:00:00:00:00:0a master br0 permanent',
        '02:00:00:00:00:46 self permanent',
        '33:33:00:00:00:01 self permanent',
        '',
      ].join('\n'),
    );
    expect(sh(p, 'bridge fdb replace 02:00:00:00:00:99 dev vethA master')).toBe('');
    expect(sh(p, 'bridge fdb del 02:00:00:00:00:98 dev vethA master')).toBe('');
    expect(sh(p, 'bridge fdb del 02:00:00:00:00:77 dev vethA master')).toBe(
      'RTNETLINK answers: No such file or directory\nrc=255\n',
    );
    expect(sh(p, 'bridge fdb show br br0 dev vethA').split('\n')).toContain(
      '02:00:00:00:00:99 dev vethA master br0 permanent',
    );
    expect(sh(p, 'bridge fdb show br vethA')).toBe('');
  });

  it('lists the bridge device: address lists, then its own entries', () => {
    const p = host();
    p.script(
      'host',
      `ip link add br0 type bridge
      ip link set br0 address 02:00:00:00:00:10
      ip link set br0 up`,
    );
    // Setting the MAC of a bridge without ports turns its carrier off: no link-local address,
    // so no solicited-node group.
    expect(sh(p, 'bridge fdb show')).toBe(
      [
        '33:33:00:00:00:01 dev br0 self permanent',
        '01:00:5e:00:00:6a dev br0 self permanent',
        '33:33:00:00:00:6a dev br0 self permanent',
        '01:00:5e:00:00:01 dev br0 self permanent',
        '02:00:00:00:00:10 dev br0 master br0 permanent',
        '',
      ].join('\n'),
    );
    p.run('host', 'ip link set br0 down');
    expect(sh(p, 'bridge fdb show')).toBe(
      '33:33:00:00:00:01 dev br0 self permanent\n02:00:00:00:00:10 dev br0 master br0 permanent\n',
    );
    p.run('host', 'ip link set br0 up');
    expect(sh(p, 'bridge -s fdb show dev br0')).toBe(
      [
        '33:33:00:00:00:01 self permanent',
        '01:00:5e:00:00:6a self permanent',
        '33:33:00:00:00:6a self permanent',
        '01:00:5e:00:00:01 self permanent',
        '02:00:00:00:00:10 used 0/0 master br0 permanent',
        '',
      ].join('\n'),
    );
  });

  it('changes the multicast list order after a down with IPv6 ready', () => {
    const p = host();
    p.script(
      'host',
      `ip link add vethA type veth peer name vethB
      ip link set vethA address 02:00:00:00:00:0a
      ip link set vethA up
      ip link set vethB up`,
    );
    const first = ['33:33:00:00:00:01', '01:00:5e:00:00:01', '33:33:ff:00:00:0a'];
    expect(sh(p, 'bridge fdb show dev vethA')).toBe(
      first.map((m) => `${m} self permanent\n`).join(''),
    );
    p.run('host', 'ip link set vethA down');
    expect(sh(p, 'bridge fdb show dev vethA')).toBe('');
    p.run('host', 'ip link set vethA up');
    const again = ['01:00:5e:00:00:01', '33:33:00:00:00:01', '33:33:ff:00:00:0a'];
    expect(sh(p, 'bridge fdb show dev vethA')).toBe(
      again.map((m) => `${m} self permanent\n`).join(''),
    );
  });

  it('reports argument errors as fdb.c does', () => {
    const p = host();
    p.run('host', 'ip link add vethA type veth peer name vethB');
    expect(sh(p, 'bridge fdb add 02:00:00:00:00:92 dev nope master')).toBe(
      'Cannot find device "nope"\nrc=255\n',
    );
    expect(sh(p, 'bridge fdb add 02:00:00:00:00:92')).toBe(
      'Device and address are required arguments.\nrc=255\n',
    );
    expect(sh(p, 'bridge fdb add zz dev vethA')).toBe('Invalid mac address zz\nrc=255\n');
    expect(sh(p, 'bridge fdb add 02:00:00:00:00:8f dev vethA master foo')).toBe(
      'Error: either "to" is duplicate, or "foo" is a garbage.\nrc=255\n',
    );
    expect(sh(p, 'bridge fdb show dev nope')).toBe('Cannot find device "nope"\nrc=255\n');
    expect(sh(p, 'bridge fdb show br nope')).toBe('Cannot find bridge device "nope"\nrc=255\n');
    expect(sh(p, 'bridge fdb frob')).toBe(
      'Command "frob" is unknown, try "bridge fdb help".\nrc=255\n',
    );
  });
});

describe('bridge fdb on a VXLAN device', () => {
  it('keeps remotes, ports, VNIs and via as the kernel reports them', () => {
    const p = host();
    p.script(
      'host',
      `ip link add eth0 type veth peer name eth1
      ip addr add 10.168.0.2/24 dev eth0
      ip link add vxlan0 type vxlan id 1 dstport 8472 local 10.168.0.2 dev eth0 nolearning
      ip link add vx2 type vxlan id 2 dstport 4789 remote 10.168.0.9 dev eth0`,
    );
    expect(sh(p, 'bridge fdb show dev vx2')).toBe(
      '00:00:00:00:00:00 dst 10.168.0.9 via eth0 self permanent\n',
    );
    for (const line of [
      'bridge fdb add 9a:00:00:00:02:02 dev vxlan0 dst 10.168.0.3',
      'bridge fdb add 9a:00:00:00:02:04 dev vxlan0 dst 10.168.0.4 vni 7 port 4789 via eth0',
      'bridge fdb add 9a:00:00:00:02:05 dev vxlan0 dst 10.168.0.4 static',
      'bridge fdb add 9a:00:00:00:02:06 dev vxlan0 dst 10.168.0.4 dynamic',
      'bridge fdb add 9a:00:00:00:02:08 dev vxlan0 dst 10.168.0.4 self',
      'bridge fdb append 9a:00:00:00:02:08 dev vxlan0 dst 10.168.0.5 self',
      'bridge fdb add 00:00:00:00:00:00 dev vxlan0 dst 10.168.0.4',
      'bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 10.168.0.6',
      'bridge fdb add 9a:00:00:00:02:0d dev vxlan0 dst 10.168.0.4 port 0',
    ])
      expect(sh(p, line)).toBe('');
    expect(sh(p, 'bridge fdb add 9a:00:00:00:02:03 dev vxlan0')).toBe(
      'RTNETLINK answers: Invalid argument\nrc=255\n',
    );
    expect(sh(p, 'bridge fdb add 9a:00:00:00:02:07 dev vxlan0 dst 10.168.0.4 master')).toBe(
      'RTNETLINK answers: Operation not supported\nrc=255\n',
    );
    expect(sh(p, 'bridge fdb add 9a:00:00:00:02:0b dev vxlan0 dst nope')).toBe(
      'Error: any valid address is expected rather than "nope".\nrc=1\n',
    );
    expect(sh(p, 'bridge fdb add 9a:00:00:00:02:0c dev vxlan0 dst 10.168.0.4 vni 16777216')).toBe(
      'Error: argument "16777216" is wrong: invalid VNI\n\nrc=255\n',
    );
    expect(sh(p, 'bridge fdb show dev vxlan0')).toBe(
      [
        '9a:00:00:00:02:0d dst 10.168.0.4 self permanent',
        '00:00:00:00:00:00 dst 10.168.0.4 self permanent',
        '00:00:00:00:00:00 dst 10.168.0.6 self permanent',
        '9a:00:00:00:02:08 dst 10.168.0.4 self permanent',
        '9a:00:00:00:02:06 dst 10.168.0.4 self ',
        '9a:00:00:00:02:05 dst 10.168.0.4 self static',
        '9a:00:00:00:02:04 dst 10.168.0.4 port 4789 vni 7 via eth0 self permanent',
        '9a:00:00:00:02:02 dst 10.168.0.3 self permanent',
        '',
      ].join('\n'),
    );
    for (const line of [
      'bridge fdb del 9a:00:00:00:02:08 dev vxlan0',
      'bridge fdb del 9a:00:00:00:02:02 dev vxlan0 dst 10.168.0.9',
      'bridge fdb del 9a:00:00:00:02:04 dev vxlan0 dst 10.168.0.4 vni 7',
      'bridge fdb replace 9a:00:00:00:02:05 dev vxlan0 dst 10.168.0.6 dynamic',
      'bridge fdb replace 9a:00:00:00:02:33 dev vxlan0 dst 10.168.0.6',
    ])
      expect(sh(p, line)).toBe('');
    expect(sh(p, 'bridge fdb del 9a:00:00:00:02:77 dev vxlan0')).toBe(
      'RTNETLINK answers: No such file or directory\nrc=255\n',
    );
    expect(sh(p, 'bridge fdb show dev vxlan0')).toBe(
      [
        '9a:00:00:00:02:33 dst 10.168.0.6 self permanent',
        '9a:00:00:00:02:0d dst 10.168.0.4 self permanent',
        '00:00:00:00:00:00 dst 10.168.0.4 self permanent',
        '00:00:00:00:00:00 dst 10.168.0.6 self permanent',
        '9a:00:00:00:02:06 dst 10.168.0.4 self ',
        '9a:00:00:00:02:05 dst 10.168.0.6 self ',
        '9a:00:00:00:02:04 dst 10.168.0.4 port 4789 vni 7 via eth0 self permanent',
        '9a:00:00:00:02:02 dst 10.168.0.3 self permanent',
        '',
      ].join('\n'),
    );
    expect(sh(p, 'bridge -j fdb show dev vxlan0').split('},{')[0]).toBe(
      '[{"mac":"9a:00:00:00:02:33","dst":"10.168.0.6","flags":["self"],"state":"permanent"',
    );
  });
});
