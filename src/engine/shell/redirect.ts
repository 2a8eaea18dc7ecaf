/**
 * A simple command's redirections, applied left to right as bash does: `>`, `>>`, `<`, `>&N`,
 * `N>&M`, `&>` and `&>>`. Output can go to /dev/null or to a file of the machine (`>` empties it
 * first, `>>` appends; /proc and /sys are not written this way); input can come from any file
 * `cat` can read.
 */
import type { Redirect } from './ast';
import type { CommandContext } from './command';
import { expandToString, type Lookup } from './expand';
import { absolutePath, readFile } from './files';
import { EMPTY_INPUT, type InStream, type OutStream } from './process';

export interface Stdio {
  stdin: InStream;
  stdout: OutStream;
  stderr: OutStream;
}

const DEV_NULL: OutStream = { write: () => {} };

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
  const writeTo = (target: string, append: boolean): OutStream | { error: string } => {
    if (target === '/dev/null') return DEV_NULL;
    const files = where.machine?.files;
    if (!files || /^\/(proc|sys)(\/|$)/.test(target) || target.endsWith('/')) {
      return { error: `${target}: Permission denied` };
    }
    const path = absolutePath(target);
    if (!append) files.set(path, '');
    else if (!files.has(path)) files.set(path, '');
    return { write: (text: string) => files.set(path, (files.get(path) ?? '') + text) };
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
  return { stdin, stdout: out.get(1) ?? DEV_NULL, stderr: out.get(2) ?? DEV_NULL };
}
