/**
 * Flannel driven by its daemons, with the source material's names and addresses: hosts `node1`
 * 10.168.0.2 and `node2` 10.168.0.3 on the `underlay` segment, etcd on node1, the cluster
 * network 100.96.0.0/16, flanneld on both hosts, dockerd taking docker0's address and MTU from
 * /run/flannel/subnet.env, and containers `container-1` (100.96.1.2 on node1) and `container-2`
 * (100.96.2.3 on node2) made with `docker run` (C07, C09–C12).
 *
 * Nothing here is programmed by hand: the VTEP, flannel0, the routes, the leases and docker0
 * all come from etcd, flanneld and dockerd running as processes in the lab. How the subnets are
 * made deterministic: see [1].
 */
import type { Scenario, ScenarioStep } from '../../api/types';
import { TWO_NODE_LAYOUT, twoNodes } from './k8s-nodes';
import { scenarioOf, shellQuote, stepsOn } from './steps';

export type FlannelBackend = 'udp' | 'vxlan' | 'host-gw';

export const ETCD_ENDPOINT = 'http://10.168.0.2:2379';
export const FLANNEL_NETWORK = '100.96.0.0/16';

export interface Host {
  name: 'node1' | 'node2';
  ip: string;
  /** Third octet of the host's flannel subnet 100.96.N.0/24. */
  subnet: number;
}

const NODE1: Host = { name: 'node1', ip: '10.168.0.2', subnet: 1 };
const NODE2: Host = { name: 'node2', ip: '10.168.0.3', subnet: 2 };

/** ETCDCTL_API=2: etcdctl 3.4 speaks v3 by default; flannel's keys are v2 ones. */
const ETCDCTL = 'ETCDCTL_API=2 etcdctl';

/** The network config flanneld reads, exactly as an operator writes it. */
export function networkConfig(backend: FlannelBackend): string {
  return `{"Network":"${FLANNEL_NETWORK}","Backend":{"Type":"${backend}"}}`;
}

/** An etcd v2 server on node1, listening on every address (node2's flanneld reaches it). */
export function etcd(): ScenarioStep[] {
  return stepsOn(
    'node1',
    `etcd --name node1 --listen-client-urls http://0.0.0.0:2379 --advertise-client-urls ${ETCD_ENDPOINT} --enable-v2`,
  );
}

/** [1] The config, then one reserved lease per host, as an operator pins subnets to hosts. */
export function etcdData(backend: FlannelBackend, hosts: readonly Host[]): ScenarioStep[] {
  return stepsOn(
    'node1',
    [
      `${ETCDCTL} set /coreos.com/network/config ${shellQuote(networkConfig(backend))}`,
      ...hosts.map(
        (h) =>
          `${ETCDCTL} mk /coreos.com/network/subnets/100.96.${h.subnet}.0-24 ${shellQuote(`{"PublicIP":"${h.ip}"}`)}`,
      ),
    ].join('\n'),
  );
}

/** flanneld on `h` ([2]). */
export function flanneld(h: Host): ScenarioStep[] {
  return stepsOn(h.name, `flanneld --etcd-endpoints=${ETCD_ENDPOINT} --iface=eth0 --ip-masq`);
}

/** The containers ([3]): dockerd starts on the first `docker` and reads subnet.env then. */
function containers(): ScenarioStep[] {
  return [
    ...stepsOn('node1', 'docker run -d --name container-1 busybox'),
    ...stepsOn(
      'node2',
      `docker run -d --name web nginx
      docker run -d --name container-2 busybox`,
    ),
  ];
}

function hostUnderlay(h: Host, extra = ''): ScenarioStep[] {
  return stepsOn(
    h.name,
    `ip addr add ${h.ip}/24 dev eth0
    ip link set eth0 up
    ${extra}`,
  );
}

/** Two hosts on one L2 segment, etcd, flanneld with `backend`, docker and the containers. */
function flannelScenario(title: string, backend: FlannelBackend): Scenario {
  return scenarioOf(
    title,
    [
      ...twoNodes(title),
      ...hostUnderlay(NODE1),
      ...hostUnderlay(NODE2),
      ...daemons(backend, [NODE1, NODE2]),
    ],
    TWO_NODE_LAYOUT,
  );
}

/** etcd and its data, flanneld on every host, then docker and the containers. */
function daemons(backend: FlannelBackend, hosts: readonly Host[]): ScenarioStep[] {
  return [
    ...etcd(),
    ...etcdData(backend, hosts),
    ...hosts.flatMap(flanneld),
    // Virtual time for both leases to be taken and programmed, subnet.env to be written.
    ...stepsOn('node1', 'sleep 1'),
    ...containers(),
  ];
}

export const flannelUdpScenario = flannelScenario('Flannel UDP: flanneld and flannel0', 'udp');
export const flannelVxlanScenario = flannelScenario(
  'Flannel VXLAN: flanneld and flannel.1',
  'vxlan',
);
export const flannelHostGwScenario = flannelScenario(
  'Flannel host-gw: flanneld routes via the peer host',
  'host-gw',
);

const FAR_NODE2: Host = { name: 'node2', ip: '10.168.1.3', subnet: 2 };
const ROUTER_TITLE = 'Flannel host-gw across a router: fails';

/**
 * host-gw when the hosts are not L2-adjacent ([4]): node2 sits behind `router` on segment `far`
 * (10.168.1.0/24). flanneld on node1 asks for `100.96.2.0/24 via 10.168.1.3 dev eth0`, which the
 * kernel refuses (the gateway is not on-link), and logs the error; container-1 → container-2
 * goes to the default route instead and is lost at the router (C12).
 */
export const hostGwRouterScenario: Scenario = scenarioOf(
  ROUTER_TITLE,
  [
    ...stepsOn(
      'lab',
      `title ${shellQuote(ROUTER_TITLE)}
      machine add node1
      machine add router
      machine add node2
      segment add underlay
      segment add far
      cable node1 eth0 underlay
      cable router eth0 underlay
      cable router eth1 far
      cable node2 eth0 far`,
    ),
    ...hostUnderlay(NODE1, 'ip route add default via 10.168.0.1'),
    ...stepsOn(
      'router',
      `ip addr add 10.168.0.1/24 dev eth0
      ip addr add 10.168.1.1/24 dev eth1
      ip link set eth0 up
      ip link set eth1 up
      sysctl -qw net.ipv4.ip_forward=1`,
    ),
    ...hostUnderlay(FAR_NODE2, 'ip route add default via 10.168.1.1'),
    ...daemons('host-gw', [NODE1, FAR_NODE2]),
  ],
  {
    'machine:node1': { x: 60, y: 60 },
    'machine:router': { x: 420, y: 60 },
    'machine:node2': { x: 780, y: 60 },
    'segment:underlay': { x: 240, y: 560 },
    'segment:far': { x: 600, y: 560 },
  },
);

// [1] flanneld picks a free subnet at random (pkg/subnet/etcd local_manager.go), so on its own
//     node1 might get 100.96.57.0/24. An operator who wants fixed subnets reserves them in etcd
//     first: `etcdctl mk …/subnets/100.96.1.0-24 '{"PublicIP":"10.168.0.2"}'` (the source's
//     value). flanneld finds the lease of its own public IP ("Found lease … for current IP,
//     reusing") and rewrites it with its full attributes (BackendType, BackendData) and a 24 h
//     TTL, so `etcdctl get` then shows modern flannel's longer JSON, PublicIP first. Until the
//     peer's flanneld has done so, its reservation has no BackendType, and flanneld logs that it
//     ignores it ("ignoring non-vxlan v4Subnet…", "Ignoring non-host-gw subnet") before the
//     rewritten lease arrives through the watch.
// [2] --ip-masq: flanneld masquerades traffic leaving the cluster network and writes
//     FLANNEL_IPMASQ=true, which (as mk-docker-opts.sh turns it into --ip-masq=false) stops
//     dockerd from adding its own MASQUERADE rule for the docker0 subnet — without that, Docker's
//     rule would rewrite container-1's address on its way out of flannel.1, flannel0 or eth0.
// [3] Docker hands out addresses from .2 up; `web` (an nginx on node2, something to curl) takes
//     100.96.2.2 so that container-2 is 100.96.2.3 as in the source.
// [4] node2's address is 10.168.1.3 here, not the source's 10.168.0.3: behind a router it has to
//     be on another subnet.
