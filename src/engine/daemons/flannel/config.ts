/**
 * flannel's data in etcd and on disk, as flanneld reads and writes it: the network config
 * (`/coreos.com/network/config`, pkg/subnet/config.go with its defaults), the subnet lease keys
 * (`…/subnets/10.244.1.0-24`, pkg/subnet/etcd/registry.go) and their JSON value (pkg/lease
 * LeaseAttrs: `{"PublicIP":…,"PublicIPv6":null,"BackendType":…,"BackendData":…}`), and
 * /run/flannel/subnet.env (pkg/subnet WriteSubnetFile).
 *
 * Left out: IPv6 (`EnableIPv6`, `IPv6Network`), `EnableNFTables`, per-backend options other than
 * VNI and Port.
 */
import { formatIpv4, type Ipv4, maskOf, networkOf, parseIpv4 } from '../../kernel/inet';

export type BackendType = 'vxlan' | 'udp' | 'host-gw';

export interface NetworkConfig {
  network: Ipv4;
  prefixLen: number;
  subnetLen: number;
  subnetMin: Ipv4;
  subnetMax: Ipv4;
  backend: BackendType;
  /** vxlan: VNI (default 1); udp: port (default 8285); vxlan Port 0 = the kernel's 8472. */
  vni: number;
  port: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/** Parse and default the network config as pkg/subnet/config.go ParseConfig + CheckNetworkConfig. */
export function parseNetworkConfig(text: string): Parsed<NetworkConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  if (typeof raw !== 'object' || raw === null) return fail('json: cannot unmarshal config');
  const c = raw as Record<string, unknown>;
  const net = typeof c.Network === 'string' ? c.Network.split('/') : [];
  const addr = net.length === 2 ? parseIpv4(net[0]) : undefined;
  const prefixLen = Number(net[1]);
  if (addr === undefined || !(prefixLen >= 0 && prefixLen <= 32)) {
    return fail('please define a correct Network parameter in the flannel config');
  }
  const network = networkOf(addr, prefixLen);
  let subnetLen = typeof c.SubnetLen === 'number' ? c.SubnetLen : 0;
  if (subnetLen > 0) {
    if (subnetLen > 30) return fail('SubnetLen must be less than /31');
    if (subnetLen < prefixLen + 2)
      return fail('Network must be able to accommodate at least four subnets');
  } else if (prefixLen > 28) {
    return fail('network is too small. Minimum useful network prefix is /28');
  } else {
    subnetLen = prefixLen <= 22 ? 24 : prefixLen + 2;
  }
  const size = 2 ** (32 - subnetLen);
  const next = (network + 2 ** (32 - prefixLen)) >>> 0;
  const inNet = (a: Ipv4) => networkOf(a, prefixLen) === network;
  let subnetMin = (network + size) >>> 0;
  let subnetMax = (next - size) >>> 0;
  if (typeof c.SubnetMin === 'string') {
    const m = parseIpv4(c.SubnetMin);
    if (m === undefined || !inNet(m)) return fail('SubnetMin is not in the range of the Network');
    if ((m & maskOf(subnetLen)) >>> 0 !== m) {
      return fail(`SubnetMin is not on a SubnetLen boundary: ${c.SubnetMin}`);
    }
    subnetMin = m;
  }
  if (typeof c.SubnetMax === 'string') {
    const m = parseIpv4(c.SubnetMax);
    if (m === undefined || !inNet(m)) return fail('SubnetMax is not in the range of the Network');
    if ((m & maskOf(subnetLen)) >>> 0 !== m) {
      return fail(`SubnetMax is not on a SubnetLen boundary: ${c.SubnetMax}`);
    }
    subnetMax = m;
  }
  const be = (typeof c.Backend === 'object' && c.Backend !== null ? c.Backend : {}) as Record<
    string,
    unknown
  >;
  // An empty backend type means udp (pkg/subnet/config.go parseBackendType).
  const type = typeof be.Type === 'string' && be.Type !== '' ? be.Type : 'udp';
  if (type !== 'vxlan' && type !== 'udp' && type !== 'host-gw') {
    return fail(`${type}: backend type not registered`);
  }
  const num = (k: string, d: number) => (typeof be[k] === 'number' ? (be[k] as number) : d);
  return {
    ok: true,
    value: {
      network,
      prefixLen,
      subnetLen,
      subnetMin,
      subnetMax,
      backend: type,
      vni: num('VNI', 1),
      port: num('Port', type === 'udp' ? 8285 : 0),
    },
  };
}

/** A lease as flanneld sees it in the registry. */
export interface Lease {
  subnet: Ipv4;
  len: number;
  publicIp: Ipv4;
  backendType: string;
  /** The raw BackendData object (vxlan: `{VNI, VtepMAC}`), if any. */
  backendData: Record<string, unknown> | undefined;
}

/** `10.244.1.0-24`: the last element of a lease key (registry.go MakeSubnetKey). */
export function subnetKeyName(subnet: Ipv4, len: number): string {
  return `${formatIpv4(subnet)}-${len}`;
}

/** The subnet a lease key names, if it is one. */
export function parseSubnetKey(key: string): { subnet: Ipv4; len: number } | undefined {
  const m = /(\d+\.\d+\.\d+\.\d+)-(\d+)$/.exec(key);
  if (!m) return undefined;
  const subnet = parseIpv4(m[1]);
  const len = Number(m[2]);
  if (subnet === undefined || !(len >= 0 && len <= 32)) return undefined;
  return { subnet, len };
}

/** The lease value flanneld writes (Go's json.Marshal of LeaseAttrs: field order, null IPv6). */
export function leaseValue(
  publicIp: Ipv4,
  backendType: BackendType,
  backendData?: Record<string, unknown>,
): string {
  const data = backendData === undefined ? '' : `,"BackendData":${JSON.stringify(backendData)}`;
  return `{"PublicIP":"${formatIpv4(publicIp)}","PublicIPv6":null,"BackendType":"${backendType}"${data}}`;
}

/** Parse a lease node (key + value); undefined for what flannel ignores ("Ignoring bad subnet node"). */
export function parseLease(key: string, value: string | undefined): Lease | undefined {
  const sn = parseSubnetKey(key);
  if (!sn || value === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const v = raw as Record<string, unknown>;
  const publicIp = typeof v.PublicIP === 'string' ? parseIpv4(v.PublicIP) : undefined;
  if (publicIp === undefined) return undefined;
  const data =
    typeof v.BackendData === 'object' && v.BackendData !== null
      ? (v.BackendData as Record<string, unknown>)
      : undefined;
  return {
    subnet: sn.subnet,
    len: sn.len,
    publicIp,
    backendType: typeof v.BackendType === 'string' ? v.BackendType : '',
    backendData: data,
  };
}

/** `BackendType: vxlan, PublicIP: …, PublicIPv6: (nil), BackendData: {…}, BackendV6Data: (nil)`. */
export function leaseAttrsString(l: Lease): string {
  const data = l.backendData === undefined ? '(nil)' : JSON.stringify(l.backendData);
  return `BackendType: ${l.backendType}, PublicIP: ${formatIpv4(l.publicIp)}, PublicIPv6: (nil), BackendData: ${data}, BackendV6Data: (nil)`;
}

/**
 * /run/flannel/subnet.env: the first usable address of the lease (FLANNEL_SUBNET=10.244.1.1/24,
 * what docker's --bip and the CNI plugin take), the backend's MTU and whether flanneld masquerades.
 */
export function subnetEnv(cfg: NetworkConfig, lease: Lease, mtu: number, ipMasq: boolean): string {
  return (
    `FLANNEL_NETWORK=${formatIpv4(cfg.network)}/${cfg.prefixLen}\n` +
    `FLANNEL_SUBNET=${formatIpv4((lease.subnet + 1) >>> 0)}/${lease.len}\n` +
    `FLANNEL_MTU=${mtu}\n` +
    `FLANNEL_IPMASQ=${ipMasq}\n`
  );
}
