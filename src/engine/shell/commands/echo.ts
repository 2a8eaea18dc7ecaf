import type { Command } from '../command';

/** bash's builtin echo: -n (no newline), -e (backslash escapes), -E (none, the default). */
export const echoCommand: Command = {
  name: 'echo',
  help: {
    summary: 'write arguments to standard output',
    usage: ['echo [-neE] [ARG ...]'],
    options: [
      ['-n', 'do not append a newline'],
      ['-e', 'interpret backslash escapes (\\n, \\t, \\\\, \\e, \\xHH, \\0NNN, \\c)'],
      ['-E', 'do not interpret backslash escapes (default)'],
    ],
  },
  run(argv, ctx) {
    let newline = true;
    let escapes = false;
    let i = 0;
    for (; i < argv.length && /^-[neE]+$/.test(argv[i]); i++) {
      for (const f of argv[i].slice(1)) {
        if (f === 'n') newline = false;
        else escapes = f === 'e';
      }
    }
    let text = argv.slice(i).join(' ');
    if (escapes) {
      const r = interpretEscapes(text);
      text = r.text;
      if (r.stop) newline = false;
    }
    ctx.stdout.write(newline ? `${text}\n` : text);
    return 0;
  },
};

const SIMPLE: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** echo -e escapes; `\c` stops output (and the newline). */
export function interpretEscapes(input: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c !== '\\' || i + 1 >= input.length) {
      out += c;
      continue;
    }
    const n = input[i + 1];
    if (n === 'c') return { text: out, stop: true };
    if (n in SIMPLE) {
      out += SIMPLE[n];
      i++;
    } else if (n === 'x' && /^[0-9a-fA-F]/.test(input[i + 2] ?? '')) {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(input.slice(i + 2))?.[0] ?? '';
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 1 + hex.length;
    } else if (n === '0') {
      const oct = /^[0-7]{0,3}/.exec(input.slice(i + 2))?.[0] ?? '';
      out += String.fromCharCode(oct === '' ? 0 : Number.parseInt(oct, 8));
      i += 1 + oct.length;
    } else {
      out += c;
    }
  }
  return { text: out, stop: false };
}

/**
 * bash's builtin printf: FORMAT with %s, %d (%i), %c, %x, %o and %% (widths and `-` too), the
 * backslash escapes echo -e knows, reused until every argument is consumed.
 */
export const printfCommand: Command = {
  name: 'printf',
  help: {
    summary: 'format and print arguments',
    usage: ['printf FORMAT [ARG ...]'],
    notes: 'Conversions: %s %d %i %c %x %o %% with widths; escapes as in echo -e.',
  },
  run(argv, ctx) {
    if (argv.length === 0) {
      ctx.stderr.write(`${ctx.diagPrefix()}: printf: usage: printf [-v var] format [arguments]\n`);
      return 2;
    }
    const [format, ...args] = argv;
    let out = '';
    let status = 0;
    let next = 0;
    do {
      const start = next;
      out += format.replace(
        /%(-?)(\d*)([sdicxo%])/g,
        (_, left: string, width: string, conv: string) => {
          if (conv === '%') return '%';
          const arg = args[next++] ?? '';
          let text: string;
          if (conv === 's') text = arg;
          else if (conv === 'c') text = arg.slice(0, 1);
          else {
            const n = arg === '' ? 0 : Number.parseInt(arg, 10);
            if (Number.isNaN(n)) {
              ctx.stderr.write(`${ctx.diagPrefix()}: printf: ${arg}: invalid number\n`);
              status = 1;
            }
            const v = Number.isNaN(n) ? 0 : n;
            text = conv === 'x' ? v.toString(16) : conv === 'o' ? v.toString(8) : String(v);
          }
          const w = Number(width || 0);
          return left ? text.padEnd(w) : text.padStart(w);
        },
      );
      if (next === start) break;
    } while (next < args.length);
    ctx.stdout.write(interpretEscapes(out).text);
    return status;
  },
};
