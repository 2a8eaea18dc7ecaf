/**
 * What a Kubernetes node image holds for CNI before any network addon writes a config: the
 * plugin binaries in /opt/cni/bin (the reference plugins as Debian's containernetworking-plugins
 * 1.1.1 ships them, plus the flannel and Calico plugins their DaemonSets copy in, C16) and an
 * empty /etc/cni/net.d. The binaries are files starting with ELF magic, enough for `ls` and for
 * libcni's search of CNI_PATH; what they do is plugins.ts.
 */
import type { Machine } from '../../kernel/machine';
import { ELF_MAGIC, vfsMkdirAll, vfsWrite } from '../../kernel/vfs';

export const CNI_BIN_DIR = '/opt/cni/bin';
export const CNI_CONF_DIR = '/etc/cni/net.d';

/** The reference plugins: main (bridge, ipvlan, macvlan, ptp, host-device, vlan), IPAM (host-local, dhcp, static), meta. */
export const REFERENCE_PLUGINS = [
  'bandwidth',
  'bridge',
  'dhcp',
  'firewall',
  'host-device',
  'host-local',
  'ipvlan',
  'loopback',
  'macvlan',
  'portmap',
  'ptp',
  'sbr',
  'static',
  'tuning',
  'vlan',
  'vrf',
];

/** Third-party plugins the network addons install. */
export const ADDON_PLUGINS = ['calico', 'calico-ipam', 'flannel'];

export function installCniNode(machine: Machine): void {
  vfsMkdirAll(machine, CNI_CONF_DIR);
  vfsMkdirAll(machine, CNI_BIN_DIR);
  for (const name of [...REFERENCE_PLUGINS, ...ADDON_PLUGINS])
    vfsWrite(machine, `${CNI_BIN_DIR}/${name}`, `${ELF_MAGIC}\x02\x01\x01 CNI plugin ${name}\n`);
}
