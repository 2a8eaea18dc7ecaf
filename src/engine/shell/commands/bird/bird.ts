/**
 * `bird [-c FILE] [-s SOCKET] [-f] [-p] [--version]`: starts the BIRD routing daemon
 * (daemons/bird) in the current network namespace. Without -f it detaches at once, as the real
 * one forks; with -f it stays in the foreground, writes `log stderr` lines to the terminal and
 * shuts down on Ctrl-C. -p only checks the configuration. Messages are bird 2.0.12's.
 */
import { BIRD_VERSION, Bird, DEFAULT_CONFIG, DEFAULT_SOCKET } from '../../../daemons/bird/bird';
import { type BirdConfig, ConfigError, parseBirdConfig } from '../../../daemons/bird/config';
import { SOCKET_MAGIC, vfsStrerror, vfsWrite } from '../../../kernel/vfs';
import { type Command, fail } from '../../command';
import { absolutePath, readFile } from '../../files';
import { Interrupt } from '../../process';

const USAGE = 'Usage: bird [--version] [--help] [-c <config-file>] [OPTIONS]';

const HELP = `${USAGE}

Options: 
  -c <config-file>     Use given configuration file instead of
                       /etc/bird/bird.conf
  -d                   Enable debug messages and run bird in foreground
  -D <debug-file>      Log debug messages to given file instead of stderr
  -f                   Run bird in foreground
  -g <group>           Use given group ID
  -h, --help           Display this information
  -l                   Look for a configuration file and a control socket
                       in the current working directory
  -p                   Test configuration file and exit without start
  -P <pid-file>        Create a PID file with given filename
  -R                   Apply graceful restart recovery after start
  -s <control-socket>  Use given filename for a control socket
  -u <user>            Drop privileges and use given user ID
  --version            Display version of BIRD
`;

/** Reads and parses `path`; a string is the message to print after `bird: `. */
export function loadBirdConfig(
  ctx: Parameters<typeof readFile>[0],
  path: string,
): BirdConfig | string {
  const text = readFile(ctx, path);
  if (text === undefined) {
    return `Unable to open configuration file ${path}: No such file or directory`;
  }
  try {
    return parseBirdConfig(text);
  } catch (e) {
    if (e instanceof ConfigError) return `${path}:${e.line}:${e.col} ${e.message}`;
    throw e;
  }
}

export const birdCommand: Command = {
  name: 'bird',
  help: {
    summary: 'BIRD internet routing daemon (BGP, static, kernel, direct)',
    usage: ['bird [-c CONFIG] [-s SOCKET] [-f] [-p]', 'bird --version'],
    options: [
      ['-c FILE', 'configuration file (default /etc/bird/bird.conf)'],
      ['-s SOCKET', 'control socket for birdc (default /run/bird/bird.ctl)'],
      ['-f', 'stay in the foreground (Ctrl-C stops it)'],
      ['-p', 'check the configuration and exit'],
    ],
    notes:
      'Calico runs BIRD on every node to tell the other nodes, over BGP, which pod block ' +
      'lives behind it (C19). Write the configuration with printf/echo > FILE, start bird, ' +
      'then ask it with birdc show protocols / show route.',
  },
  mutates: true,
  run(argv, ctx) {
    let config = DEFAULT_CONFIG;
    let socket = DEFAULT_SOCKET;
    let foreground = false;
    let parseOnly = false;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '--version') {
        ctx.stderr.write(`BIRD version ${BIRD_VERSION}\n`);
        return 0;
      }
      if (a === '--help' || a === '-h') {
        ctx.stdout.write(HELP);
        return 0;
      }
      const m = /^-([a-zA-Z])(.*)$/.exec(a);
      if (!m) return fail(ctx, `${USAGE}`);
      const [, opt, rest] = m;
      if ('cDgPsu'.includes(opt)) {
        const v = rest || argv[++i];
        if (v === undefined) {
          return fail(ctx, `bird: option requires an argument -- '${opt}'\n\n${USAGE}`);
        }
        if (opt === 'c') config = absolutePath(v);
        if (opt === 's') socket = absolutePath(v);
        continue;
      }
      if (!'dflpR'.includes(opt) || rest !== '') {
        return fail(
          ctx,
          `bird: invalid option -- '${rest && 'dflpR'.includes(opt) ? rest[0] : opt}'\n\n${USAGE}`,
        );
      }
      if (opt === 'f' || opt === 'd') foreground = true;
      if (opt === 'p') parseOnly = true;
    }
    const machine = ctx.machine;
    const ns = ctx.netns;
    if (!machine || !ns) return fail(ctx, 'bird: must run on a machine');
    if (!parseOnly) {
      // As bird's main(): the control socket first (a stale one is replaced), then the file.
      if (Bird.at(machine, socket)) return fail(ctx, 'bird: I found another BIRD running.');
      const err = vfsWrite(machine, socket, SOCKET_MAGIC);
      if (err) {
        return fail(ctx, `bird: Cannot create control socket ${socket}: ${vfsStrerror(err)}`);
      }
    }
    const cfg = loadBirdConfig(ctx, config);
    if (typeof cfg === 'string') return fail(ctx, `bird: ${cfg}`);
    if (parseOnly) return 0;
    const stderr = ctx.stderr;
    const bird = new Bird(
      machine,
      ctx.world,
      ns,
      cfg,
      config,
      socket,
      foreground ? (t) => stderr.write(t) : undefined,
    );
    bird.start();
    if (!foreground) return 0;
    return (function* () {
      try {
        while (!bird.exited) yield { until: ctx.now() + 1_000_000 };
      } catch (e) {
        if (!(e instanceof Interrupt)) throw e;
        bird.shutdown();
      }
      return 0;
    })();
  },
};
