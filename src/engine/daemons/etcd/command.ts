/**
 * The `etcd` command: starts an etcd member as a daemon of the machine (in the namespace the
 * command runs in) and returns, as `systemctl start etcd` would. The startup log is printed
 * (stderr, as etcd logs) and kept, with everything etcd logs later, in /var/log/etcd.log
 * (`cat /var/log/etcd.log`). `etcd --version` prints the version.
 */
import type { Command } from '../../shell/command';
import { ETCD_VERSION, EtcdServer, parseEtcdArgs } from './server';

export const etcdCommand: Command = {
  name: 'etcd',
  help: {
    summary: 'start an etcd 3.4 member (runs in the background)',
    usage: [
      'etcd [--name NAME] [--data-dir DIR] [--listen-client-urls URLS] [--advertise-client-urls URLS]',
      '     [--listen-peer-urls URLS] [--initial-advertise-peer-urls URLS] [--enable-v2]',
      'etcd --version',
    ],
    options: [
      ['--listen-client-urls URLS', 'where clients connect (default http://localhost:2379)'],
      [
        '--advertise-client-urls URLS',
        'what etcdctl v2 is told to use (default http://localhost:2379)',
      ],
      ['--enable-v2', 'serve the v2 keys API flannel uses (off by default in 3.4)'],
      ['--data-dir DIR', 'accepted; nothing is stored'],
    ],
    notes:
      "The lab starts etcd as a daemon and returns at once (real etcd stays in the foreground); its log is in /var/log/etcd.log. v3 requests go through etcd's JSON gateway instead of gRPC.",
  },
  mutates: true,
  run(argv, ctx) {
    const cfg = parseEtcdArgs(argv);
    if (cfg === 'version') {
      ctx.stdout.write(
        `etcd Version: ${ETCD_VERSION}\nGit SHA: Not provided (use ./build instead of go build)\nGo Version: go1.19.8\nGo OS/Arch: linux/amd64\n`,
      );
      return 0;
    }
    const machine = ctx.machine;
    const ns = ctx.netns;
    if (!machine || !ns) {
      ctx.stderr.write('etcd: runs on a machine, not in the lab console\n');
      return 1;
    }
    if ('error' in cfg) {
      ctx.stderr.write(`${cfg.error}\n`);
      ctx.stderr.write(`etcdmain: error verifying flags, ${cfg.error}. See 'etcd --help'.\n`);
      return 1;
    }
    const r = EtcdServer.start(ctx.world, machine, ns, cfg);
    ctx.stderr.write(r.log);
    return r.code;
  },
};
