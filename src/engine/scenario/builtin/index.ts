/**
 * The built-in scenarios, by id. Titles and descriptions are English; the UI translates them
 * through i18n keys derived from the id (`scenario.<id>.title`, `scenario.<id>.description`).
 */
import type { Scenario } from '../../api/types';
import { defaultScenario } from '../default-scenario';
import { calicoStaticScenario } from './calico-static';
import { docker0Scenario } from './docker0';
import { flannelHostgwScenario } from './flannel-hostgw';
import { flannelVxlanScenario } from './flannel-vxlan';

export type BuiltinScenarioId =
  | 'default'
  | 'docker0'
  | 'flannel-vxlan'
  | 'flannel-hostgw'
  | 'calico-static';

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
    'docker0',
    'Two containers on the docker0 bridge, NAT to an outside host, Docker’s iptables rules.',
    docker0Scenario,
  ),
  builtin(
    'flannel-vxlan',
    'Pods on two nodes joined by flannel.1 VXLAN devices (VNI 1, UDP 8472), as flanneld sets them up.',
    flannelVxlanScenario,
  ),
  builtin(
    'flannel-hostgw',
    'Pods on two nodes joined by plain routes via the peer node (flannel host-gw), no encapsulation.',
    flannelHostgwScenario,
  ),
  builtin(
    'calico-static',
    'Calico-style routed pods: /32 addresses, proxy ARP for 169.254.1.1, static routes, no bridge.',
    calicoStaticScenario,
  ),
];

/** The built-in scenario `id`, or undefined. */
export function builtinScenario(id: string): BuiltinScenario | undefined {
  return BUILTIN_SCENARIOS.find((b) => b.id === id);
}
