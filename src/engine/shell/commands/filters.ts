/**
 * The text filters people pipe `ip` and `tcpdump` into: grep, head, tail, wc (GNU coreutils and
 * grep 3.8 behaviour for the options listed in their help). They read their input as it streams.
 */
import { type Command, type CommandContext, fail } from '../command';
import { readFile } from '../files';
import { type Park, type ProcBody, type Resume, readAll, readLines } from '../process';

/** Reads FILE arguments (or standard input when there are none) as text. */
export function* inputs(
  ctx: CommandContext,
  files: string[],
  tool: string,
): Generator<Park, { text: string; status: number }, Resume> {
  if (files.length === 0 || (files.length === 1 && files[0] === '-')) {
    return { text: yield* readAll(ctx.stdin), status: 0 };
  }
  let text = '';
  let status = 0;
  for (const f of files) {
    const t = readFile(ctx, f);
    if (t === undefined) status = fail(ctx, `${tool}: ${f}: No such file or directory`, 2);
    else text += t;
  }
  return { text, status };
}

/** Translate a POSIX basic regular expression to JavaScript (grep's default syntax). */
export function breToJs(bre: string): string {
  let out = '';
  for (let i = 0; i < bre.length; i++) {
    const c = bre[i];
    if (c === '\\' && i + 1 < bre.length) {
      const n = bre[++i];
      out += '+?|(){}'.includes(n) ? n : `\\${n}`;
    } else if ('+?|(){}'.includes(c)) {
      out += `\\${c}`;
    } else {
      out += c;
    }
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export const grepCommand: Command = {
  name: 'grep',
  help: {
    summary: 'print lines that match a pattern',
    usage: ['grep [OPTION]... PATTERN [FILE]...'],
    options: [
      ['-v', 'select non-matching lines'],
      ['-i', 'ignore case'],
      ['-c', 'print only a count of matching lines'],
      ['-n', 'prefix each line with its line number'],
      ['-w', 'match whole words only'],
      ['-o', 'print only the matched parts'],
      ['-q', 'quiet: exit status only'],
      ['-E', 'extended regular expressions'],
      ['-F', 'fixed strings'],
      ['-e PATTERN', 'use PATTERN (may be repeated)'],
    ],
  },
  run(argv, ctx): ProcBody | number {
    const flags = new Set<string>();
    const patterns: string[] = [];
    const files: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '-e') {
        const p = argv[++i];
        if (p === undefined)
          return fail(
            ctx,
            "grep: option requires an argument -- 'e'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.",
            2,
          );
        patterns.push(p);
      } else if (/^-[vicnwoqEFHh]+$/.test(a)) {
        for (const f of a.slice(1)) flags.add(f);
      } else if (a.startsWith('-') && a !== '-') {
        return fail(
          ctx,
          `grep: invalid option -- '${a.slice(1, 2)}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.`,
          2,
        );
      } else if (patterns.length === 0 && !argv.slice(0, i).includes('-e')) {
        patterns.push(a);
      } else {
        files.push(a);
      }
    }
    if (patterns.length === 0) {
      return fail(
        ctx,
        "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.",
        2,
      );
    }
    let re: RegExp;
    try {
      const sources = patterns.map((p) =>
        flags.has('F') ? escapeRegExp(p) : flags.has('E') ? p : breToJs(p),
      );
      let source = sources.map((s) => `(?:${s})`).join('|');
      if (flags.has('w')) source = `(?<![\\w])(?:${source})(?![\\w])`;
      re = new RegExp(source, flags.has('i') ? 'gi' : 'g');
    } catch {
      return fail(ctx, 'grep: Invalid regular expression', 2);
    }
    return (function* (): ProcBody {
      let count = 0;
      let lineNo = 0;
      let status = 0;
      const onLine = (line: string) => {
        lineNo++;
        re.lastIndex = 0;
        const hit = re.test(line) !== flags.has('v');
        if (!hit) return;
        count++;
        if (flags.has('q') || flags.has('c')) return;
        const prefix = flags.has('n') ? `${lineNo}:` : '';
        if (flags.has('o') && !flags.has('v')) {
          re.lastIndex = 0;
          for (const m of line.matchAll(re))
            if (m[0] !== '') ctx.stdout.write(`${prefix}${m[0]}\n`);
        } else {
          ctx.stdout.write(`${prefix}${line}\n`);
        }
      };
      if (files.length === 0) yield* readLines(ctx.stdin, onLine);
      else {
        const r = yield* inputs(ctx, files, 'grep');
        status = r.status;
        for (const l of splitLines(r.text)) onLine(l);
      }
      if (flags.has('c')) ctx.stdout.write(`${count}\n`);
      return status === 2 ? 2 : count > 0 ? 0 : 1;
    })();
  },
};

export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** `-n N`, `-nN`, `-N` and `--lines=N` for head and tail; returns [count, fromStart (+N)]. */
function lineCount(
  argv: string[],
  tool: string,
  ctx: CommandContext,
): { n: number; plus: boolean; files: string[] } | number {
  let n = 10;
  let plus = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let v: string | undefined;
    if (a === '-n') v = argv[++i];
    else if (a.startsWith('-n')) v = a.slice(2);
    else if (a.startsWith('--lines=')) v = a.slice(8);
    else if (/^-\d+$/.test(a)) v = a.slice(1);
    else if (a.startsWith('-') && a !== '-') {
      return fail(
        ctx,
        `${tool}: invalid option -- '${a.slice(1, 2)}'\nTry '${tool} --help' for more information.`,
        1,
      );
    } else {
      files.push(a);
      continue;
    }
    if (v === undefined || !/^[+-]?\d+$/.test(v)) {
      return fail(ctx, `${tool}: invalid number of lines: ‘${v ?? ''}’`, 1);
    }
    plus = v.startsWith('+');
    n = Math.abs(Number(v));
  }
  return { n, plus, files };
}

export const headCommand: Command = {
  name: 'head',
  help: { summary: 'print the first lines of the input', usage: ['head [-n N] [FILE]...'] },
  run(argv, ctx): ProcBody | number {
    const c = lineCount(argv, 'head', ctx);
    if (typeof c === 'number') return c;
    return (function* (): ProcBody {
      let seen = 0;
      if (c.files.length === 0) {
        if (c.n === 0) return 0;
        yield* readLines(ctx.stdin, (line) => {
          ctx.stdout.write(`${line}\n`);
          return ++seen < c.n;
        });
        return 0;
      }
      const r = yield* inputs(ctx, c.files, 'head');
      for (const l of splitLines(r.text).slice(0, c.n)) ctx.stdout.write(`${l}\n`);
      return r.status === 0 ? 0 : 1;
    })();
  },
};

export const tailCommand: Command = {
  name: 'tail',
  help: { summary: 'print the last lines of the input', usage: ['tail [-n [+]N] [FILE]...'] },
  run(argv, ctx): ProcBody | number {
    const c = lineCount(argv, 'tail', ctx);
    if (typeof c === 'number') return c;
    return (function* (): ProcBody {
      const r = yield* inputs(ctx, c.files, 'tail');
      const lines = splitLines(r.text);
      const picked = c.plus
        ? lines.slice(Math.max(0, c.n - 1))
        : c.n === 0
          ? []
          : lines.slice(-c.n);
      ctx.stdout.write(picked.map((l) => `${l}\n`).join(''));
      return r.status === 0 ? 0 : 1;
    })();
  },
};

export const wcCommand: Command = {
  name: 'wc',
  help: {
    summary: 'count lines, words and bytes',
    usage: ['wc [-lwc] [FILE]...'],
    options: [
      ['-l', 'lines'],
      ['-w', 'words'],
      ['-c', 'bytes'],
    ],
  },
  run(argv, ctx): ProcBody | number {
    const want = new Set<string>();
    const files: string[] = [];
    for (const a of argv) {
      if (/^-[lwcm]+$/.test(a)) for (const f of a.slice(1)) want.add(f === 'm' ? 'c' : f);
      else if (a.startsWith('-') && a !== '-') {
        return fail(
          ctx,
          `wc: invalid option -- '${a.slice(1, 2)}'\nTry 'wc --help' for more information.`,
          1,
        );
      } else files.push(a);
    }
    if (want.size === 0) for (const f of 'lwc') want.add(f);
    return (function* (): ProcBody {
      const r = yield* inputs(ctx, files, 'wc');
      const t = r.text;
      const counts: number[] = [];
      if (want.has('l')) counts.push((t.match(/\n/g) ?? []).length);
      if (want.has('w')) counts.push(t.split(/\s+/).filter(Boolean).length);
      if (want.has('c')) counts.push(utf8Length(t));
      // GNU wc pads to width 7 when it prints more than one number for standard input.
      const width = counts.length > 1 ? 7 : 1;
      const name = files.length > 0 ? ` ${files.join(' ')}` : '';
      ctx.stdout.write(`${counts.map((n) => String(n).padStart(width)).join(' ')}${name}\n`);
      return r.status === 0 ? 0 : 1;
    })();
  },
};

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
