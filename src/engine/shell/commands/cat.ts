import { vfsIsDir } from '../../kernel/vfs';
import { type Command, fail } from '../command';
import { readFile } from '../files';
import { readAll } from '../process';

/**
 * `cat FILE ...`: the files the lab models — /proc/sys/net/** of the current namespace and the
 * machine's files (/etc/resolv.conf, /etc/hostname, /run/flannel/subnet.env, /etc/cni/net.d/*).
 * Without arguments (or with `-`) it copies its input, so it works in pipes.
 */
export const catCommand: Command = {
  name: 'cat',
  help: {
    summary: 'print files (the lab models /proc/sys/net, /etc and daemon files)',
    usage: ['cat [FILE ...]'],
  },
  run(argv, ctx) {
    const files = argv.length === 0 ? ['-'] : argv;
    return (function* () {
      let status = 0;
      for (const f of files) {
        if (f === '-') {
          ctx.stdout.write(yield* readAll(ctx.stdin));
          continue;
        }
        const text = readFile(ctx, f);
        if (text === undefined)
          status = fail(
            ctx,
            `cat: ${f}: ${ctx.machine && vfsIsDir(ctx.machine, f) ? 'Is a directory' : 'No such file or directory'}`,
          );
        else ctx.stdout.write(text);
      }
      return status;
    })();
  },
};
