/**
 * `ip netns`: list, add, delete, exec, identify, list-id (ip/ipnetns.c). Named namespaces live
 * on the machine (as /run/netns does); `exec` runs a command with the namespace as its world.
 */
import { linkDel } from '../../../kernel/rtnl';
import type { CommandContext, CommandResult } from '../../command';
import type { ProcBody } from '../../process';
import { err, type IpContext, out } from './context';
import { formatJson, type Json } from './json';
import { matches } from './matches';

const NAME = /^[^/\s]{1,255}$/;

export function ipNetns(ip: IpContext, argv: string[]): CommandResult {
  const [sub, ...rest] = argv;
  const machine = ip.ctx.machine;
  if (!machine) return err(ip, 'ip netns: no machine', 1);
  if (sub === undefined || matches(sub, 'list') || sub === 'show') return list(ip);
  if (matches(sub, 'add')) {
    const name = rest[0];
    if (name === undefined) return err(ip, 'No netns name specified', 255);
    if (!NAME.test(name) || name === '.' || name === '..')
      return err(ip, `Invalid netns name "${name}"`, 255);
    if (machine.named.has(name)) {
      return err(ip, `Cannot create namespace file "/run/netns/${name}": File exists`, 1);
    }
    machine.named.set(name, machine.createNetns(name));
    ip.ctx.world.changed();
    return 0;
  }
  if (matches(sub, 'delete')) {
    const name = rest[0];
    if (name === undefined) return err(ip, 'No netns name specified', 255);
    const ns = machine.named.get(name);
    if (!ns) {
      return err(
        ip,
        `Cannot remove namespace file "/run/netns/${name}": No such file or directory`,
        1,
      );
    }
    // Destroying a namespace destroys its devices; a veth's other end goes with it.
    for (const d of ns.devices) if (d.kind !== 'loopback' && ns.byIndex(d.ifindex)) linkDel(d);
    for (const other of machine.allNetns()) other.forgetNsid(ns);
    machine.named.delete(name);
    ip.ctx.world.changed();
    return 0;
  }
  if (matches(sub, 'exec')) return exec(ip, rest);
  if (sub === 'set') return setId(ip, rest);
  if (matches(sub, 'identify')) {
    out(ip, `${ip.ns.name ?? ''}\n`);
    return 0;
  }
  if (sub === 'list-id') {
    const known: [number, string][] = [];
    for (const other of machine.allNetns()) {
      const id = ip.ns.peekNsid(other);
      if (id !== undefined)
        known.push([id, other.name ? `(iproute2 netns name: ${other.name})` : '']);
    }
    for (const [id, name] of known.sort((x, y) => x[0] - y[0])) out(ip, `nsid ${id} ${name}\n`);
    return 0;
  }
  return err(ip, `Command "${sub}" is unknown, try "ip netns help".`, 255);
}

/** Newest first, as readdir of the tmpfs /run/netns returns them, with `(id: N)` when known. */
function list(ip: IpContext): number {
  const machine = ip.ctx.machine;
  if (!machine) return 1;
  const names = [...machine.named.keys()].reverse();
  if (ip.opts.json) {
    const list = names.map((n): { [k: string]: Json } => {
      const ns = machine.named.get(n);
      const id = ns ? ip.ns.peekNsid(ns) : undefined;
      return id === undefined ? { name: n } : { name: n, id };
    });
    out(ip, `${formatJson(list, ip.opts.pretty)}\n`);
    return 0;
  }
  let text = '';
  for (const n of names) {
    const ns = machine.named.get(n);
    const id = ns ? ip.ns.peekNsid(ns) : undefined;
    text += id === undefined ? `${n}\n` : `${n} (id: ${id})\n`;
  }
  out(ip, text);
  return 0;
}

function exec(ip: IpContext, argv: string[]): CommandResult {
  if (ip.opts.all) return execAll(ip, argv);
  const [name, cmd, ...args] = argv;
  if (name === undefined) return err(ip, 'No netns name specified', 255);
  const ns = ip.ctx.machine?.named.get(name);
  if (!ns)
    return err(ip, `Cannot open network namespace "${name}": No such file or directory`, 255);
  if (cmd === undefined) return err(ip, 'No command specified', 255);
  const command = ip.ctx.commands().find((c) => c.name === cmd);
  if (!command) return err(ip, `exec of "${cmd}" failed: No such file or directory`, 1);
  const inner: CommandContext = { ...ip.ctx, netns: ns };
  return command.run(args, inner);
}

/** `ip -all netns exec CMD`: CMD in each named namespace, in `ip netns list` order. */
function execAll(ip: IpContext, argv: string[]): CommandResult {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return err(ip, 'No command specified', 255);
  const command = ip.ctx.commands().find((c) => c.name === cmd);
  const names = [...(ip.ctx.machine?.named.keys() ?? [])].reverse();
  return (function* (): ProcBody {
    let status = 0;
    for (const name of names) {
      const ns = ip.ctx.machine?.named.get(name);
      if (!ns) continue;
      ip.ctx.stdout.write(`\nnetns: ${name}\n`);
      if (!command) {
        ip.ctx.stderr.write(`exec of "${cmd}" failed: No such file or directory\n`);
        status = 1;
        continue;
      }
      const r = command.run(args, { ...ip.ctx, netns: ns });
      const code = typeof r === 'number' ? r : yield* r;
      if (code !== 0) status = code;
    }
    return status;
  })();
}

/** `ip netns set NAME NSID`: the id this namespace gives NAME (RTM_NEWNSID). */
function setId(ip: IpContext, argv: string[]): number {
  const [name, idText] = argv;
  if (name === undefined || idText === undefined) return err(ip, 'No netns name specified', 255);
  const other = ip.ctx.machine?.named.get(name);
  if (!other)
    return err(ip, `Cannot open network namespace "${name}": No such file or directory`, 255);
  const id = idText === 'auto' ? -1 : Number(idText);
  if (!Number.isInteger(id) || id < -1) return err(ip, `Invalid "netnsid" value`, 255);
  const r = ip.ns.setNsid(other, id);
  if (r === 'used') return err(ip, 'Error: The specified nsid is already used.', 2);
  if (r === 'assigned') return err(ip, 'Error: Peer netns already has a nsid assigned.', 2);
  return 0;
}
