/**
 * Pods made the way kubelet makes them on a Docker node, with CNI (C15–C17): two nodes with the
 * CNI plugins in /opt/cni/bin, etcd and flanneld (VXLAN) as in the flannel scenarios, and in
 * /etc/cni/net.d two config files: `10-flannel.conflist` (what kube-flannel's DaemonSet writes:
 * the flannel plugin chained with portmap) and `99-mynet.conf` (a plain bridge network). Only the
 * alphabetically first is used [1]. `crictl runp` then starts each pod's pause container with no
 * network and runs the chain for its namespace: flannel reads /run/flannel/subnet.env and
 * delegates to bridge, which makes cni0, the veth pair and asks host-local for an address [2].
 */
import type { Scenario, ScenarioStep } from '../../api/types';
import { etcd, etcdData, flanneld, type Host } from './flannel-daemons';
import { TWO_NODE_LAYOUT } from './k8s-nodes';
import { scenarioOf, shellQuote, stepsOn } from './steps';

const TITLE = 'CNI: kubelet, the pause container and the flannel plugin chain';

const NODES: readonly Host[] = [
  { name: 'node1', ip: '10.168.0.2', subnet: 1 },
  { name: 'node2', ip: '10.168.0.3', subnet: 2 },
];

/** kube-flannel.yml's cni-conf.json. */
export const FLANNEL_CONFLIST =
  '{"name":"cbr0","cniVersion":"0.3.1","plugins":[{"type":"flannel","delegate":{"hairpinMode":true,"isDefaultGateway":true}},{"type":"portmap","capabilities":{"portMappings":true}}]}';

/** A second, later file: a bridge network of its own that kubelet never reads. */
export const MYNET_CONF =
  '{"cniVersion":"0.4.0","name":"mynet","type":"bridge","bridge":"mynet0","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","subnet":"10.22.0.0/16","routes":[{"dst":"0.0.0.0/0"}]}}';

/** The CRI PodSandboxConfig of pod N (only its metadata matters here). */
export function podConfig(n: number): string {
  return `{"metadata":{"name":"pod${n}","namespace":"default","uid":"pod${n}-uid","attempt":0}}`;
}

/** The pause container's name, as dockershim names it: k8s_POD_<name>_<namespace>_<uid>_<attempt>. */
export const pauseName = (n: number) => `k8s_POD_pod${n}_default_pod${n}-uid_0`;

function node(h: Host): ScenarioStep[] {
  return stepsOn(
    h.name,
    `ip addr add ${h.ip}/24 dev eth0
    ip link set eth0 up
    docker ps`,
  );
}

function cniConfig(h: Host): ScenarioStep[] {
  return stepsOn(
    h.name,
    `echo ${shellQuote(FLANNEL_CONFLIST)} > /etc/cni/net.d/10-flannel.conflist
    echo ${shellQuote(MYNET_CONF)} > /etc/cni/net.d/99-mynet.conf`,
  );
}

function pod(h: Host): ScenarioStep[] {
  const n = h.subnet;
  return stepsOn(
    h.name,
    `echo ${shellQuote(podConfig(n))} > pod${n}.json
    crictl runp pod${n}.json
    docker run -d --name pod${n}-app --net=container:${pauseName(n)} busybox`,
  );
}

export const cniFlannelScenario: Scenario = scenarioOf(
  TITLE,
  [
    ...stepsOn(
      'lab',
      `title ${shellQuote(TITLE)}
      machine add node1 --k8s
      machine add node2 --k8s
      segment add underlay
      cable node1 eth0 underlay
      cable node2 eth0 underlay`,
    ),
    ...NODES.flatMap(node),
    ...etcd(),
    ...etcdData('vxlan', NODES),
    ...NODES.flatMap(flanneld),
    ...stepsOn('node1', 'sleep 1'),
    ...NODES.flatMap(cniConfig),
    ...NODES.flatMap(pod),
  ],
  TWO_NODE_LAYOUT,
);

// [1] kubelet (dockershim's cni.go) lists *.conf, *.conflist and *.json in /etc/cni/net.d,
//     sorts the names and takes the first file that loads; 99-mynet.conf is never read. Remove
//     10-flannel.conflist and the next `crictl runp` puts the pod on mynet0 (10.22.0.0/16).
// [2] `docker ps` on each node first: dockerd is up before the network addon, as on a real node,
//     so docker0 keeps Docker's default 172.17.0.1/16 instead of taking flannel's subnet.
//     flanneld runs with --ip-masq, so subnet.env says FLANNEL_IPMASQ=true and the flannel
//     plugin asks bridge not to masquerade; the MTU (1450 for VXLAN) comes from there too.
