/**
 * A pod sandbox as kubelet's Docker runtime (dockershim, Kubernetes ≤ 1.23) makes one, in its
 * order (C15): first the infra ("pause") container, started with no network of its own
 * (`--net=none`: a new namespace with only lo), so that its namespace exists and is held by a
 * process; then the CNI plugins build that namespace's network, for the path
 * /proc/<pause pid>/ns/net: the loopback plugin (kubelet's built-in `cni-loopback` list), then
 * the default network, the first config file of /etc/cni/net.d in name order (C17), with the
 * plugins of /opt/cni/bin. When the network fails, kubelet tears it down and stops the pause
 * container.
 *
 * Not modelled: the pod's other containers (they join with `--net=container:<pause>`, as
 * `docker run` does in the lab), DNS options, CNI_ARGS (K8S_POD_NAME …), port mappings.
 */
import type { Machine } from '../../kernel/machine';
import { Dockerd } from '../docker/dockerd';
import { findImage } from '../docker/images';
import {
  addNetworkList,
  DEFAULT_NET_DIR,
  defaultNetwork,
  delNetworkList,
  type NetworkConfigList,
  type RuntimeConf,
} from './libcni';
import { CNI_BIN_DIR } from './node-image';

/** kubelet's --pod-infra-container-image, as the lab's pod palette item uses it. */
export const PAUSE_IMAGE = 'k8s.gcr.io/pause:3.9';

/** kubelet's built-in loopback list (dockershim cni.go getLoNetwork). */
const LOOPBACK: NetworkConfigList = {
  name: 'cni-loopback',
  cniVersion: '0.2.0',
  plugins: [{ type: 'loopback' }],
  file: '',
};

export interface PodMeta {
  name: string;
  namespace: string;
  uid: string;
  attempt: number;
}

export type SandboxResult =
  | { ok: true; id: string; network: string; netnsPath: string }
  | { ok: false; error: string };

/** Run the pod's sandbox: the pause container, then its network. */
export function runPodSandbox(machine: Machine, meta: PodMeta): SandboxResult {
  const d = Dockerd.of(machine);
  const image = findImage(PAUSE_IMAGE);
  if (!image) return { ok: false, error: `no image ${PAUSE_IMAGE}` };
  const created = d.create({
    name: `k8s_POD_${meta.name}_${meta.namespace}_${meta.uid}_${meta.attempt}`,
    imageRef: PAUSE_IMAGE,
    image,
    cmd: [],
    net: { kind: 'none' },
    ports: [],
    autoRemove: false,
  });
  if (!created.ok) return { ok: false, error: created.error.text.trim() };
  const c = created.value;
  const started = d.start(c);
  if (!started.ok) return { ok: false, error: started.error.text.trim() };
  const netnsPath = `/proc/${c.pid}/ns/net`;
  const rt: RuntimeConf = {
    containerId: c.id,
    netnsPath,
    ifName: 'eth0',
    cniPath: [CNI_BIN_DIR],
    hostNs: machine.root,
  };
  const fail = (err: string, net?: NetworkConfigList): SandboxResult => {
    if (net) delNetworkList(machine, net, rt);
    d.exited(c, 0);
    return {
      ok: false,
      error: `failed to set up sandbox container "${c.id}" network for pod "${meta.name}": networkPlugin cni failed to set up pod "${meta.name}_${meta.namespace}" network: ${err}`,
    };
  };
  const net = defaultNetwork(machine, DEFAULT_NET_DIR);
  if (!net.ok) return fail('cni config uninitialized');
  const lo = addNetworkList(machine, LOOPBACK, rt);
  if (!lo.ok) return fail(lo.error);
  const added = addNetworkList(machine, net.value, rt);
  if (!added.ok) return fail(added.error, net.value);
  machine.world?.changed();
  return { ok: true, id: c.id, network: net.value.name, netnsPath };
}
