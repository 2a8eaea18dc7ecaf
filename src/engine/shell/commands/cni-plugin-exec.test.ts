import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lab } from '../../api/lab';

const fixture = (f: string) =>
  readFileSync(join(__dirname, '../../daemons/cni/fixtures', f), 'utf8');

const BRIDGE =
  '{"cniVersion":"0.4.0","name":"mynet","type":"bridge","bridge":"cni0","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","subnet":"10.22.0.0/16","routes":[{"dst":"0.0.0.0/0"}]}}';
const ENV =
  'CNI_COMMAND=ADD CNI_CONTAINERID=ctr1 CNI_NETNS=/var/run/netns/cnipod CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin';

function lab() {
  const l = new Lab(1);
  const con = l.openSession({ machine: 'lab' });
  l.execToEnd(con, 'machine add node1 --k8s');
  l.execToEnd(con, 'machine add plain');
  const s = l.openSession({ machine: 'node1' });
  l.execToEnd(s, `echo '${BRIDGE}' > bridge.json; ip netns add cnipod`);
  return { run: (line: string) => l.execToEnd(s, line), l };
}

describe('running a CNI plugin binary by hand (C16; reference plugins 1.1.1 on Linux)', () => {
  it('adds a namespace with the environment and the config on stdin', () => {
    const { run } = lab();
    const r = run(`${ENV} /opt/cni/bin/bridge < bridge.json`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"sandbox": "/var/run/netns/cnipod"');
    expect(r.stdout).toContain('"address": "10.22.0.2/16"');
    // Again: the real plugin's error JSON on stdout, status 1.
    expect(run(`${ENV} /opt/cni/bin/bridge < bridge.json`)).toEqual({
      stdout: fixture('bridge-add-again.txt'),
      stderr: '',
      code: 1,
    });
    expect(run('cat /var/lib/cni/networks/mynet/10.22.0.2').stdout).toBe('ctr1\r\neth0');
    const del = ENV.replace('ADD', 'DEL');
    expect(run(`${del} /opt/cni/bin/bridge < bridge.json`)).toEqual({
      stdout: '',
      stderr: '',
      code: 0,
    });
  });

  it('says what skel says: about, missing variables, unknown command, bad JSON, VERSION', () => {
    const { run } = lab();
    expect(run('/opt/cni/bin/bridge')).toEqual({
      stdout: '',
      stderr:
        'CNI bridge plugin version unknown\nCNI protocol versions supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0\n',
      code: 0,
    });
    expect(run('CNI_COMMAND=ADD /opt/cni/bin/bridge < bridge.json').stdout).toBe(
      '{\n    "code": 4,\n    "msg": "required env variables [CNI_CONTAINERID,CNI_NETNS,CNI_IFNAME,CNI_PATH] missing"\n}',
    );
    expect(
      run(
        'CNI_COMMAND=FOO CNI_CONTAINERID=a CNI_NETNS=/x CNI_IFNAME=eth0 CNI_PATH=/x /opt/cni/bin/bridge',
      ).stdout,
    ).toBe('{\n    "code": 4,\n    "msg": "unknown CNI_COMMAND: FOO"\n}');
    expect(run(`echo '{"cniVersion":' | ${ENV} /opt/cni/bin/loopback`).stdout).toBe(
      '{\n    "code": 6,\n    "msg": "error unmarshall network config: unexpected end of JSON input"\n}',
    );
    expect(run('CNI_COMMAND=VERSION /opt/cni/bin/loopback').stdout).toBe(
      '{"cniVersion":"1.0.0","supportedVersions":["0.1.0","0.2.0","0.3.0","0.3.1","0.4.0","1.0.0"]}\n',
    );
  });

  it('is not there on a machine without the plugins; other paths fail as bash says', () => {
    const { l } = lab();
    const p = l.openSession({ machine: 'plain' });
    expect(l.execToEnd(p, '/opt/cni/bin/bridge')).toEqual({
      stdout: '',
      stderr: 'bash: /opt/cni/bin/bridge: No such file or directory\n',
      code: 127,
    });
    expect(l.execToEnd(p, '/etc').stderr).toBe('bash: /etc: Is a directory\n');
    expect(l.execToEnd(p, '/etc/resolv.conf')).toEqual({
      stdout: '',
      stderr: 'bash: /etc/resolv.conf: Permission denied\n',
      code: 126,
    });
    expect(l.execToEnd(p, 'help').stdout).not.toContain('/opt/cni/bin');
  });

  it('runs in the namespace `ip netns exec` gives it, as in the recording (fixtures/README.md)', () => {
    const { run } = lab();
    run(
      'mkdir -p /tmp/cni; sed \'s#]}}#],"dataDir":"/tmp/cni/ipam"}}#\' bridge.json > /tmp/cni/bridge.json',
    );
    run('ip netns add cnihost');
    const r = run(
      'ip netns exec cnihost env CNI_COMMAND=ADD CNI_CONTAINERID=ctr1 CNI_NETNS=/var/run/netns/cnipod CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin /opt/cni/bin/bridge < /tmp/cni/bridge.json',
    );
    const macs = (t: string) =>
      t.replace(/[0-9a-f]{2}(:[0-9a-f]{2}){5}/g, 'MAC').replace(/veth[0-9a-f]{8}/, 'VETH');
    expect(macs(r.stdout)).toBe(macs(fixture('bridge-add-0.4.0.txt')));
    expect(run('ip -n cnihost -br link show type bridge').stdout).toMatch(/^cni0 +UP /);
    expect(run('ip -br link show type bridge').stdout).toBe('');
    expect(run('cat /tmp/cni/ipam/mynet/10.22.0.2').stdout).toBe('ctr1\r\neth0');
  });
});
