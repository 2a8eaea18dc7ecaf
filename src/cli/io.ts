/**
 * The CLI's contact with the outside: standard streams and files. Commands take a `CliIo`, so
 * tests run them in memory; `nodeIo` is the real one.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** An open output file that lines are appended to as they come. */
export interface LineSink {
  write(text: string): void;
  close(): void;
}

export interface CliIo {
  stdout(data: string): void;
  stderr(data: string): void;
  /** Read a text file ("-" = standard input); throws a Node `ErrnoException` on failure. */
  readText(file: string): string;
  /** True when `path` exists (a file or a directory). */
  exists(path: string): boolean;
  /** Create `dir` (and its parents) and write `bytes` to `dir/name`. */
  writeFile(dir: string, name: string, bytes: Uint8Array): void;
  /** Create (truncate) `file` for writing. */
  openSink(file: string): LineSink;
}

export const nodeIo: CliIo = {
  stdout: (data) => {
    process.stdout.write(data);
  },
  stderr: (data) => {
    process.stderr.write(data);
  },
  readText: (file) => readFileSync(file === '-' ? 0 : file, 'utf8'),
  exists: (path) => existsSync(path),
  writeFile: (dir, name, bytes) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), bytes);
  },
  openSink: (file) => {
    const fd = openSync(file, 'w');
    return {
      write: (text) => {
        writeSync(fd, text);
      },
      close: () => closeSync(fd),
    };
  },
};

/** What a failed file operation says, in the words of coreutils (`No such file or directory`). */
export function fileError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EISDIR':
      return 'Is a directory';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EEXIST':
      return 'File exists';
    default:
      return err.message ?? String(e);
  }
}
