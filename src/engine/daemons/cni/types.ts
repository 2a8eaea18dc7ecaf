/**
 * The CNI protocol's data (containernetworking/cni SPEC.md): what a plugin gets (environment
 * CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_PATH and the config on stdin) and
 * what it answers (a result or an error, as JSON). Result JSON is printed as the Go library does
 * (json.MarshalIndent with four spaces, no newline at the end); the shapes of 0.4.0 and 1.0.0
 * results were recorded from the reference plugins 1.1.1 on Debian 12 (see plugins.test.ts).
 */
import type { Machine } from '../../kernel/machine';
import type { Netns } from '../../kernel/netns';

export type CniCommand = 'ADD' | 'DEL' | 'CHECK' | 'VERSION';

/** Versions the reference plugins 1.1.1 and libcni 1.1 speak (VERSION's supportedVersions). */
export const SUPPORTED_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'];

export interface CniInterface {
  name: string;
  mac?: string;
  sandbox?: string;
}

export interface CniIp {
  /** 4 or 6; printed as "version" only in results before 1.0.0. */
  version?: '4' | '6';
  interface?: number;
  /** CIDR: the address with its prefix length. */
  address: string;
  gateway?: string;
}

export interface CniRoute {
  dst: string;
  gw?: string;
}

export interface CniResult {
  cniVersion: string;
  interfaces?: CniInterface[];
  ips?: CniIp[];
  routes?: CniRoute[];
  dns: Record<string, never>;
}

/** A plugin's error, printed on stdout as the plugin exits 1 (skel.PluginMain). */
export interface CniError {
  code: number;
  msg: string;
  details?: string;
}

/** Well-known error codes (SPEC.md "Error"). */
export const CNI_ERR = {
  incompatibleVersion: 1,
  decodingFailure: 6,
  internal: 999,
} as const;

export type PluginOutcome = { ok: true; result?: CniResult } | { ok: false; error: CniError };

/** What one plugin run sees: its process's namespace, the CNI_* variables and its config. */
export interface PluginCall {
  machine: Machine;
  /** The namespace the plugin process runs in (the host's, unless run under `ip netns exec`). */
  hostNs: Netns;
  command: CniCommand;
  containerId: string;
  netnsPath: string;
  ifName: string;
  /** CNI_PATH split on ':'. */
  path: string[];
  /** The parsed config (stdin). */
  conf: Record<string, unknown>;
}

export function internalError(msg: string): PluginOutcome {
  return { ok: false, error: { code: CNI_ERR.internal, msg } };
}

/** The result as a plugin prints it: `ips[].version` only before 1.0.0, empty keys dropped. */
export function resultJson(r: CniResult): string {
  const v1 = !r.cniVersion.startsWith('0.');
  const out: Record<string, unknown> = { cniVersion: r.cniVersion };
  if (r.interfaces?.length) out.interfaces = r.interfaces;
  if (r.ips?.length)
    out.ips = r.ips.map(({ version, ...ip }) =>
      v1 || version === undefined ? ip : { version, ...ip },
    );
  if (r.routes?.length) out.routes = r.routes;
  out.dns = {};
  return JSON.stringify(out, null, 4);
}

/** An error as the plugin prints it (and libcni reads it back). */
export function errorJson(e: CniError): string {
  return JSON.stringify(e, null, 4);
}

/** types.Error.Error(): the message, then `; details` when there are any. */
export function errorText(e: CniError): string {
  return e.details ? `${e.msg}; ${e.details}` : e.msg;
}
