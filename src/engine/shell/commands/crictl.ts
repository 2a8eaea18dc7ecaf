/**
 * `crictl runp POD_CONFIG.json` on a Kubernetes node whose runtime is Docker (kubelet's
 * dockershim): runs a pod sandbox as kubelet does (daemons/cni/pod-sandbox.ts: the pause
 * container first, then the CNI plugins of the first config in /etc/cni/net.d) and prints the
 * sandbox id. The config is the CRI PodSandboxConfig as JSON; only `metadata` (name, namespace,
 * uid, attempt) is read. Errors are printed as crictl's logrus prints a fatal error on a
 * terminal (`FATA[0000] …`), the runtime's behind gRPC's `rpc error: code = Unknown desc = …`.
 *
 * Not modelled: the other crictl commands (pods, inspectp, create, start …), YAML configs.
 */
import { goJsonParse } from '../../daemons/cni/go-json';
import { runPodSandbox } from '../../daemons/cni/pod-sandbox';
import { type Command, type CommandContext, fail } from '../command';
import { readFile } from '../files';

function fatal(ctx: CommandContext, msg: string): number {
  return fail(ctx, `FATA[0000] ${msg}`);
}

export const crictlCommand: Command = {
  name: 'crictl',
  help: {
    summary: 'talk to the node’s container runtime (CRI): run a pod sandbox',
    usage: ['crictl runp POD_CONFIG.json'],
    notes:
      'runp starts the pod’s pause container with no network, then runs the CNI plugins of the first file in /etc/cni/net.d for its namespace, as kubelet does. Other crictl commands are not modelled.',
  },
  mutates: (argv) => argv[0] === 'runp',
  run(argv, ctx) {
    const [verb, file] = argv;
    if (verb !== 'runp')
      return fail(ctx, `crictl: ${verb ?? ''}: not modelled in cnlab (try runp)`);
    if (!ctx.machine) return fail(ctx, 'crictl: runs on a machine');
    if (!file) return fatal(ctx, 'load podSandboxConfig: config at  not found');
    const text = readFile(ctx, file);
    if (text === undefined) return fatal(ctx, `load podSandboxConfig: config at ${file} not found`);
    const parsed = goJsonParse(text);
    if (!parsed.ok) return fatal(ctx, `load podSandboxConfig: ${parsed.error}`);
    const meta = ((parsed.value ?? {}) as { metadata?: Record<string, unknown> }).metadata ?? {};
    const r = runPodSandbox(ctx.machine, {
      name: String(meta.name ?? ''),
      namespace: String(meta.namespace ?? ''),
      uid: String(meta.uid ?? ''),
      attempt: Number(meta.attempt ?? 0),
    });
    if (!r.ok) return fatal(ctx, `run pod sandbox: rpc error: code = Unknown desc = ${r.error}`);
    ctx.stdout.write(`${r.id}\n`);
    return 0;
  },
};
