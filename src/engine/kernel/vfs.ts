/**
 * The machine's files as paths: the lab keeps regular files in `machine.files` (path → text) and
 * derives directories from them, plus the directories every Debian host has and those created
 * with `mkdir`. Enough for `ls`, `cat`, `>`/`>>` redirections and the files daemons and CNI
 * plugins write; not modelled: permissions other than "executable", owners, times, links
 * (/var/run is treated as /run, as the symlink makes it on Debian).
 *
 * Errors are errno names, as the syscalls return them (ENOENT, EISDIR, ENOTDIR).
 */
import type { Machine } from './machine';

/**
 * Directories of a fresh Debian host that the lab's paths go through, with those of the
 * software every lab machine has installed (bird2: /etc/bird, /run/bird).
 */
const BASE_DIRS = [
  '/',
  '/dev',
  '/etc',
  '/etc/bird',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/run/bird',
  '/run/netns',
  '/tmp',
  '/usr',
  '/usr/bin',
  '/usr/lib',
  '/usr/local',
  '/usr/local/bin',
  '/var',
  '/var/lib',
  '/var/log',
];

/** ELF magic: what an executable file's text starts with in the lab (`ls` colours none). */
export const ELF_MAGIC = '\x7fELF';

/** What a UNIX socket's path holds in the lab (a daemon's control socket, such as BIRD's). */
export const SOCKET_MAGIC = '\0socket';

export type VfsError = 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EEXIST';

/**
 * `path` made absolute (relative to root's home, the shell's only working directory) with `.`,
 * `..`, repeated and trailing slashes resolved lexically, as Go's filepath.Abs does.
 */
export function pathClean(path: string, cwd = '/root'): string {
  const parts: string[] = [];
  for (const p of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

/** The path the lab stores a file under: pathClean, and /var/run → /run (Debian's symlink). */
export function pathNormalize(path: string, cwd = '/root'): string {
  const abs = pathClean(path, cwd);
  return abs === '/var/run' || abs.startsWith('/var/run/') ? abs.slice(4) : abs;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Every directory of `machine`: the base ones, those made with mkdir, and files' parents. */
function directories(machine: Machine): Set<string> {
  const dirs = new Set<string>([...BASE_DIRS, ...machine.dirs]);
  for (const f of machine.files.keys()) {
    for (let d = parentOf(f); !dirs.has(d); d = parentOf(d)) dirs.add(d);
  }
  return dirs;
}

export function vfsIsDir(machine: Machine, path: string): boolean {
  return directories(machine).has(pathNormalize(path));
}

export function vfsExists(machine: Machine, path: string): boolean {
  const p = pathNormalize(path);
  return machine.files.has(p) || directories(machine).has(p) || netnsFile(machine, p);
}

/** /run/netns/NAME: the bind mount `ip netns add` makes (a file, empty to read). */
function netnsFile(machine: Machine, path: string): boolean {
  return path.startsWith('/run/netns/') && machine.named.has(path.slice('/run/netns/'.length));
}

export function vfsIsExecutable(machine: Machine, path: string): boolean {
  return machine.files.get(pathNormalize(path))?.startsWith(ELF_MAGIC) ?? false;
}

/** A directory's entries, sorted as `ls` sorts them in the C locale. */
export function vfsList(machine: Machine, path: string): string[] | VfsError {
  const dir = pathNormalize(path);
  const dirs = directories(machine);
  if (!dirs.has(dir)) return machine.files.has(dir) ? 'ENOTDIR' : 'ENOENT';
  const prefix = dir === '/' ? '/' : `${dir}/`;
  const names = new Set<string>();
  const add = (p: string) => {
    if (p.startsWith(prefix) && p.length > prefix.length && !p.slice(prefix.length).includes('/'))
      names.add(p.slice(prefix.length));
  };
  for (const f of machine.files.keys()) add(f);
  for (const d of dirs) add(d);
  if (dir === '/run/netns') for (const n of machine.named.keys()) names.add(n);
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Write (truncate or append) a regular file whose directory exists. */
export function vfsWrite(
  machine: Machine,
  path: string,
  text: string,
  append = false,
): VfsError | undefined {
  const p = pathNormalize(path);
  const dirs = directories(machine);
  if (dirs.has(p)) return 'EISDIR';
  const parent = parentOf(p);
  if (!dirs.has(parent)) return machine.files.has(parent) ? 'ENOTDIR' : 'ENOENT';
  machine.files.set(p, append ? (machine.files.get(p) ?? '') + text : text);
  return undefined;
}

/** `mkdir -p`: the directory and its missing parents; EEXIST when a file is in the way. */
export function vfsMkdirAll(machine: Machine, path: string): VfsError | undefined {
  const p = pathNormalize(path);
  for (let d = p; d !== '/'; d = parentOf(d)) if (machine.files.has(d)) return 'EEXIST';
  for (let d = p; d !== '/'; d = parentOf(d)) machine.dirs.add(d);
  return undefined;
}

/** Remove a regular file. */
export function vfsUnlink(machine: Machine, path: string): VfsError | undefined {
  const p = pathNormalize(path);
  if (machine.files.delete(p)) return undefined;
  return directories(machine).has(p) ? 'EISDIR' : 'ENOENT';
}

/** The strerror text of `e`, as coreutils and bash print it. */
export function vfsStrerror(e: VfsError): string {
  switch (e) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EISDIR':
      return 'Is a directory';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'EEXIST':
      return 'File exists';
  }
}
