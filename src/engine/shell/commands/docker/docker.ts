/**
 * `docker`: the CLI of Docker 24 talking to the machine's dockerd (daemons/docker), with the
 * real CLI's output formats, messages and exit statuses (125 for daemon/CLI errors of
 * `docker run`, 126/127 when the container's command cannot be run, 1 otherwise).
 *
 * Containers run lab commands: `docker exec c1 ip addr` runs the lab's `ip` inside the
 * container's namespace, limited to what the image has on its PATH (busybox: ip, ping, …;
 * ubuntu/nginx: no networking tools, as the real images). Differences from Docker: a shell image
 * started with `-d` and no command stays up idle (real `sh` exits at once without `-it`);
 * `docker exec -it c1 sh` cannot open an interactive shell (run single commands instead).
 */
import {
  type Container,
  Dockerd,
  type NetMode,
  type PortBinding,
} from '../../../daemons/docker/dockerd';
import { findImage, imageRefWithTag } from '../../../daemons/docker/images';
import { nginxListen, nginxServe } from '../../../daemons/docker/nginx';
import { nginxTime } from '../../../daemons/docker/time';
import { parseIpv4 } from '../../../kernel/inet';
import type { Machine } from '../../../kernel/machine';
import type { Command, CommandContext, CommandResult } from '../../command';
import { EMPTY_INPUT, type OutStream, Proc, type ProcBody, sleep } from '../../process';
import { ipCommand } from '../ip/ip';
import { iptablesCommand } from '../iptables/iptables';
import { sysctlCommand } from '../sysctl';
import {
  containerInspect,
  dockerJson,
  goTemplate,
  networkInspect,
  psTable,
  tabwrite,
} from './format';

const RUN_USAGE = `Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]

Create and run a new container from an image
`;

const TOP_USAGE = `
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Common Commands:
  run         Create and run a new container from an image
  exec        Execute a command in a running container
  ps          List containers

Management Commands:
  network     Manage networks

Commands:
  inspect     Return low-level information on Docker objects
  kill        Kill one or more running containers
  logs        Fetch the logs of a container
  rm          Remove one or more containers
  start       Start one or more stopped containers
  stop        Stop one or more running containers

Run 'docker COMMAND --help' for more information on a command.
`;

/** Seconds `docker stop` waits for SIGTERM before SIGKILL. */
const STOP_TIMEOUT_S = 10;

function err(ctx: CommandContext, text: string, code: number): number {
  ctx.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  return code;
}

function daemon(ctx: CommandContext): Dockerd | undefined {
  return ctx.machine ? Dockerd.of(ctx.machine) : undefined;
}

/** Writes a container's output into its log (and to the terminal when attached). */
function logStream(c: Container, also?: OutStream): OutStream {
  return {
    write(text: string) {
      c.logs += text;
      also?.write(text);
    },
  };
}

/** The machine as seen from inside the container: its own hostname (UTS namespace). */
function containerMachine(machine: Machine, c: Container): Machine {
  return Object.create(machine, { hostname: { value: c.hostname } }) as Machine;
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/**
 * Start `argv` inside the container: a lab command from the image's PATH, run in the
 * container's namespace. Returns undefined when the image has no such program.
 */
function containerExec(
  ctx: CommandContext,
  c: Container,
  argv: string[],
  out: OutStream,
  errOut: OutStream,
  wake: () => void,
): CommandResult | undefined {
  const name = basename(argv[0] ?? '');
  if (!c.image.path.includes(name)) return undefined;
  const machine = ctx.machine as Machine;
  if (name === 'hostname') {
    if (argv.length > 1) {
      errOut.write('hostname: sethostname: Operation not permitted\n');
      return 1;
    }
    out.write(`${c.hostname}\n`);
    return 0;
  }
  const command = ctx.commands().find((x) => x.name === name && x.name !== 'docker');
  if (!command) return undefined;
  const inner: CommandContext = {
    ...ctx,
    stdin: EMPTY_INPUT,
    stdout: out,
    stderr: errOut,
    machine: containerMachine(machine, c),
    netns: c.netns,
    wake,
  };
  return command.run(argv.slice(1), inner);
}

/** A shell image's command that just keeps the container up (no lab program to run). */
function idles(argv: string[]): boolean {
  const n = basename(argv[0] ?? '');
  if (argv.length === 1 && ['sh', 'bash', 'ash'].includes(n)) return true;
  if (n === 'sleep' && argv[1] === 'infinity') return true;
  return n === 'tail' && argv.includes('-f');
}

/** `sh -c "CMD ARGS"` with a simple command: run CMD ARGS. */
function unwrapShell(argv: string[]): string[] {
  const n = basename(argv[0] ?? '');
  if (['sh', 'bash', 'ash'].includes(n) && argv[1] === '-c' && argv[2] !== undefined) {
    if (/[;&|<>$`]/.test(argv[2])) return [n];
    return argv[2].trim().split(/\s+/);
  }
  return argv;
}

const NGINX_START = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
];

/**
 * The image's main process after the network is up. Returns the exit status when it ended at
 * once, a body to run when it takes time, or 'running' when it stays up with nothing to run.
 */
function startProgram(
  ctx: CommandContext,
  c: Container,
  out: OutStream,
  wake: () => void,
): CommandResult | 'running' {
  const argv = [c.path, ...c.args];
  const log = logStream(c, out);
  if (c.image.program === 'pause') return 'running';
  if (c.image.program === 'nginx') {
    const t = nginxTime(ctx.now());
    for (const l of NGINX_START) log.write(`${l}\n`);
    const l = c.netns ? nginxListen(ctx.world, c.netns) : 'EADDRNOTAVAIL';
    if (typeof l === 'string') {
      const bind = (a: string) =>
        `${t} [emerg] 1#1: bind() to ${a}:80 failed (98: Address already in use)\nnginx: [emerg] bind() to ${a}:80 failed (98: Address already in use)\n`;
      for (let i = 0; i < 5; i++) log.write(bind('0.0.0.0') + bind('[::]'));
      log.write(
        `${t} [emerg] 1#1: still could not bind()\nnginx: [emerg] still could not bind()\n`,
      );
      return 1;
    }
    for (const line of [
      'using the "epoll" event method',
      'nginx/1.25.3',
      'built by gcc 12.2.0 (Debian 12.2.0-14) ',
      'OS: Linux 6.1.0',
      'getrlimit(RLIMIT_NOFILE): 1048576:1048576',
      'start worker processes',
      `start worker process ${c.pid + 28}`,
    ])
      log.write(`${t} [notice] 1#1: ${line}\n`);
    return nginxServe(ctx.world, l, (line) => log.write(line), wake) as ProcBody;
  }
  const cmd = unwrapShell(argv);
  if (idles(cmd)) return 'running';
  const r = containerExec(ctx, c, cmd, log, log, wake);
  return r === undefined ? 'running' : r;
}

interface RunOptions {
  detach: boolean;
  name?: string;
  net: string;
  publish: string[];
  ip?: string;
  rm: boolean;
  interactive: boolean;
  imageRef?: string;
  cmd: string[];
}

const VALUE_FLAGS = new Set([
  '--name',
  '--net',
  '--network',
  '-p',
  '--publish',
  '--ip',
  '-e',
  '--env',
  '-v',
  '--volume',
  '-w',
  '--workdir',
  '--cap-add',
  '--cap-drop',
  '-h',
  '--hostname',
  '--restart',
  '--label',
  '-l',
  '--user',
  '-u',
  '--entrypoint',
  '--mount',
]);

function parseRun(argv: string[]): RunOptions | { error: string } {
  const o: RunOptions = {
    detach: false,
    net: 'bridge',
    publish: [],
    rm: false,
    interactive: false,
    cmd: [],
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-') || a === '-') break;
    if (a === '--') {
      i++;
      break;
    }
    let flag = a;
    let value: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      flag = a.slice(0, eq);
      value = a.slice(eq + 1);
    } else if (!a.startsWith('--') && a.length > 2 && VALUE_FLAGS.has(a.slice(0, 2))) {
      flag = a.slice(0, 2);
      value = a.slice(2);
    } else if (!a.startsWith('--') && a.length > 2) {
      // Clustered booleans: -dit.
      for (const ch of a.slice(1)) {
        if (ch === 'd') o.detach = true;
        else if (ch === 'i' || ch === 't') o.interactive = true;
        else return { error: `unknown shorthand flag: '${ch}' in ${a}` };
      }
      continue;
    }
    if (VALUE_FLAGS.has(flag)) {
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined) return { error: `flag needs an argument: ${flag}` };
      }
      if (flag === '--name') o.name = value;
      else if (flag === '--net' || flag === '--network') o.net = value;
      else if (flag === '-p' || flag === '--publish') o.publish.push(value);
      else if (flag === '--ip') o.ip = value;
      continue;
    }
    if (flag === '-d' || flag === '--detach') o.detach = true;
    else if (flag === '--rm') o.rm = true;
    else if (['-i', '-t', '--interactive', '--tty', '--privileged', '--init'].includes(flag))
      o.interactive ||=
        flag === '-i' || flag === '-t' || flag === '--interactive' || flag === '--tty';
    else
      return {
        error: flag.startsWith('--')
          ? `unknown flag: ${flag}`
          : `unknown shorthand flag: '${flag.slice(1, 2)}' in ${flag}`,
      };
  }
  o.imageRef = argv[i];
  o.cmd = argv.slice(i + 1);
  return o;
}

/** `-p [IP:][HOSTPORT:]CONTAINERPORT[/PROTO]`. */
function parsePublish(d: Dockerd, spec: string): PortBinding | { error: string } {
  const [main, protoText = 'tcp'] = spec.split('/');
  if (protoText !== 'tcp' && protoText !== 'udp') return { error: `invalid proto: ${protoText}` };
  const proto = protoText;
  const parts = main.split(':');
  let hostIp = '0.0.0.0';
  let hostPortText = '';
  let containerText: string;
  if (parts.length === 1) containerText = parts[0];
  else if (parts.length === 2) [hostPortText, containerText] = parts;
  else if (parts.length === 3) [hostIp, hostPortText, containerText] = parts;
  else return { error: `invalid port format: ${spec}` };
  if (parseIpv4(hostIp) === undefined) return { error: `invalid IP address: ${hostIp}` };
  const port = (t: string) =>
    /^\d+$/.test(t) && Number(t) > 0 && Number(t) < 65536 ? Number(t) : undefined;
  const containerPort = port(containerText);
  if (containerPort === undefined) return { error: `invalid containerPort: ${containerText}` };
  let hostPort = hostPortText === '' ? d.dynamicHostPort(proto, hostIp) : port(hostPortText);
  if (hostPort === undefined) return { error: `invalid hostPort: ${hostPortText}` };
  hostPort ||= 0;
  return { hostIp, hostPort, containerPort, proto };
}

function runUsageError(ctx: CommandContext, msg: string): number {
  return err(ctx, `docker: ${msg}.\nSee 'docker run --help'.\n`, 125);
}

function dockerRun(argv: string[], ctx: CommandContext, d: Dockerd): CommandResult {
  const o = parseRun(argv);
  if ('error' in o) return runUsageError(ctx, o.error);
  if (o.imageRef === undefined)
    return err(
      ctx,
      `"docker run" requires at least 1 argument.\nSee 'docker run --help'.\n\n${RUN_USAGE}`,
      1,
    );
  let net: NetMode;
  if (o.net === 'bridge' || o.net === 'default') net = { kind: 'bridge' };
  else if (o.net === 'host') net = { kind: 'host' };
  else if (o.net === 'none') net = { kind: 'none' };
  else if (o.net.startsWith('container:'))
    net = { kind: 'container', id: o.net.slice('container:'.length) };
  else
    return err(
      ctx,
      `docker: Error response from daemon: network ${o.net} not found.\nSee 'docker run --help'.\n`,
      125,
    );
  if (o.ip !== undefined && net.kind === 'bridge')
    return err(
      ctx,
      'docker: Error response from daemon: user specified IP address is supported on user defined networks only.\n',
      125,
    );
  if (net.kind === 'container' && o.publish.length > 0)
    return runUsageError(
      ctx,
      'conflicting options: port publishing and the container type network mode',
    );
  const ports: PortBinding[] = [];
  if (net.kind === 'host' && o.publish.length > 0)
    ctx.stderr.write('WARNING: Published ports are discarded when using host network mode\n');
  else if (net.kind === 'bridge') {
    for (const spec of o.publish) {
      const p = parsePublish(d, spec);
      if ('error' in p) return runUsageError(ctx, p.error);
      ports.push(p);
    }
  }
  const image = findImage(o.imageRef);
  if (!image) {
    const ref = imageRefWithTag(o.imageRef);
    const repo = ref.slice(0, ref.lastIndexOf(':'));
    return err(
      ctx,
      `Unable to find image '${ref}' locally\ndocker: Error response from daemon: pull access denied for ${repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied.\nSee 'docker run --help'.\n`,
      125,
    );
  }
  const created = d.create({
    name: o.name,
    imageRef: o.imageRef,
    image,
    cmd: o.cmd,
    net,
    ports,
    autoRemove: o.rm,
  });
  if (!created.ok) return err(ctx, created.error.text, created.error.code);
  const c = created.value;
  const prog = unwrapShell([c.path, ...c.args]);
  if (image.program === 'shell' && !idles(prog) && !image.path.includes(basename(prog[0] ?? ''))) {
    return err(
      ctx,
      `docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${prog[0]}": executable file not found in $PATH: unknown.\n`,
      127,
    );
  }
  const started = d.start(c);
  if (!started.ok) return err(ctx, started.error.text, started.error.code);
  ctx.world.changed();
  if (o.detach) {
    ctx.stdout.write(`${c.id}\n`);
    launchDetached(ctx, d, c);
    return 0;
  }
  const r = startProgram(ctx, c, ctx.stdout, ctx.wake);
  if (r === 'running') {
    // Attached to a process that does not end: the lab cannot hold a terminal on it.
    ctx.stderr.write('cnlab: the container keeps running; use -d to get the prompt back\n');
    return 0;
  }
  if (typeof r === 'number') {
    d.exited(c, r);
    return r;
  }
  return (function* (): ProcBody {
    let code = 130;
    try {
      code = yield* r;
    } finally {
      d.exited(c, code);
    }
    return code;
  })();
}

/** Runs the container's main process on its own, its output going to the log. */
function launchDetached(ctx: CommandContext, d: Dockerd, c: Container): void {
  let proc: Proc | undefined;
  const r = startProgram(ctx, c, { write: () => {} }, () => proc?.wake());
  if (r === 'running') return;
  if (typeof r === 'number') {
    d.exited(c, r);
    return;
  }
  proc = new Proc(
    ctx.world.sched,
    r,
    (code) => d.exited(c, code),
    () => d.exited(c, 1),
  );
  procs.set(c, proc);
  proc.start();
}

/** Main processes of detached containers that run a lab command (for stop and kill). */
const procs = new WeakMap<Container, Proc>();

function noSuch(ctx: CommandContext, ref: string): number {
  return err(ctx, `Error: No such container: ${ref}\n`, 1);
}

function dockerExec(argv: string[], ctx: CommandContext, d: Dockerd): CommandResult {
  let i = 0;
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    const a = argv[i];
    if (['-e', '--env', '-w', '--workdir', '-u', '--user'].includes(a)) i++;
    else if (
      !/^-[itd]+$/.test(a) &&
      !['--interactive', '--tty', '--detach', '--privileged'].includes(a)
    )
      return err(ctx, `unknown flag: ${a}\nSee 'docker exec --help'.\n`, 125);
  }
  const ref = argv[i];
  const cmd = argv.slice(i + 1);
  if (ref === undefined || cmd.length === 0)
    return err(
      ctx,
      `"docker exec" requires at least 2 arguments.\nSee 'docker exec --help'.\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nExecute a command in a running container\n`,
      1,
    );
  const c = d.find(ref);
  if (!c) return noSuch(ctx, ref);
  if (c.state !== 'running')
    return err(ctx, `Error response from daemon: Container ${c.id} is not running\n`, 1);
  const notFound = () =>
    err(
      ctx,
      `OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd[0]}": executable file not found in $PATH: unknown\n`,
      126,
    );
  if (idles(cmd)) {
    if (!c.image.path.includes(basename(cmd[0]))) return notFound();
    // An interactive shell needs a terminal of its own, which the lab's tabs cannot give yet.
    return err(
      ctx,
      `cnlab: interactive shells in containers are not simulated; run one command: docker exec ${ref} ip addr\n`,
      1,
    );
  }
  const r = containerExec(ctx, c, unwrapShell(cmd), ctx.stdout, ctx.stderr, ctx.wake);
  return r === undefined ? notFound() : r;
}

function dockerPs(argv: string[], ctx: CommandContext, d: Dockerd): number {
  let all = false;
  let quiet = false;
  let noTrunc = false;
  for (const a of argv) {
    if (a === '-a' || a === '--all') all = true;
    else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '--no-trunc') noTrunc = true;
    else if (/^-[aq]+$/.test(a)) {
      all ||= a.includes('a');
      quiet ||= a.includes('q');
    } else return err(ctx, `unknown flag: ${a}\nSee 'docker ps --help'.\n`, 125);
  }
  ctx.stdout.write(psTable(d, all, quiet, noTrunc, ctx.now()));
  return 0;
}

function dockerRm(argv: string[], ctx: CommandContext, d: Dockerd): number {
  const force = argv.some((a) => a === '-f' || a === '--force');
  const refs = argv.filter((a) => !a.startsWith('-'));
  if (refs.length === 0)
    return err(
      ctx,
      `"docker rm" requires at least 1 argument.\nSee 'docker rm --help'.\n\nUsage:  docker rm [OPTIONS] CONTAINER [CONTAINER...]\n\nRemove one or more containers\n`,
      1,
    );
  let status = 0;
  for (const ref of refs) {
    const c = d.find(ref);
    if (!c) {
      status = noSuch(ctx, ref);
      continue;
    }
    if (c.state === 'running' && !force) {
      status = err(
        ctx,
        `Error response from daemon: You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove\n`,
        1,
      );
      continue;
    }
    kill(d, c, 137);
    d.remove(c);
    ctx.stdout.write(`${ref}\n`);
  }
  ctx.world.changed();
  return status;
}

function kill(d: Dockerd, c: Container, code: number): void {
  const p = procs.get(c);
  procs.delete(c);
  d.exited(c, code);
  // The process's own exit comes later and finds the container already stopped.
  p?.signal('INT');
}

/** `docker stop`: SIGTERM, then SIGKILL after the timeout (a shell as PID 1 ignores SIGTERM). */
function dockerStop(
  argv: string[],
  ctx: CommandContext,
  d: Dockerd,
  killNow: boolean,
): CommandResult {
  let timeout = STOP_TIMEOUT_S;
  const refs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-t' || argv[i] === '--time' || argv[i] === '--timeout')
      timeout = Number(argv[++i] ?? '10');
    else if (argv[i].startsWith('-s') || argv[i] === '--signal') i++;
    else refs.push(argv[i]);
  }
  const verb = killNow ? 'kill' : 'stop';
  if (refs.length === 0)
    return err(
      ctx,
      `"docker ${verb}" requires at least 1 argument.\nSee 'docker ${verb} --help'.\n`,
      1,
    );
  return (function* (): ProcBody {
    let status = 0;
    for (const ref of refs) {
      const c = d.find(ref);
      if (!c) {
        status = err(ctx, `Error response from daemon: No such container: ${ref}\n`, 1);
        continue;
      }
      if (killNow) {
        if (c.state !== 'running') {
          status = err(
            ctx,
            `Error response from daemon: Cannot kill container: ${ref}: Container ${c.id} is not running\n`,
            1,
          );
          continue;
        }
        kill(d, c, 137);
      } else if (c.state === 'running') {
        if (c.image.program === 'pause') {
          c.logs += 'Shutting down, got signal: Terminated\n';
          kill(d, c, 0);
        } else if (c.image.program === 'nginx') {
          const t = nginxTime(ctx.now());
          c.logs += `${t} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down\n${t} [notice] 1#1: exit\n`;
          kill(d, c, 0);
        } else {
          yield* sleep(ctx.now, Math.max(0, timeout) * 1_000_000);
          kill(d, c, 137);
        }
      }
      ctx.stdout.write(`${ref}\n`);
    }
    ctx.world.changed();
    return status;
  })();
}

function dockerStart(argv: string[], ctx: CommandContext, d: Dockerd): number {
  const refs = argv.filter((a) => !a.startsWith('-'));
  let status = 0;
  for (const ref of refs) {
    const c = d.find(ref);
    if (!c) {
      status = err(
        ctx,
        `Error response from daemon: No such container: ${ref}\nError: failed to start containers: ${ref}\n`,
        1,
      );
      continue;
    }
    if (c.state !== 'running') {
      const r = d.start(c);
      if (!r.ok) {
        status = err(
          ctx,
          `${r.error.text.replace(/^docker: /, '')}Error: failed to start containers: ${ref}\n`,
          1,
        );
        continue;
      }
      launchDetached(ctx, d, c);
    }
    ctx.stdout.write(`${ref}\n`);
  }
  ctx.world.changed();
  return status;
}

function dockerLogs(argv: string[], ctx: CommandContext, d: Dockerd): number {
  const refs = argv.filter((a) => !a.startsWith('-'));
  if (refs.length !== 1)
    return err(
      ctx,
      `"docker logs" requires exactly 1 argument.\nSee 'docker logs --help'.\n\nUsage:  docker logs [OPTIONS] CONTAINER\n\nFetch the logs of a container\n`,
      1,
    );
  const c = d.find(refs[0]);
  if (!c) return noSuch(ctx, refs[0]);
  ctx.stdout.write(c.logs);
  return 0;
}

function dockerInspect(argv: string[], ctx: CommandContext, d: Dockerd): number {
  let format: string | undefined;
  const refs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-f' || a === '--format') format = argv[++i];
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else if (a === '--type') i++;
    else refs.push(a);
  }
  if (refs.length === 0)
    return err(
      ctx,
      `"docker inspect" requires at least 1 argument.\nSee 'docker inspect --help'.\n`,
      1,
    );
  const found: Record<string, unknown>[] = [];
  const missing: string[] = [];
  for (const ref of refs) {
    const c = d.find(ref);
    if (c) found.push(containerInspect(d, c));
    else if (['bridge', 'host', 'none'].includes(ref))
      found.push(networkInspect(d, ref as 'bridge'));
    else missing.push(ref);
  }
  if (format !== undefined) {
    for (const obj of found) {
      const r = goTemplate(format, obj);
      if (typeof r !== 'string') return err(ctx, `Template parsing error: ${r.error}\n`, 1);
      ctx.stdout.write(`${r}\n`);
    }
  } else ctx.stdout.write(`${dockerJson(found)}\n`);
  for (const m of missing) ctx.stderr.write(`Error: No such object: ${m}\n`);
  return missing.length > 0 ? 1 : 0;
}

function dockerNetwork(argv: string[], ctx: CommandContext, d: Dockerd): number {
  const [sub, ...rest] = argv;
  if (sub === 'ls' || sub === 'list') {
    const rows = [
      ['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'],
      [d.bridgeNetworkId.slice(0, 12), 'bridge', 'bridge', 'local'],
      [d.hostNetworkId.slice(0, 12), 'host', 'host', 'local'],
      [d.noneNetworkId.slice(0, 12), 'none', 'null', 'local'],
    ];
    ctx.stdout.write(tabwrite(rows));
    return 0;
  }
  if (sub === 'inspect') {
    const names = rest.filter((a) => !a.startsWith('-'));
    if (names.length === 0)
      return err(
        ctx,
        `"docker network inspect" requires at least 1 argument.\nSee 'docker network inspect --help'.\n`,
        1,
      );
    const found: Record<string, unknown>[] = [];
    let status = 0;
    for (const n of names) {
      const key = (['bridge', 'host', 'none'] as const).find(
        (k) => k === n || (n.length >= 1 && networkId(d, k).startsWith(n)),
      );
      if (key) found.push(networkInspect(d, key));
      else {
        status = 1;
        ctx.stderr.write(`Error response from daemon: network ${n} not found\n`);
      }
    }
    if (found.length > 0 || status === 0) ctx.stdout.write(`${dockerJson(found)}\n`);
    return status;
  }
  if (sub === 'create' || sub === 'rm' || sub === 'connect' || sub === 'disconnect')
    return err(
      ctx,
      `cnlab: docker network ${sub} is not simulated yet (only the default bridge, host and none)\n`,
      1,
    );
  return err(
    ctx,
    `docker: 'network ${sub ?? ''}' is not a docker command.\nSee 'docker network --help'\n`,
    1,
  );
}

function networkId(d: Dockerd, k: 'bridge' | 'host' | 'none'): string {
  return k === 'bridge' ? d.bridgeNetworkId : k === 'host' ? d.hostNetworkId : d.noneNetworkId;
}

function runDocker(argv: string[], ctx: CommandContext): CommandResult {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === 'help') {
    ctx.stdout.write(TOP_USAGE);
    return 0;
  }
  if (sub === '--version' || sub === '-v' || sub === 'version') {
    ctx.stdout.write('Docker version 24.0.7, build afdd53b\n');
    return 0;
  }
  const d = daemon(ctx);
  if (!d)
    return err(
      ctx,
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
      1,
    );
  switch (sub) {
    case 'run':
      return dockerRun(rest, ctx, d);
    case 'exec':
      return dockerExec(rest, ctx, d);
    case 'ps':
      return dockerPs(rest, ctx, d);
    case 'container':
      if (rest[0] === 'ls') return dockerPs(rest.slice(1), ctx, d);
      if (rest[0] === 'inspect') return dockerInspect(rest.slice(1), ctx, d);
      return runDocker(rest, ctx);
    case 'rm':
      return dockerRm(rest, ctx, d);
    case 'stop':
      return dockerStop(rest, ctx, d, false);
    case 'kill':
      return dockerStop(rest, ctx, d, true);
    case 'start':
      return dockerStart(rest, ctx, d);
    case 'logs':
      return dockerLogs(rest, ctx, d);
    case 'inspect':
      return dockerInspect(rest, ctx, d);
    case 'network':
      return dockerNetwork(rest, ctx, d);
    default:
      return err(ctx, `docker: '${sub}' is not a docker command.\nSee 'docker --help'\n`, 1);
  }
}

/** Whether `docker …` changes the lab (kept in the scenario for replay). */
function dockerMutates(argv: string[]): boolean {
  const sub = argv[0];
  if (['run', 'rm', 'stop', 'kill', 'start', 'create'].includes(sub)) return true;
  if (sub === 'network') return ['create', 'rm', 'connect', 'disconnect'].includes(argv[1]);
  if (sub === 'exec') {
    let i = 1;
    while (i < argv.length && argv[i].startsWith('-'))
      i += ['-e', '--env', '-w', '-u'].includes(argv[i]) ? 2 : 1;
    const cmd = argv.slice(i + 1);
    const inner = [ipCommand, iptablesCommand, sysctlCommand].find(
      (c) => c.name === basename(cmd[0] ?? ''),
    );
    const m = inner?.mutates;
    return typeof m === 'function' ? m(cmd.slice(1)) : !!m;
  }
  return false;
}

export const dockerCommand: Command = {
  name: 'docker',
  help: {
    summary: 'run containers on this machine (Docker 24 CLI and dockerd, default bridge network)',
    usage: [
      'docker run [-d] [--rm] [--name NAME] [--net=bridge|host|none|container:NAME] [-p [IP:]HOST:CONTAINER] IMAGE [COMMAND [ARG...]]',
      'docker exec [-it] CONTAINER COMMAND [ARG...]',
      'docker ps [-a] [-q] [--no-trunc]',
      'docker stop|kill|start|rm [-f] CONTAINER...',
      'docker logs CONTAINER',
      'docker inspect [-f TEMPLATE] CONTAINER|NETWORK',
      'docker network ls | docker network inspect bridge|host|none',
    ],
    notes:
      "dockerd starts on first use: it creates docker0 (172.17.0.1/16, or --bip/--mtu from /run/flannel/subnet.env), turns on ip_forward and installs Docker's iptables chains. Images: busybox, alpine, ubuntu, nginx, k8s.gcr.io/pause:3.9 (no registry). A shell image run with -d and no command stays up idle, so `docker exec NAME CMD` can run the lab's commands in it.",
  },
  mutates: dockerMutates,
  run: runDocker,
  complete: (before, partial, ctx) => {
    const subs = ['run', 'exec', 'ps', 'rm', 'stop', 'kill', 'start', 'logs', 'inspect', 'network'];
    if (before.length === 0) return subs.filter((s) => s.startsWith(partial));
    const d = ctx.machine ? Dockerd.running(ctx.machine) : undefined;
    if (before[0] === 'network')
      return ['ls', 'inspect', 'bridge', 'host', 'none'].filter((s) => s.startsWith(partial));
    if (before[0] === 'run')
      return ['busybox', 'alpine', 'ubuntu', 'nginx', 'k8s.gcr.io/pause:3.9'].filter((s) =>
        s.startsWith(partial),
      );
    return [...(d?.containers.values() ?? [])]
      .map((c) => c.name)
      .filter((n) => n.startsWith(partial));
  },
};
