/**
 * The cni-flannel built-in: what a student sees of C15 (the pause container holds the pod's
 * namespace before the CNI plugins build its network), C16 (the kinds of plugin in /opt/cni/bin:
 * main, IPAM, meta and third-party) and C17 (only the alphabetically first file of
 * /etc/cni/net.d is used; one conflist chains several plugins).
 */
import { describe, expect, it } from 'vitest';
import { pauseName } from './cni-flannel';
import { type Ran, runBuiltin as run } from './run-builtin';

function file(r: Ran, machine: string, path: string): string | undefined {
  return r.lab.worldForBench().machines.get(machine)?.files.get(path);
}

describe('cni-flannel (C15–C17)', () => {
  it('loads cleanly and the pods reach each other across the flannel VXLAN', () => {
    const r = run('cni-flannel', 'node1: docker exec pod1-app ping -c 1 100.96.2.2');
    expect(r.warnings).toEqual([]);
    expect(r.output).toContain('1 packets transmitted, 1 received, 0% packet loss');
  });

  it('C16: /opt/cni/bin holds main, IPAM and meta plugins and the addons’ own', () => {
    const r = run('cni-flannel', 'node1: ls -1 /opt/cni/bin');
    const names = r.output.trim().split('\n');
    for (const p of ['bridge', 'macvlan', 'ipvlan', 'host-local', 'dhcp', 'flannel', 'calico'])
      expect(names).toContain(p);
  });

  it('C17: of two config files only the first in name order is used', () => {
    const r = run(
      'cni-flannel',
      'node1: ls /etc/cni/net.d',
      'node1: ip -br link show type bridge',
      'node1: ls /var/lib/cni/networks',
    );
    expect(r.output).toContain('10-flannel.conflist  99-mynet.conf\n');
    // cni0 (flannel → bridge) exists, 99-mynet.conf's mynet0 does not; only cbr0 has addresses.
    expect(r.output).toMatch(/^cni0 +UP /m);
    expect(r.output).not.toContain('mynet0');
    expect(r.output).toContain('\ncbr0\n');
    expect(r.output).not.toContain('\nmynet\n');
  });

  it('C17: the conflist chains flannel (delegating to bridge + host-local) and portmap', () => {
    const r = run(
      'cni-flannel',
      'node1: docker exec pod1-app ip route',
      'node1: bridge link show',
      'node1: ip -br addr show cni0',
    );
    expect(r.output).toContain(
      'default via 100.96.1.1 dev eth0 \n100.96.0.0/16 via 100.96.1.1 dev eth0 \n100.96.1.0/24 dev eth0 proto kernel scope link src 100.96.1.2 \n',
    );
    expect(r.output).toMatch(/master cni0 state forwarding priority 32 cost 2 \n/);
    expect(r.output).toMatch(/^cni0 +UP +100\.96\.1\.1\/24 /m);
    const id = file(r, 'node1', '/var/lib/cni/networks/cbr0/100.96.1.2')?.split('\r\n')[0] ?? '';
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(file(r, 'node1', '/var/lib/cni/networks/cbr0/last_reserved_ip.0')).toBe('100.96.1.2');
    // flannel kept the config it handed to bridge (for DEL), keys sorted as Go marshals a map.
    expect(file(r, 'node1', `/var/lib/cni/flannel/${id}`)).toBe(
      '{"cniVersion":"0.3.1","hairpinMode":true,"ipMasq":false,"ipam":{"ranges":[[{"subnet":"100.96.1.0/24"}]],"routes":[{"dst":"100.96.0.0/16"}],"type":"host-local"},"isDefaultGateway":true,"isGateway":true,"mtu":1450,"name":"cbr0","type":"bridge"}',
    );
  });

  it('C15: the pause container came first and holds the namespace the app container joined', () => {
    const r = run(
      'cni-flannel',
      'node1: docker ps',
      `node1: docker inspect -f "{{.HostConfig.NetworkMode}}" ${pauseName(1)} pod1-app`,
    );
    expect(r.output).toMatch(new RegExp(`k8s.gcr.io/pause:3.9 +"/pause" .* ${pauseName(1)}\n`));
    expect(r.output).toMatch(/^none\ncontainer:[0-9a-f]{64}\n/m);
  });

  it('without 10-flannel.conflist the next pod goes to 99-mynet.conf’s network (C17)', () => {
    const r = run(
      'cni-flannel',
      'node1: rm /etc/cni/net.d/10-flannel.conflist',
      `node1: echo '{"metadata":{"name":"pod3","namespace":"default","uid":"u3"}}' > pod3.json`,
      'node1: crictl runp pod3.json',
      'node1: ip -br addr show mynet0',
    );
    expect(r.output).toMatch(/^mynet0 +UP +10\.22\.0\.1\/16 /m);
  });

  it('a pod fails as kubelet reports it when the plugin cannot work (no subnet.env)', () => {
    const r = run(
      'cni-flannel',
      'node1: rm /run/flannel/subnet.env',
      `node1: echo '{"metadata":{"name":"pod4","namespace":"default","uid":"u4"}}' > pod4.json`,
      'node1: crictl runp pod4.json',
    );
    expect(r.output).toMatch(
      /FATA\[0000\] run pod sandbox: rpc error: code = Unknown desc = failed to set up sandbox container "[0-9a-f]{64}" network for pod "pod4": networkPlugin cni failed to set up pod "pod4_default" network: plugin type="flannel" failed \(add\): open \/run\/flannel\/subnet.env: no such file or directory\n/,
    );
  });
});
