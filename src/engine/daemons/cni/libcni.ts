/**
 * What a container runtime does with CNI (containernetworking/cni libcni 1.1): read network
 * configs from a directory, and run a config list's plugins in order for ADD (each gets the
 * previous one's result as `prevResult`) and in reverse for DEL. Two ways of choosing the config:
 *
 * - by name (`LoadConfList`, what `cnitool add NAME` does): the sorted *.conflist files first,
 *   then the sorted *.conf and *.json files, the first whose `name` matches;
 * - the default network (kubelet's `getDefaultCNINetwork`): every *.conf, *.conflist and *.json
 *   file sorted by name, and the first that loads with at least one plugin wins; the others are
 *   never read (C17).
 *
 * Not modelled: the result cache under /var/lib/cni/results (so CHECK and DEL get no cached
 * prevResult), CNI_ARGS, capability args, GC and STATUS.
 */
import type { Machine } from '../../kernel/machine';
import type { Netns } from '../../kernel/netns';
import { vfsIsDir, vfsList } from '../../kernel/vfs';
import { goJsonParse } from './go-json';
import { findInPath, runPlugin } from './plugins';
import { type CniCommand, type CniResult, errorText } from './types';

export const DEFAULT_NET_DIR = '/etc/cni/net.d';

export interface NetworkConfigList {
  name: string;
  cniVersion: string;
  plugins: Record<string, unknown>[];
  /** The file it came from. */
  file: string;
}

type Loaded<T> = { ok: true; value: T } | { ok: false; error: string };

/** ConfFiles: the directory's files with one of `exts`, unsorted (ReadDir order is sorted anyway). */
function confFiles(machine: Machine, dir: string, exts: string[]): string[] {
  const names = vfsList(machine, dir);
  if (typeof names === 'string') return [];
  const base = dir.replace(/\/+$/, '');
  return names
    .filter((n) => exts.some((e) => n.endsWith(e) && n.length > e.length))
    .map((n) => `${base}/${n}`)
    .filter((p) => !vfsIsDir(machine, p))
    .sort();
}

function readConf(machine: Machine, file: string): { value: Record<string, unknown> } | string {
  const text = machine.files.get(file);
  if (text === undefined) return `error reading ${file}: open ${file}: no such file or directory`;
  const parsed = goJsonParse(text);
  if (!parsed.ok) return parsed.error;
  const v = parsed.value;
  if (!v || typeof v !== 'object' || Array.isArray(v))
    return 'json: cannot unmarshal into Go value of type map[string]interface {}';
  return { value: v as Record<string, unknown> };
}

/** ConfListFromFile. */
export function confListFromFile(machine: Machine, file: string): Loaded<NetworkConfigList> {
  const raw = readConf(machine, file);
  if (typeof raw === 'string')
    return {
      ok: false,
      error: raw.startsWith('error reading') ? raw : `error parsing configuration list: ${raw}`,
    };
  const c = raw.value;
  if (typeof c.name !== 'string')
    return { ok: false, error: 'error parsing configuration list: no name' };
  if (!('plugins' in c))
    return { ok: false, error: "error parsing configuration list: no 'plugins' key" };
  if (!Array.isArray(c.plugins))
    return { ok: false, error: "error parsing configuration list: invalid 'plugins' type" };
  if (c.plugins.length === 0)
    return { ok: false, error: 'error parsing configuration list: no plugins in list' };
  const plugins: Record<string, unknown>[] = [];
  for (const [i, p] of c.plugins.entries()) {
    if (!p || typeof p !== 'object' || typeof (p as Record<string, unknown>).type !== 'string')
      return {
        ok: false,
        error: `failed to parse plugin config ${i}: error parsing configuration: missing 'type'`,
      };
    plugins.push(p as Record<string, unknown>);
  }
  return {
    ok: true,
    value: { name: c.name, cniVersion: String(c.cniVersion ?? ''), plugins, file },
  };
}

/** ConfFromFile + ConfListFromConf: a single-plugin file as a list of one. */
export function confFromFile(machine: Machine, file: string): Loaded<NetworkConfigList> {
  const raw = readConf(machine, file);
  if (typeof raw === 'string')
    return {
      ok: false,
      error: raw.startsWith('error reading') ? raw : `error parsing configuration: ${raw}`,
    };
  const c = raw.value;
  if (typeof c.type !== 'string' || c.type === '')
    return { ok: false, error: "error parsing configuration: missing 'type'" };
  return {
    ok: true,
    value: {
      name: String(c.name ?? ''),
      cniVersion: String(c.cniVersion ?? ''),
      plugins: [c],
      file,
    },
  };
}

/** LoadConfList(dir, name): what cnitool does with its NET argument. */
export function loadConfList(
  machine: Machine,
  dir: string,
  name: string,
): Loaded<NetworkConfigList> {
  const lists = confFiles(machine, dir, ['.conflist']);
  for (const f of lists) {
    const l = confListFromFile(machine, f);
    if (!l.ok) return l;
    if (l.value.name === name) return l;
  }
  const singles = confFiles(machine, dir, ['.conf', '.json']);
  if (singles.length === 0)
    return {
      ok: false,
      error:
        lists.length > 0
          ? `no net configuration with name "${name}" in ${dir}`
          : `no net configurations found in ${dir}`,
    };
  for (const f of singles) {
    const c = confFromFile(machine, f);
    if (!c.ok) return c;
    if (c.value.name === name) return c;
  }
  return { ok: false, error: `no net configuration with name "${name}" in ${dir}` };
}

/**
 * kubelet's default network (dockershim cni.go getDefaultCNINetwork): the first file, in name
 * order, that loads; `skipped` holds the warnings kubelet logs for the files before it.
 */
export function defaultNetwork(
  machine: Machine,
  dir: string,
): { ok: true; value: NetworkConfigList; skipped: string[] } | { ok: false; error: string } {
  const files = confFiles(machine, dir, ['.conf', '.conflist', '.json']);
  if (files.length === 0) return { ok: false, error: `no networks found in ${dir}` };
  const skipped: string[] = [];
  for (const f of files) {
    const list = f.endsWith('.conflist');
    const l = list ? confListFromFile(machine, f) : confFromFile(machine, f);
    if (!l.ok) {
      skipped.push(`Error loading CNI config ${list ? 'list ' : ''}file ${f}: ${l.error}`);
      continue;
    }
    return { ok: true, value: l.value, skipped };
  }
  return { ok: false, error: `no valid networks found in ${dir}` };
}

/** RuntimeConf: who the plugins set up, and where they are found. */
export interface RuntimeConf {
  containerId: string;
  netnsPath: string;
  ifName: string;
  cniPath: string[];
  /** The namespace the runtime (and so the plugins) runs in. */
  hostNs: Netns;
}

function pluginDescription(p: Record<string, unknown>): string {
  return `type=${JSON.stringify(String(p.type))}${typeof p.name === 'string' && p.name ? ` name=${JSON.stringify(p.name)}` : ''}`;
}

function runOne(
  machine: Machine,
  list: NetworkConfigList,
  plugin: Record<string, unknown>,
  command: CniCommand,
  rt: RuntimeConf,
  prev: CniResult | undefined,
): { ok: true; result?: CniResult } | { ok: false; error: string } {
  const found = findInPath(machine, String(plugin.type), rt.cniPath);
  if (typeof found !== 'string') return { ok: false, error: found.error };
  // buildOneConfig: the list's name and version, and the previous result, injected.
  const conf: Record<string, unknown> = { ...plugin, name: list.name, cniVersion: list.cniVersion };
  if (prev) conf.prevResult = prev;
  const out = runPlugin(String(plugin.type), {
    machine,
    hostNs: rt.hostNs,
    command,
    containerId: rt.containerId,
    netnsPath: rt.netnsPath,
    ifName: rt.ifName,
    path: rt.cniPath,
    conf,
  });
  return out.ok ? out : { ok: false, error: errorText(out.error) };
}

/** AddNetworkList: every plugin in order, each with the previous result. */
export function addNetworkList(
  machine: Machine,
  list: NetworkConfigList,
  rt: RuntimeConf,
): { ok: true; result?: CniResult } | { ok: false; error: string } {
  let result: CniResult | undefined;
  for (const p of list.plugins) {
    const r = runOne(machine, list, p, 'ADD', rt, result);
    if (!r.ok)
      return { ok: false, error: `plugin ${pluginDescription(p)} failed (add): ${r.error}` };
    result = r.result;
  }
  return { ok: true, result };
}

/** DelNetworkList: every plugin in reverse order. */
export function delNetworkList(
  machine: Machine,
  list: NetworkConfigList,
  rt: RuntimeConf,
): { ok: true } | { ok: false; error: string } {
  for (const p of [...list.plugins].reverse()) {
    const r = runOne(machine, list, p, 'DEL', rt, undefined);
    if (!r.ok)
      return { ok: false, error: `plugin ${pluginDescription(p)} failed (delete): ${r.error}` };
  }
  return { ok: true };
}
