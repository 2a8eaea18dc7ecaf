/**
 * Docker driven by its daemon: host `node1` (10.168.0.2 on the `underlay` segment) runs dockerd,
 * which starts on the first `docker` command and builds docker0 (172.17.0.1/16), the veth pairs,
 * the container namespaces and its iptables rules itself (C02–C06). Containers are made with
 * `docker run`, named as in the source material (`container-1`, `container-2`, `nginx-host`).
 */
import type { Scenario, ScenarioStep } from '../../api/types';
import { scenarioOf, shellQuote, stepsOn } from './steps';

/** `node1` (and the other `machines`) cabled to `underlay`, node1's eth0 up, then `steps`. */
function scenario(
  title: string,
  machines: readonly string[],
  steps: ScenarioStep[],
  layout: Scenario['layout'],
): Scenario {
  const lab = [
    `title ${shellQuote(title)}`,
    ...machines.map((m) => `machine add ${m}`),
    'segment add underlay',
    ...machines.map((m) => `cable ${m} eth0 underlay`),
  ];
  return scenarioOf(
    title,
    [
      ...stepsOn('lab', lab.join('\n')),
      ...stepsOn('node1', 'ip addr add 10.168.0.2/24 dev eth0\nip link set eth0 up'),
      ...steps,
    ],
    layout,
  );
}

const ONE_HOST_LAYOUT = {
  'machine:node1': { x: 60, y: 60 },
  'segment:underlay': { x: 200, y: 560 },
};

const NET_HOST_TITLE = 'docker --net=host: the host’s network stack';

/**
 * `docker run -d --net=host --name nginx-host nginx` as in the source: nginx listens on node1's
 * own port 80. A busybox on the host network shows the host's interfaces; a second host-network
 * nginx cannot bind port 80 (its `docker logs` say why); a bridged nginx has its own port 80.
 */
export const netHostScenario: Scenario = scenario(
  NET_HOST_TITLE,
  ['node1'],
  stepsOn(
    'node1',
    `docker run -d --net=host --name nginx-host nginx
    docker run -d --net=host --name host-shell busybox
    docker run -d --net=host --name nginx-host-2 nginx
    docker run -d --name nginx-bridge nginx`,
  ),
  ONE_HOST_LAYOUT,
);

const DOCKER0_TITLE = 'docker0: two containers on one host';

/** Two containers on the default bridge: veth pairs on docker0, 172.17.0.2 and 172.17.0.3. */
export const docker0Scenario: Scenario = scenario(
  DOCKER0_TITLE,
  ['node1'],
  stepsOn(
    'node1',
    `docker run -d --name container-1 busybox
    docker run -d --name container-2 busybox`,
  ),
  ONE_HOST_LAYOUT,
);

const NAT_TITLE = 'Docker NAT: a container reaches another host';

/**
 * container-1 on node1 reaches `outside` (10.168.0.100, same segment) through docker0, node1's
 * routing and Docker's MASQUERADE rule; `outside` has no route to 172.17.0.0/16, so without the
 * rule its replies have nowhere to go.
 */
export const dockerNatScenario: Scenario = scenario(
  NAT_TITLE,
  ['node1', 'outside'],
  [
    ...stepsOn(
      'outside',
      `ip addr add 10.168.0.100/24 dev eth0
      ip link set eth0 up`,
    ),
    ...stepsOn('node1', 'docker run -d --name container-1 busybox'),
  ],
  {
    'machine:node1': { x: 60, y: 60 },
    'machine:outside': { x: 620, y: 60 },
    'segment:underlay': { x: 380, y: 560 },
  },
);
