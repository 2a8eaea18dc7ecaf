import { type Command, fail } from '../command';
import { HOSTNAME_USAGE } from './hostname-usage';

const VALID = /^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/;

/** `hostname` prints the machine's name; `hostname NAME` sets it (we are root). */
export const hostnameCommand: Command = {
  name: 'hostname',
  help: {
    summary: 'show or set the system’s host name',
    usage: ['hostname', 'hostname NAME'],
  },
  mutates: (argv) => argv.length > 0,
  run(argv, ctx) {
    const machine = ctx.machine;
    if (!machine) return fail(ctx, 'hostname: machine is gone');
    if (argv.length === 0) {
      ctx.stdout.write(`${machine.hostname}\n`);
      return 0;
    }
    const name = argv[0];
    if (name.startsWith('-')) {
      ctx.stderr.write(`hostname: invalid option -- '${name.slice(1, 2)}'\n`);
      ctx.stdout.write(HOSTNAME_USAGE);
      return 255;
    }
    if (!VALID.test(name) || name.length > 64)
      return fail(ctx, 'hostname: the specified hostname is invalid');
    machine.hostname = name;
    ctx.world.changed();
    return 0;
  },
};
