/**
 * Running a CNI plugin binary by hand, as the CNI spec drives it: `/opt/cni/bin/bridge` with
 * CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME and CNI_PATH in its environment and the
 * network config on stdin, e.g.
 *
 *   CNI_COMMAND=ADD CNI_CONTAINERID=ctr1 CNI_NETNS=/var/run/netns/pod CNI_IFNAME=eth0 \
 *     CNI_PATH=/opt/cni/bin /opt/cni/bin/bridge < bridge.json
 *
 * What skel.PluginMain does around the plugin (containernetworking/cni 1.1, as the reference
 * plugins 1.1.1 print it on Linux; fixtures in daemons/cni): without CNI_COMMAND it prints its
 * "about" lines on stderr and exits 0; a missing variable or an unknown command is error 4; a
 * config that is not JSON is error 6; VERSION prints the supported versions. The result or error
 * JSON goes to stdout (exit 0 or 1). The plugin runs in the namespace of the shell that starts it
 * (`ip netns exec X /opt/cni/bin/bridge` makes X the "host").
 *
 * One command per binary path of /opt/cni/bin, so that the shell finds them by that path; each
 * first checks that the file is there (a node without --k8s has none).
 */
import { goJsonParse } from '../../daemons/cni/go-json';
import { ADDON_PLUGINS, CNI_BIN_DIR, REFERENCE_PLUGINS } from '../../daemons/cni/node-image';
import { runPlugin } from '../../daemons/cni/plugins';
import {
  CNI_ERR,
  type CniCommand,
  type CniError,
  errorJson,
  resultJson,
  SUPPORTED_VERSIONS,
} from '../../daemons/cni/types';
import { vfsIsExecutable } from '../../kernel/vfs';
import type { Command, CommandContext } from '../command';
import { readAll } from '../process';

/** Variables each command needs (skel's envVars table), in the order skel lists them. */
const REQUIRED: Record<string, string[]> = {
  ADD: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'],
  CHECK: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'],
  DEL: ['CNI_CONTAINERID', 'CNI_IFNAME', 'CNI_PATH'],
  VERSION: [],
};

function failWith(ctx: CommandContext, e: CniError): number {
  ctx.stdout.write(errorJson(e));
  return 1;
}

function runBinary(type: string, path: string, ctx: CommandContext) {
  return (function* () {
    const machine = ctx.machine;
    if (!machine || !ctx.netns || !vfsIsExecutable(machine, path)) {
      ctx.stderr.write(`${ctx.diagPrefix()}: ${path}: No such file or directory\n`);
      return 127;
    }
    const env = (k: string) => ctx.env.get(k) ?? '';
    const command = env('CNI_COMMAND');
    if (command === '') {
      // The reference plugins' about text (the addons print their own, not modelled).
      if (REFERENCE_PLUGINS.includes(type))
        ctx.stderr.write(
          `CNI ${type} plugin version unknown\nCNI protocol versions supported: ${SUPPORTED_VERSIONS.join(', ')}\n`,
        );
      return 0;
    }
    const missing = (REQUIRED[command] ?? []).filter((k) => env(k) === '');
    if (missing.length > 0)
      return failWith(ctx, {
        code: 4,
        msg: `required env variables [${missing.join(',')}] missing`,
      });
    if (!(command in REQUIRED))
      return failWith(ctx, { code: 4, msg: `unknown CNI_COMMAND: ${command}` });
    const stdin = yield* readAll(ctx.stdin);
    if (command === 'VERSION') {
      ctx.stdout.write(
        `${JSON.stringify({ cniVersion: '1.0.0', supportedVersions: SUPPORTED_VERSIONS })}\n`,
      );
      return 0;
    }
    const parsed = goJsonParse(stdin);
    if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object')
      return failWith(ctx, {
        code: CNI_ERR.decodingFailure,
        msg: `error unmarshall network config: ${parsed.ok ? 'json: cannot unmarshal into Go value' : parsed.error}`,
      });
    const out = runPlugin(type, {
      machine,
      hostNs: ctx.netns,
      command: command as CniCommand,
      containerId: env('CNI_CONTAINERID'),
      netnsPath: env('CNI_NETNS'),
      ifName: env('CNI_IFNAME'),
      path: env('CNI_PATH')
        .split(':')
        .filter((p) => p !== ''),
      conf: parsed.value as Record<string, unknown>,
    });
    if (!out.ok) return failWith(ctx, out.error);
    if (out.result) ctx.stdout.write(resultJson(out.result));
    machine.world?.changed();
    return 0;
  })();
}

function pluginCommand(type: string): Command {
  const path = `${CNI_BIN_DIR}/${type}`;
  return {
    name: path,
    help: {
      summary: `the CNI ${type} plugin (run by cnitool and kubelet, or by hand)`,
      usage: [
        `CNI_COMMAND=ADD|DEL|CHECK|VERSION CNI_CONTAINERID=ID CNI_NETNS=PATH CNI_IFNAME=IF CNI_PATH=${CNI_BIN_DIR} ${path} < CONFIG`,
      ],
    },
    mutates: true,
    run: (_argv, ctx) => runBinary(type, path, ctx),
  };
}

/** One command per plugin binary of a --k8s node, named by its path. */
export const cniPluginCommands: readonly Command[] = [...REFERENCE_PLUGINS, ...ADDON_PLUGINS].map(
  pluginCommand,
);
