import { describe, expect, it } from 'vitest';
import type { DeviceView, MachineView, TopologyView } from '../engine/api/types';
import { runBuiltin } from '../engine/scenario/builtin/run-builtin';
import {
  cniPodRunLines,
  containerRunLine,
  defaultFlannelHosts,
  duplicateLines,
  execContainer,
  firstCniConfig,
  netnsContainers,
  parseInspectLines,
  planFlannel,
  podRunLines,
} from './daemons';
import { parseInnerId } from './naming';

function dev(machine: string, name: string, addrs: string[] = [], extra: Partial<DeviceView> = {}) {
  return {
    id: `dev:${machine}:-:${name}`,
    ifindex: 2,
    name,
    kind: 'nic',
    mac: '02:00:00:00:00:01',
    mtu: 1500,
    up: true,
    carrier: true,
    operstate: 'UP',
    addrs,
    ...extra,
  } as DeviceView;
}

function machine(name: string, devices: DeviceView[], containers: string[] = []): MachineView {
  return {
    id: `machine:${name}`,
    name,
    kind: 'host',
    hostname: name,
    netns: [],
    ipForward: false,
    namespaces: [
      { name: null, devices, ipForward: false },
      ...containers.map((c) => ({
        name: `container:${c}`,
        container: c,
        devices: [],
        ipForward: false,
      })),
    ],
  };
}

const view: TopologyView = {
  title: '',
  machines: [
    machine('node1', [dev('node1', 'eth0', ['10.168.0.1/24'])], ['container-1']),
    machine('node2', [dev('node2', 'eth0', ['10.168.0.2/24'])]),
    machine('node3', [dev('node3', 'eth0', [])]),
  ],
  segments: [{ id: 'segment:lan0', name: 'lan0' }],
  cables: ['node1', 'node2', 'node3'].map((m) => ({
    id: `cable:${m}`,
    machine: m,
    ifname: 'eth0',
    segment: 'lan0',
  })),
  layout: {},
};

describe('containers and pods', () => {
  it('names a container after the ones the host already runs', () => {
    expect(containerRunLine(view.machines[0], [], 'busybox')).toEqual({
      name: 'container-2',
      line: 'docker run -d --name container-2 busybox',
    });
  });

  it('a pod is a pause container and an app container joining its namespace (C15)', () => {
    expect(podRunLines(view.machines[1], []).lines).toEqual([
      'docker run -d --name pod1-pause k8s.gcr.io/pause:3.9',
      'docker run -d --name pod1-app --net=container:pod1-pause busybox',
    ]);
  });

  it('on a node with CNI config, a pod is made as kubelet makes it (C15, C17)', () => {
    expect(firstCniConfig('99-mynet.conf  10-flannel.conflist\nREADME\n')).toBe(
      '10-flannel.conflist',
    );
    expect(firstCniConfig('README\n')).toBeNull();
    const known = parseInspectLines(
      'aaa /k8s_POD_pod1_default_pod1-uid_0 k8s.gcr.io/pause:3.9 none\n',
    );
    const pod = cniPodRunLines(view.machines[1], known);
    expect(pod.pause).toBe('k8s_POD_pod2_default_pod2-uid_0');
    expect(pod.lines).toEqual([
      `echo '{"metadata":{"name":"pod2","namespace":"default","uid":"pod2-uid","attempt":0}}' > pod2.json`,
      'crictl runp pod2.json',
      'docker run -d --name pod2-app --net=container:k8s_POD_pod2_default_pod2-uid_0 busybox',
    ]);
    // The lines work on a CNI node: the new pod gets the flannel subnet's next address.
    const r = runBuiltin(
      'cni-flannel',
      ...pod.lines.map((l) => `node1: ${l}`),
      'node1: docker exec pod2-app ip -br addr show eth0',
      'node1: docker exec pod2-app ping -c 1 100.96.2.2',
    );
    expect(r.output).toMatch(/^eth0@if\d+ +UP +100\.96\.1\.3\/24 /m);
    expect(r.output).toContain('1 packets transmitted, 1 received');
  });

  it('reads docker inspect and groups a pod', () => {
    const known = parseInspectLines(
      'aaa /pod1-pause k8s.gcr.io/pause:3.9 default\nbbb /pod1-app busybox container:aaa\n\n',
    );
    expect(known.map((c) => c.name)).toEqual(['pod1-pause', 'pod1-app']);
    const c = netnsContainers('pod1-pause', known);
    expect(c.pod).toBe('pod1');
    expect(c.joined.map((j) => j.name)).toEqual(['pod1-app']);
    expect(execContainer('pod1-pause', known)).toBe('pod1-app');
  });

  it('parses the ids of container namespaces and their devices', () => {
    expect(parseInnerId('netns:h:container:c1')).toEqual({
      kind: 'netns',
      machine: 'h',
      netns: 'container:c1',
    });
    expect(parseInnerId('dev:h:container:c1:eth0')).toEqual({
      kind: 'device',
      machine: 'h',
      netns: 'container:c1',
      name: 'eth0',
    });
    expect(parseInnerId('dev:h:ns1:eth0')?.netns).toBe('ns1');
  });
});

describe('flannel', () => {
  it('spans the hosts that have an address on a segment', () => {
    expect(defaultFlannelHosts(view)).toEqual(['node1', 'node2']);
  });

  it('starts etcd on the first host, writes the config, runs flanneld everywhere', () => {
    const plan = planFlannel(view, ['node1', 'node2'], 'vxlan', null);
    expect(plan).toMatchObject({ etcdHost: 'node1', etcdIp: '10.168.0.1', startEtcd: true });
    if ('reason' in plan) throw new Error('refused');
    expect(plan.runs).toEqual([
      {
        machine: 'node1',
        lines: [
          'etcd --listen-client-urls http://0.0.0.0:2379 --advertise-client-urls http://10.168.0.1:2379 --enable-v2',
          `ETCDCTL_API=2 etcdctl --endpoints http://10.168.0.1:2379 set /coreos.com/network/config '{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}}'`,
        ],
      },
      {
        machine: 'node1',
        lines: ['flanneld --etcd-endpoints=http://10.168.0.1:2379 --iface=eth0'],
      },
      {
        machine: 'node2',
        lines: ['flanneld --etcd-endpoints=http://10.168.0.1:2379 --iface=eth0'],
      },
    ]);
  });

  it('reuses a running etcd and refuses hosts without an underlay address', () => {
    const plan = planFlannel(view, ['node1', 'node2'], 'udp', 'node2');
    expect(plan).toMatchObject({ etcdHost: 'node2', startEtcd: false });
    expect(planFlannel(view, ['node1', 'node3'], 'vxlan', null)).toEqual({
      reason: 'noUnderlay',
      hosts: ['node3'],
    });
    expect(planFlannel(view, [], 'vxlan', null)).toEqual({ reason: 'noHosts' });
  });
});

describe('duplicate', () => {
  it('adds the machine and the same cables', () => {
    expect(duplicateLines(view, 'node2', 'host4')).toEqual([
      'machine add host4',
      'cable host4 eth0 lan0',
    ]);
  });
});
