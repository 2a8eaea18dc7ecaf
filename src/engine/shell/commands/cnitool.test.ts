import { describe, expect, it } from 'vitest';
import { Lab } from '../../api/lab';

const MYNET =
  '{"cniVersion":"0.4.0","name":"mynet","plugins":[{"type":"bridge","bridge":"cni0","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","subnet":"10.22.0.0/16","routes":[{"dst":"0.0.0.0/0"}]}},{"type":"portmap","capabilities":{"portMappings":true}}]}';

function k8sNode() {
  const lab = new Lab(1);
  const con = lab.openSession({ machine: 'lab' });
  expect(lab.execToEnd(con, 'machine add node1 --k8s').code).toBe(0);
  const s = lab.openSession({ machine: 'node1' });
  const run = (line: string) => lab.execToEnd(s, line);
  return { run };
}

describe('cnitool (containernetworking/cni)', () => {
  it('adds a namespace to a network: the chain’s result, host-local’s files (C16, C17)', () => {
    const { run } = k8sNode();
    run(`echo '${MYNET}' > /etc/cni/net.d/10-mynet.conflist; ip netns add testing`);
    const add = run('CNI_PATH=/opt/cni/bin cnitool add mynet /var/run/netns/testing');
    expect(add.code).toBe(0);
    // portmap (second in the chain) hands bridge's result on; no newline at the end.
    expect(add.stdout).toMatch(/^\{\n {4}"cniVersion": "0\.4\.0",\n {4}"interfaces": \[/);
    expect(add.stdout).toContain('"sandbox": "/var/run/netns/testing"');
    expect(add.stdout).toContain(
      '"ips": [\n        {\n            "version": "4",\n            "interface": 2,\n            "address": "10.22.0.2/16",\n            "gateway": "10.22.0.1"\n        }\n    ]',
    );
    expect(add.stdout.endsWith('}')).toBe(true);
    // The container id: cnitool- and 20 hex digits of sha512 of the netns path.
    expect(run('cat /var/lib/cni/networks/mynet/10.22.0.2').stdout).toBe(
      'cnitool-77383ca0a0715733ca6f\r\neth0',
    );
    expect(run('ls -1 /var/lib/cni/networks/mynet').stdout).toBe(
      '10.22.0.2\nlast_reserved_ip.0\nlock\n',
    );
    expect(run('CNI_PATH=/opt/cni/bin cnitool add mynet /var/run/netns/testing')).toEqual({
      stdout: '',
      stderr:
        'plugin type="bridge" failed (add): container veth name provided (eth0) already exists\n',
      code: 1,
    });
    expect(run('CNI_PATH=/opt/cni/bin cnitool del mynet /var/run/netns/testing').code).toBe(0);
    expect(run('ls -1 /var/lib/cni/networks/mynet').stdout).toBe('last_reserved_ip.0\nlock\n');
    expect(run('ip -n testing -br link').stdout).toBe(
      'lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n',
    );
  });

  it('prints libcni’s errors', () => {
    const { run } = k8sNode();
    expect(run('cnitool add mynet /var/run/netns/testing').stderr).toBe(
      'no net configurations found in /etc/cni/net.d\n',
    );
    run(`echo '${MYNET}' > /etc/cni/net.d/10-mynet.conflist`);
    expect(run('cnitool add other /var/run/netns/testing').stderr).toBe(
      'no net configuration with name "other" in /etc/cni/net.d\n',
    );
    expect(run('cnitool add mynet /var/run/netns/testing').stderr).toBe(
      'plugin type="bridge" failed (add): no paths provided\n',
    );
    expect(run('CNI_PATH=/usr/lib/cni cnitool add mynet /var/run/netns/testing').stderr).toBe(
      'plugin type="bridge" failed (add): failed to find plugin "bridge" in path [/usr/lib/cni]\n',
    );
    expect(run('CNI_PATH=/opt/cni/bin cnitool add mynet /var/run/netns/nope').stderr).toBe(
      'plugin type="bridge" failed (add): failed to open netns "/var/run/netns/nope": failed to Statfs "/var/run/netns/nope": no such file or directory\n',
    );
    run(`echo '{"cniVersion":"0.4.0","name":' > /etc/cni/net.d/20-bad.conflist`);
    expect(run('cnitool add x /var/run/netns/testing').stderr).toBe(
      'error parsing configuration list: unexpected end of JSON input\n',
    );
    expect(run('cnitool add').stderr).toBe(
      'cnitool: Add, check, remove, gc or status network interfaces from a network namespace\n' +
        '  cnitool add    <net> <netns>\n  cnitool check  <net> <netns>\n  cnitool del    <net> <netns>\n' +
        '  cnitool gc     <net> <netns>\n  cnitool status <net> <netns>\n',
    );
  });

  it('takes a single-plugin .conf file too, and the loopback plugin', () => {
    const { run } = k8sNode();
    run(`echo '{"cniVersion":"0.4.0","name":"lo","type":"loopback"}' > /etc/cni/net.d/99-lo.conf`);
    run('ip netns add t');
    const r = run('CNI_PATH=/opt/cni/bin cnitool add lo /var/run/netns/t');
    expect(r.stdout).toContain('"address": "127.0.0.1/8"');
    expect(run('ip -n t -br link').stdout).toMatch(/^lo +UNKNOWN /);
  });
});
