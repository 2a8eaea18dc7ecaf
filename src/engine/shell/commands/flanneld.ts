/**
 * `flanneld --etcd-endpoints=http://IP:2379 [--etcd-prefix=/coreos.com/network] [--iface=eth0]
 * [--ip-masq]`: starts flannel's daemon on this machine (daemons/flannel/flanneld.ts). The
 * real flanneld stays in the foreground under systemd; the lab detaches it at once, as if it
 * were started by `systemctl start flanneld`, and its klog lines go to /var/log/flanneld.log
 * (`cat /var/log/flanneld.log`). Flags follow Go's flag package: `-flag`, `--flag`,
 * `--flag=value` or `--flag value`.
 */
import { DEFAULT_OPTIONS, Flanneld, type FlanneldOptions } from '../../daemons/flannel/flanneld';
import { type Command, fail, wantsHelp } from '../command';

type FlagKind = 'string' | 'bool' | 'int' | 'list';

const FLAGS: Record<string, FlagKind> = {
  'etcd-endpoints': 'string',
  'etcd-prefix': 'string',
  iface: 'list',
  'public-ip': 'string',
  'ip-masq': 'bool',
  'subnet-file': 'string',
  'subnet-lease-renew-margin': 'int',
  'iptables-forward-rules': 'bool',
  v: 'int',
};

const USAGE = 'Usage: flanneld [OPTION]...';

/** Parse argv like Go's flag package; a string is the error text. */
export function parseFlanneldArgs(argv: string[]): FlanneldOptions | string {
  const o: FlanneldOptions = { ...DEFAULT_OPTIONS, iface: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-' || arg === '--') {
      return `flag provided but not defined: ${arg}`;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const kind = FLAGS[name];
    if (!kind) return `flag provided but not defined: -${name}`;
    let value: string | undefined = eq < 0 ? undefined : body.slice(eq + 1);
    if (kind === 'bool') {
      value ??= 'true';
      if (value !== 'true' && value !== 'false') {
        return `invalid boolean value "${value}" for -${name}: parse error`;
      }
    } else if (value === undefined) {
      value = argv[++i];
      if (value === undefined) return `flag needs an argument: -${name}`;
    }
    const num = Number(value);
    if (kind === 'int' && !/^-?\d+$/.test(value)) {
      return `invalid value "${value}" for flag -${name}: parse error`;
    }
    switch (name) {
      case 'etcd-endpoints':
        o.etcdEndpoints = value.split(',');
        break;
      case 'etcd-prefix':
        o.etcdPrefix = value;
        break;
      case 'iface':
        o.iface.push(value);
        break;
      case 'public-ip':
        o.publicIp = value;
        break;
      case 'ip-masq':
        o.ipMasq = value === 'true';
        break;
      case 'iptables-forward-rules':
        o.iptablesForwardRules = value === 'true';
        break;
      case 'subnet-file':
        o.subnetFile = value;
        break;
      case 'subnet-lease-renew-margin':
        o.renewMargin = num;
        break;
      case 'v':
        o.verbosity = num;
        break;
    }
  }
  return o;
}

export const flanneldCommand: Command = {
  name: 'flanneld',
  help: {
    summary: 'flannel overlay network daemon (etcd subnet manager)',
    usage: [
      'flanneld --etcd-endpoints=http://IP:2379 [--etcd-prefix=/coreos.com/network] [--iface=eth0] [--ip-masq]',
    ],
    options: [
      [
        '--etcd-endpoints=URLS',
        'comma-separated etcd endpoints (default http://127.0.0.1:4001,http://127.0.0.1:2379)',
      ],
      ['--etcd-prefix=PATH', 'etcd prefix (default /coreos.com/network)'],
      [
        '--iface=NAME',
        "interface to use for inter-host communication (default: the default route's)",
      ],
      ['--public-ip=IP', 'IP accessible by other nodes for inter-host communication'],
      ['--ip-masq', 'setup IP masquerade rule for traffic destined outside of overlay network'],
      ['--subnet-file=PATH', 'where to write the subnet (default /run/flannel/subnet.env)'],
      [
        '--subnet-lease-renew-margin=MIN',
        'renew the lease this many minutes before it expires (default 60)',
      ],
      ['-v=N', 'log verbosity (2 logs each subnet flanneld programs)'],
    ],
    notes:
      'flanneld reads <prefix>/config from etcd, leases a subnet under <prefix>/subnets, writes ' +
      '/run/flannel/subnet.env and watches the other leases, programming flannel.1 (vxlan), ' +
      'routes (host-gw) or flannel0 and its UDP proxy (udp). In the lab it runs detached, as ' +
      'under systemd; its log is /var/log/flanneld.log.',
  },
  mutates: true,
  run(argv, ctx) {
    if (wantsHelp(argv)) {
      ctx.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const machine = ctx.machine;
    if (!machine) return fail(ctx, 'flanneld: must run on a machine');
    const opts = parseFlanneldArgs(argv);
    if (typeof opts === 'string') return fail(ctx, `${opts}\n${USAGE}`, 2);
    const running = Flanneld.running(machine);
    if (running) {
      return fail(ctx, `flanneld: already running (pid ${running.pid}), see /var/log/flanneld.log`);
    }
    Flanneld.start(machine, ctx.world, ctx.netns ?? machine.root, opts);
    return 0;
  },
};
