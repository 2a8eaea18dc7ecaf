/**
 * What the canvas and inspector draw of a machine: its namespaces and devices, as plain data.
 */
import type { DeviceView, NetnsView } from '../api/types';
import type { NetDevice } from './device';
import { formatIpv4, formatMac } from './inet';
import type { Machine } from './machine';
import type { Netns } from './netns';

export function deviceId(dev: NetDevice): string {
  const ns = dev.netns;
  return `dev:${ns.machine.name}:${ns.name ?? ns.machine.containerLabel(ns) ?? '-'}:${dev.name}`;
}

function deviceView(dev: NetDevice): DeviceView {
  const v: DeviceView = {
    id: deviceId(dev),
    ifindex: dev.ifindex,
    name: dev.name,
    kind: dev.kind,
    mac: formatMac(dev.mac),
    mtu: dev.mtu,
    up: dev.adminUp,
    carrier: dev.carrier,
    operstate: dev.operstate,
    addrs: dev.addrs.map((a) => `${formatIpv4(a.addr)}/${a.len}`),
  };
  if (dev.master) v.master = dev.master.name;
  if (dev.peer) v.peer = deviceId(dev.peer);
  if (dev.vxlan) v.vni = dev.vxlan.vni;
  return v;
}

function netnsView(ns: Netns): NetnsView {
  // A container's namespace has no /run/netns name; the canvas shows it by its label.
  const label = ns.name === undefined ? ns.machine.containerLabel(ns) : undefined;
  const v: NetnsView = {
    name: ns.name ?? label ?? null,
    devices: ns.devices.map(deviceView),
    ipForward: ns.ipForward,
  };
  if (label !== undefined) v.container = label.replace(/^container:/, '');
  return v;
}

export function machineNamespaces(m: Machine): NetnsView[] {
  return m.allNetns().map(netnsView);
}
