/**
 * The built-in scenarios, by id. Titles and descriptions are English; the UI translates them
 * through i18n keys derived from the id (`scenario.<id>.title`, `scenario.<id>.description`).
 */
import type { Scenario } from '../../api/types';
import { defaultScenario } from '../default-scenario';
import { calicoBgpScenario } from './calico-bgp';
import { calicoStaticScenario } from './calico-static';
import { cniFlannelScenario } from './cni-flannel';
import { docker0Scenario, dockerNatScenario, netHostScenario } from './docker-daemons';
import { docker0ManualScenario } from './docker0-manual';
import {
  flannelHostGwScenario,
  flannelUdpScenario,
  flannelVxlanScenario,
  hostGwRouterScenario,
} from './flannel-daemons';
import { flannelHostgwScenario } from './flannel-hostgw';
import { flannelVxlanManualScenario } from './flannel-vxlan-manual';

export type BuiltinScenarioId =
  | 'default'
  | 'net-host'
  | 'docker0'
  | 'docker-nat'
  | 'flannel-udp'
  | 'flannel-vxlan'
  | 'flannel-host-gw'
  | 'host-gw-router'
  | 'docker0-manual'
  | 'flannel-vxlan-manual'
  | 'flannel-hostgw'
  | 'calico-static'
  | 'calico-bgp'
  | 'cni-flannel';

export interface BuiltinScenario {
  readonly id: BuiltinScenarioId;
  readonly title: string;
  /** One line. */
  readonly description: string;
  readonly scenario: Scenario;
}

function builtin(id: BuiltinScenarioId, description: string, scenario: Scenario): BuiltinScenario {
  return { id, title: scenario.title, description, scenario };
}

export const BUILTIN_SCENARIOS: readonly BuiltinScenario[] = [
  builtin(
    'default',
    'Two booted hosts cabled to one L2 segment, 10.0.0.1 and 10.0.0.2.',
    defaultScenario,
  ),
  builtin(
    'net-host',
    'nginx with --net=host listens on the host’s own port 80; a second one fails to bind it.',
    netHostScenario,
  ),
  builtin(
    'docker0',
    'dockerd puts container-1 and container-2 on docker0 with veth pairs; the bridge switches between them.',
    docker0Scenario,
  ),
  builtin(
    'docker-nat',
    'container-1 reaches the outside host through docker0, host routing and Docker’s MASQUERADE rule.',
    dockerNatScenario,
  ),
  builtin(
    'flannel-udp',
    'etcd, flanneld and dockerd on two hosts: flanneld wraps container packets from flannel0 in UDP 8285.',
    flannelUdpScenario,
  ),
  builtin(
    'flannel-vxlan',
    'etcd, flanneld and dockerd on two hosts: flanneld’s flannel.1 VTEPs carry container packets in VXLAN (VNI 1, UDP 8472).',
    flannelVxlanScenario,
  ),
  builtin(
    'flannel-host-gw',
    'etcd, flanneld and dockerd on two hosts: flanneld routes each host’s container subnet via that host, no encapsulation.',
    flannelHostGwScenario,
  ),
  builtin(
    'host-gw-router',
    'flannel host-gw with the hosts behind a router: the kernel refuses the route via the far host, and the ping is lost.',
    hostGwRouterScenario,
  ),
  builtin(
    'docker0-manual',
    'Two containers on the docker0 bridge, NAT to an outside host, Docker’s iptables rules, built with ip and iptables.',
    docker0ManualScenario,
  ),
  builtin(
    'flannel-vxlan-manual',
    'Pods on two nodes joined by flannel.1 VXLAN devices (VNI 1, UDP 8472), programmed by hand as flanneld would.',
    flannelVxlanManualScenario,
  ),
  builtin(
    'flannel-hostgw',
    'Pods on two nodes joined by plain routes via the peer node (flannel host-gw), programmed by hand.',
    flannelHostgwScenario,
  ),
  builtin(
    'calico-static',
    'Calico-style routed pods: /32 addresses, proxy ARP for 169.254.1.1, static routes, no bridge.',
    calicoStaticScenario,
  ),
  builtin(
    'calico-bgp',
    'Calico with BIRD on each node: the pod blocks travel between the nodes over iBGP and land as proto bird routes.',
    calicoBgpScenario,
  ),
  builtin(
    'cni-flannel',
    'crictl runp starts a pause container, then kubelet’s CNI chain from the first file in /etc/cni/net.d: flannel delegates to bridge and host-local.',
    cniFlannelScenario,
  ),
];

/** The built-in scenario `id`, or undefined. */
export function builtinScenario(id: string): BuiltinScenario | undefined {
  return BUILTIN_SCENARIOS.find((b) => b.id === id);
}
