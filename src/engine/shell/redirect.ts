/**
 * A simple command's redirections, applied left to right as bash does: `>`, `>>`, `<`, `>&N`,
 * `N>&M`, `&>` and `&>>`. Output goes to /dev/null or to a machine file (kernel/vfs.ts: `>`
 * truncates when it opens, as open(O_TRUNC) does, even if the command then fails; the directory
 * must exist); /proc and /sys are not written this way. Input can come from any file `cat` can
 * read.
 */
import { pathNormalize, vfsStrerror, vfsWrite } from '../kernel/vfs';
import type { Redirect } from './ast';
import type { CommandContext } from './command';
import { expandToString, type Lookup } from './expand';
import { readFile } from './files';
import { EMPTY_INPUT, type InStream, type OutStream, Pipe } from './process';

export interface Stdio {
  stdin: InStream;
  stdout: OutStream;
  stderr: OutStream;
  /** True when a redirection opened a machine file for writing (the line changed the lab). */
  wroteFile?: boolean;
}

const DEV_NULL: OutStream = { write: () => {} };

/** Output streams that are files (or /dev/null), never a terminal. */
const fileStreams = new WeakSet<OutStream>([DEV_NULL]);

/** isatty(1) for a command's output: neither a pipe nor a redirection to a file. */
export function streamIsTerminal(s: OutStream): boolean {
  return !(s instanceof Pipe) && !fileStreams.has(s);
}

/** Input that holds `text` and then ends. */
function textInput(text: string): InStream {
  let left: string | null = text;
  return {
    read: () => {
      const out = left;
      left = null;
      return out;
    },
    attach: () => {},
  };
}

/** `stdio` after `redirects`, or the message bash-style for the first one that fails. */
export function applyRedirects(
  redirects: readonly Redirect[],
  stdio: Stdio,
  lookup: Lookup,
  where: Pick<CommandContext, 'machine' | 'netns'>,
): Stdio | { error: string } {
  if (redirects.length === 0) return stdio;
  let { stdin } = stdio;
  const out = new Map<number, OutStream>([
    [1, stdio.stdout],
    [2, stdio.stderr],
  ]);
  let wroteFile = false;
  const writeTo = (target: string, append: boolean): OutStream | { error: string } => {
    if (target === '/dev/null') return DEV_NULL;
    const machine = where.machine;
    const path = pathNormalize(target);
    // /proc and /sys are the kernel's: not written this way here (sysctl -w does /proc/sys).
    if (!machine || /^\/(proc|sys)(\/|$)/.test(path))
      return { error: `${target}: Permission denied` };
    const err = vfsWrite(machine, path, '', append);
    if (err) return { error: `${target}: ${vfsStrerror(err)}` };
    wroteFile = true;
    const stream: OutStream = { write: (text) => vfsWrite(machine, path, text, true) };
    fileStreams.add(stream);
    return stream;
  };
  for (const r of redirects) {
    const target = expandToString(r.target, lookup);
    if (r.op === '<') {
      if ((r.fd ?? 0) !== 0) continue;
      if (target === '/dev/null') {
        stdin = EMPTY_INPUT;
        continue;
      }
      const text = readFile(where, target);
      if (text === undefined) return { error: `${target}: No such file or directory` };
      stdin = textInput(text);
      continue;
    }
    if (r.op === '>&' && /^\d+$/.test(target)) {
      const to = out.get(Number(target));
      if (to === undefined) return { error: `${target}: Bad file descriptor` };
      out.set(r.fd ?? 1, to);
      continue;
    }
    const sink = writeTo(target, r.op === '>>' || r.op === '&>>');
    if ('error' in sink) return sink;
    if (r.op === '&>' || r.op === '&>>' || (r.op === '>&' && r.fd === undefined)) {
      out.set(1, sink);
      out.set(2, sink);
    } else out.set(r.fd ?? 1, sink);
  }
  return { stdin, stdout: out.get(1) ?? DEV_NULL, stderr: out.get(2) ?? DEV_NULL, wroteFile };
}
