/**
 * More of what people pipe `ip` and `ss` into: sort, uniq, cut, and the common corners of sed
 * and awk (GNU coreutils 9.1, GNU sed 4.9, mawk 1.3.4 as Debian 12 has them), in the C locale.
 * A sed or awk program outside those corners is refused with a note rather than misread.
 *
 * - sort [-n] [-r] [-u] [-t SEP] [-k N]
 * - uniq [-c] [-d] [-u]
 * - cut -d SEP -f LIST | -c LIST   (LIST: N, N-M, N-, -M, comma-separated)
 * - sed [-n] [-E] [-e] SCRIPT: s/RE/REPL/[g][p], [ADDR]p, [ADDR]d, ADDR: N, $, /RE/, N,M
 * - awk [-F SEP] '[/RE/] [{print ITEM[, ITEM]…}]': ITEM a field $N, $NF, NR, NF or "text"
 */
import { type Command, type CommandContext, fail } from '../command';
import type { ProcBody } from '../process';
import { breToJs, inputs, splitLines } from './filters';

function emit(ctx: CommandContext, lines: string[]): void {
  if (lines.length > 0) ctx.stdout.write(`${lines.join('\n')}\n`);
}

/** Byte order of the C locale (JavaScript compares UTF-16 code units: the same for ASCII). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sort -n's number: the leading numeric prefix (blanks skipped), 0 when there is none. */
function numericKey(s: string): number {
  const m = /^\s*(-?\d*\.?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

export const sortCommand: Command = {
  name: 'sort',
  help: {
    summary: 'sort lines of text',
    usage: ['sort [-n] [-r] [-u] [-t SEP] [-k N] [FILE]...'],
  },
  run(argv, ctx): ProcBody | number {
    let numeric = false;
    let reverse = false;
    let unique = false;
    let sep: string | undefined;
    let key: number | undefined;
    const files: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '-t' || a === '-k') {
        const v = argv[++i];
        if (v === undefined)
          return fail(
            ctx,
            `sort: option requires an argument -- '${a[1]}'\nTry 'sort --help' for more information.`,
            2,
          );
        if (a === '-t') sep = v;
        else key = Number.parseInt(v, 10);
      } else if (/^-[nru]+$/.test(a)) {
        numeric ||= a.includes('n');
        reverse ||= a.includes('r');
        unique ||= a.includes('u');
      } else if (a.startsWith('-') && a !== '-') {
        return fail(
          ctx,
          `sort: invalid option -- '${a[1]}'\nTry 'sort --help' for more information.`,
          2,
        );
      } else files.push(a);
    }
    return (function* (): ProcBody {
      const r = yield* inputs(ctx, files, 'sort');
      const field = (line: string) => {
        if (key === undefined) return line;
        const parts = sep === undefined ? line.trim().split(/\s+/) : line.split(sep);
        return parts.slice(key - 1).join(sep ?? ' ');
      };
      const byKey = (a: string, b: string) =>
        numeric
          ? numericKey(field(a)) - numericKey(field(b)) || cmp(a, b)
          : cmp(field(a), field(b)) || cmp(a, b);
      let lines = splitLines(r.text).sort(byKey);
      if (reverse) lines.reverse();
      if (unique) lines = lines.filter((l, i) => i === 0 || byKey(lines[i - 1], l) !== 0);
      emit(ctx, lines);
      return r.status === 0 ? 0 : 2;
    })();
  },
};

export const uniqCommand: Command = {
  name: 'uniq',
  help: { summary: 'report or omit repeated lines', usage: ['uniq [-c] [-d] [-u] [FILE]'] },
  run(argv, ctx): ProcBody | number {
    const flags = new Set<string>();
    const files: string[] = [];
    for (const a of argv) {
      if (/^-[cdu]+$/.test(a)) for (const c of a.slice(1)) flags.add(c);
      else if (a.startsWith('-') && a !== '-')
        return fail(
          ctx,
          `uniq: invalid option -- '${a[1]}'\nTry 'uniq --help' for more information.`,
          1,
        );
      else files.push(a);
    }
    return (function* (): ProcBody {
      const r = yield* inputs(ctx, files, 'uniq');
      const out: string[] = [];
      const lines = splitLines(r.text);
      for (let i = 0; i < lines.length; ) {
        let j = i + 1;
        while (j < lines.length && lines[j] === lines[i]) j++;
        const n = j - i;
        if ((!flags.has('d') || n > 1) && (!flags.has('u') || n === 1))
          out.push(flags.has('c') ? `${String(n).padStart(7)} ${lines[i]}` : lines[i]);
        i = j;
      }
      emit(ctx, out);
      return r.status === 0 ? 0 : 1;
    })();
  },
};

/** cut's LIST: which 1-based positions it keeps. */
function parseList(list: string): ((n: number) => boolean) | undefined {
  const ranges: [number, number][] = [];
  for (const part of list.split(',')) {
    const m = /^(\d*)-(\d*)$/.exec(part) ?? /^(\d+)()$/.exec(part);
    if (!m) return undefined;
    const lo = m[1] === '' ? 1 : Number(m[1]);
    const hi = part.includes('-') ? (m[2] === '' ? Number.POSITIVE_INFINITY : Number(m[2])) : lo;
    if (lo < 1 || hi < lo) return undefined;
    ranges.push([lo, hi]);
  }
  return (n) => ranges.some(([lo, hi]) => n >= lo && n <= hi);
}

export const cutCommand: Command = {
  name: 'cut',
  help: {
    summary: 'print selected parts of lines',
    usage: ['cut -d SEP -f LIST [FILE]...', 'cut -c LIST [FILE]...'],
  },
  run(argv, ctx): ProcBody | number {
    let delim = '\t';
    let fields: string | undefined;
    let chars: string | undefined;
    let onlyDelimited = false;
    const files: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      const m = /^-([dfc])(.*)$/.exec(a);
      if (m) {
        const v = m[2] !== '' ? m[2] : argv[++i];
        if (v === undefined)
          return fail(
            ctx,
            `cut: option requires an argument -- '${m[1]}'\nTry 'cut --help' for more information.`,
            1,
          );
        if (m[1] === 'd') {
          if ([...v].length !== 1)
            return fail(
              ctx,
              "cut: the delimiter must be a single character\nTry 'cut --help' for more information.",
              1,
            );
          delim = v;
        } else if (m[1] === 'f') fields = v;
        else chars = v;
      } else if (a === '-s') onlyDelimited = true;
      else if (a.startsWith('-') && a !== '-')
        return fail(
          ctx,
          `cut: invalid option -- '${a[1]}'\nTry 'cut --help' for more information.`,
          1,
        );
      else files.push(a);
    }
    const list = fields ?? chars;
    if (list === undefined)
      return fail(
        ctx,
        "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.",
        1,
      );
    const keep = parseList(list);
    if (!keep)
      return fail(
        ctx,
        `cut: invalid field value '${list}'\nTry 'cut --help' for more information.`,
        1,
      );
    return (function* (): ProcBody {
      const r = yield* inputs(ctx, files, 'cut');
      const out: string[] = [];
      for (const line of splitLines(r.text)) {
        if (chars !== undefined) {
          out.push([...line].filter((_, i) => keep(i + 1)).join(''));
          continue;
        }
        if (!line.includes(delim)) {
          if (!onlyDelimited) out.push(line);
          continue;
        }
        out.push(
          line
            .split(delim)
            .filter((_, i) => keep(i + 1))
            .join(delim),
        );
      }
      emit(ctx, out);
      return r.status === 0 ? 0 : 1;
    })();
  },
};

type Addr = { kind: 'line'; n: number } | { kind: 'last' } | { kind: 're'; re: RegExp };
interface SedCommand {
  from?: Addr;
  to?: Addr;
  op: 'p' | 'd' | 's';
  re?: RegExp;
  repl?: string;
  print?: boolean;
}

/** A sed script of the common shapes, or a message saying why not. */
function parseSed(script: string, extended: boolean): SedCommand[] | string {
  const toRe = (src: string, flags = '') => new RegExp(extended ? src : breToJs(src), flags);
  const cmds: SedCommand[] = [];
  for (const raw of script.split(/;|\n/)) {
    const text = raw.trim();
    if (text === '') continue;
    let rest = text;
    const addr = (): Addr | undefined => {
      let m = /^(\d+)/.exec(rest);
      if (m) {
        rest = rest.slice(m[0].length);
        return { kind: 'line', n: Number(m[1]) };
      }
      if (rest.startsWith('$')) {
        rest = rest.slice(1);
        return { kind: 'last' };
      }
      m = /^\/((?:[^/\\]|\\.)*)\//.exec(rest);
      if (m) {
        rest = rest.slice(m[0].length);
        return { kind: 're', re: toRe(m[1]) };
      }
      return undefined;
    };
    const c: SedCommand = { op: 'p' };
    c.from = addr();
    if (c.from && rest.startsWith(',')) {
      rest = rest.slice(1);
      c.to = addr();
      if (!c.to) return `unexpected \`,'`;
    }
    rest = rest.trim();
    const s = /^s(.)(.*)$/.exec(rest);
    if (s) {
      const d = s[1];
      const parts: string[] = [];
      let cur = '';
      const body = s[2];
      for (let i = 0; i < body.length; i++) {
        if (body[i] === '\\' && body[i + 1] === d) {
          cur += d;
          i++;
        } else if (body[i] === d) {
          parts.push(cur);
          cur = '';
        } else cur += body[i];
      }
      parts.push(cur);
      if (parts.length !== 3 || !/^[gp]*$/.test(parts[2])) return `unterminated \`s' command`;
      c.op = 's';
      c.re = toRe(parts[0], parts[2].includes('g') ? 'g' : '');
      // sed's & and \1..\9 in the replacement are JavaScript's $& and $1..$9.
      c.repl = parts[1]
        .replace(/\$/g, '$$$$')
        .replace(/\\(\d)/g, '$$$1')
        .replace(/(^|[^\\])&/g, '$1$$&')
        .replace(/\\&/g, '&');
      c.print = parts[2].includes('p');
    } else if (rest === 'p' || rest === 'd') c.op = rest;
    else return `unknown command: \`${rest[0] ?? ''}'`;
    cmds.push(c);
  }
  return cmds;
}

export const sedCommand: Command = {
  name: 'sed',
  help: {
    summary: 'stream editor (s///, p and d with line, $ and /regex/ addresses)',
    usage: ["sed [-n] [-E] [-e] 'SCRIPT' [FILE]..."],
  },
  run(argv, ctx): ProcBody | number {
    let quiet = false;
    let extended = false;
    const scripts: string[] = [];
    const files: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '-e') {
        const v = argv[++i];
        if (v === undefined) return fail(ctx, "sed: option requires an argument -- 'e'", 1);
        scripts.push(v);
      } else if (/^-[nEr]+$/.test(a)) {
        quiet ||= a.includes('n');
        extended ||= /[Er]/.test(a);
      } else if (a.startsWith('-') && a !== '-') {
        return fail(ctx, `sed: invalid option -- '${a[1]}'`, 1);
      } else if (scripts.length === 0) scripts.push(a);
      else files.push(a);
    }
    if (scripts.length === 0)
      return fail(
        ctx,
        'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...',
        1,
      );
    let cmds: SedCommand[] | string;
    try {
      cmds = parseSed(scripts.join('\n'), extended);
    } catch {
      cmds = 'invalid regular expression';
    }
    if (typeof cmds === 'string')
      return fail(ctx, `sed: -e expression #1: ${cmds} (cnlab's sed knows s///, p and d)`, 1);
    const program = cmds;
    return (function* (): ProcBody {
      const r = yield* inputs(ctx, files, 'sed');
      const lines = splitLines(r.text);
      const active = program.map(() => false);
      const out: string[] = [];
      // GNU sed keeps a missing newline at the end of the input missing in what it prints of it.
      const noEol = r.text !== '' && !r.text.endsWith('\n');
      let lastFrom = -1;
      lines.forEach((input, idx) => {
        const before = out.length;
        let line = input;
        const n = idx + 1;
        const last = n === lines.length;
        const hit = (a: Addr) =>
          a.kind === 'line' ? a.n === n : a.kind === 'last' ? last : a.re.test(line);
        let deleted = false;
        for (let k = 0; k < program.length && !deleted; k++) {
          const c = program[k];
          let on: boolean;
          if (!c.from) on = true;
          else if (!c.to) on = hit(c.from);
          else if (active[k]) {
            on = true;
            if (hit(c.to) || (c.to.kind === 'line' && c.to.n <= n)) active[k] = false;
          } else {
            on = hit(c.from);
            if (on && !(c.to.kind === 'line' && c.to.n <= n)) active[k] = true;
          }
          if (!on) continue;
          if (c.op === 'd') deleted = true;
          else if (c.op === 'p') out.push(line);
          else if (c.re && c.repl !== undefined) {
            c.re.lastIndex = 0;
            const next = line.replace(c.re, c.repl);
            if (next !== line || c.re.test(line)) {
              line = next;
              if (c.print) out.push(line);
            }
          }
        }
        if (!deleted && !quiet) out.push(line);
        if (out.length > before) lastFrom = idx;
      });
      if (noEol && lastFrom === lines.length - 1 && out.length > 0) {
        ctx.stdout.write(out.join('\n'));
      } else emit(ctx, out);
      return r.status === 0 ? 0 : 2;
    })();
  },
};

type AwkItem =
  | { kind: 'field'; n: number | 'NF' }
  | { kind: 'NR' }
  | { kind: 'NF' }
  | { kind: 'text'; text: string };

/** `[/RE/] [{print ITEMS}]`, or undefined when the program is another shape. */
function parseAwk(program: string): { re?: RegExp; items?: AwkItem[][] } | undefined {
  const m = /^\s*(?:\/((?:[^/\\]|\\.)*)\/)?\s*(?:\{\s*print\s*([^}]*?)\s*;?\s*\})?\s*$/.exec(
    program,
  );
  if (!m || (m[1] === undefined && m[2] === undefined && program.trim() !== '')) return undefined;
  const re = m[1] === undefined ? undefined : new RegExp(m[1]);
  if (m[2] === undefined) return { re };
  if (m[2] === '') return { re, items: [[{ kind: 'field', n: 0 }]] };
  const items: AwkItem[][] = [];
  // Items separated by commas (OFS) or juxtaposed (concatenated).
  for (const part of m[2].split(',')) {
    const group: AwkItem[] = [];
    const tokens = part.trim().match(/"[^"]*"|\$\(?NF\)?|\$\d+|NR|NF/g);
    if (!tokens || tokens.join('').replace(/\s/g, '') !== part.replace(/\s/g, '')) return undefined;
    for (const t of tokens) {
      if (t.startsWith('"')) group.push({ kind: 'text', text: t.slice(1, -1) });
      else if (t === 'NR' || t === 'NF') group.push({ kind: t });
      else if (t.includes('NF')) group.push({ kind: 'field', n: 'NF' });
      else group.push({ kind: 'field', n: Number(t.slice(1)) });
    }
    items.push(group);
  }
  return { re, items };
}

export const awkCommand: Command = {
  name: 'awk',
  help: {
    summary: "pattern scanning (the lab's awk: '[/regex/] {print $N, …}' with -F)",
    usage: ['awk [-F SEP] \'[/REGEX/] {print $1, $NF, NR, "text"}\' [FILE]...'],
  },
  run(argv, ctx): ProcBody | number {
    let sep: string | undefined;
    let program: string | undefined;
    const files: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '-F') {
        sep = argv[++i];
        if (sep === undefined) return fail(ctx, 'awk: option requires an argument -- F', 2);
      } else if (a.startsWith('-F')) sep = a.slice(2);
      else if (program === undefined) program = a;
      else files.push(a);
    }
    if (program === undefined) return fail(ctx, 'usage: awk [-F value] [--] program [file ...]', 2);
    let parsed: ReturnType<typeof parseAwk>;
    try {
      parsed = parseAwk(program);
    } catch {
      parsed = undefined;
    }
    if (!parsed)
      return fail(
        ctx,
        `awk: this program is not simulated in cnlab: ${program}\n(cnlab's awk runs '[/regex/] {print $N, $NF, NR, "text"}')`,
        2,
      );
    const { re, items } = parsed;
    return (function* (): ProcBody {
      const r = yield* inputs(ctx, files, 'awk');
      const out: string[] = [];
      splitLines(r.text).forEach((line, idx) => {
        if (re && !re.test(line)) return;
        if (!items) {
          out.push(line);
          return;
        }
        const f =
          sep === undefined
            ? line
                .trim()
                .split(/[ \t]+/)
                .filter(Boolean)
            : line.split(sep.length === 1 ? sep : new RegExp(sep));
        const field = (n: number | 'NF') => {
          const k = n === 'NF' ? f.length : n;
          return k === 0 ? line : (f[k - 1] ?? '');
        };
        const value = (it: AwkItem) =>
          it.kind === 'text'
            ? it.text
            : it.kind === 'NR'
              ? String(idx + 1)
              : it.kind === 'NF'
                ? String(f.length)
                : field(it.n);
        out.push(items.map((g) => g.map(value).join('')).join(' '));
      });
      emit(ctx, out);
      return r.status === 0 ? 0 : 2;
    })();
  },
};
