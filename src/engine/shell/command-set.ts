/**
 * A command table whose commands may be loaded on demand (the browser's worker keeps the big,
 * rarely used ones — docker, etcd, tcpdump, … — out of its first download).
 *
 * Command execution is synchronous on the virtual clock, so loading happens before a line runs,
 * never while it runs: `namesIn(line)` reads every word the line could run as a command (all
 * literal words, so `ip netns exec ns ping` counts `ping`; any `$` expansion may produce any
 * name, so it counts as every command), `missingFor` says which of those are not loaded yet, and
 * the Lab refuses to start a line while one is missing (`CommandsNotLoaded`, thrown before
 * anything happened). The async facades load what is missing and then run the line, so a loaded
 * and a not-yet-loaded command give byte-identical results.
 */
import type { Command } from './command';
import { lex } from './lexer';

/** A command of the table that is fetched the first time a line may run it. */
export interface LazyCommand {
  name: string;
  load(): Promise<Command>;
}

/** An entry of a command table, in the order `help` and completion see it. */
export type CatalogEntry = Command | LazyCommand;

/** Every command of the table may be needed (an expansion, or a command that runs others). */
export const ANY_COMMAND = '*';

/** Thrown (before anything ran) when a line may run a command that is not loaded yet. */
export class CommandsNotLoaded extends Error {
  readonly names: readonly string[];
  /** Loads them; then the refused call can be made again. */
  readonly load: () => Promise<void>;

  constructor(names: readonly string[], load: () => Promise<void>) {
    super(`commands not loaded yet: ${names.join(', ')}`);
    this.names = names;
    this.load = load;
  }
}

function isLazy(entry: CatalogEntry): entry is LazyCommand {
  return !('run' in entry);
}

function basename(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash >= 0 ? word.slice(slash + 1) : word;
}

/**
 * The names a line may run as commands: every literal word (and its last path component), or
 * `ANY_COMMAND` when a word holds an expansion. A line that does not lex runs nothing.
 */
export function namesIn(line: string): Set<string> {
  const names = new Set<string>();
  const lexed = lex(line);
  if (!lexed.ok) return names;
  for (const token of lexed.tokens) {
    if (token.kind !== 'word') continue;
    let text = '';
    for (const part of token.word.parts) {
      if (part.kind !== 'text') return new Set([ANY_COMMAND]);
      text += part.text;
    }
    for (const piece of text.split(/[ \t\n]+/)) {
      if (piece === '') continue;
      names.add(piece);
      names.add(basename(piece));
    }
  }
  return names;
}

/**
 * Tab completion reads an unfinished line as plain words (it runs nothing and expands nothing);
 * quotes and operators only separate them.
 */
export function namesInPartialLine(line: string): Set<string> {
  const names = new Set<string>();
  for (const piece of line.split(/[\s;|&<>()'"]+/)) {
    if (piece === '') continue;
    names.add(piece);
    names.add(basename(piece));
  }
  return names;
}

export class CommandSet {
  /** The loaded commands in catalog order (what the shell looks up and `help` lists). */
  private current = new Map<string, Command>();
  private readonly entries: CatalogEntry[];
  private readonly lazy = new Map<string, LazyCommand>();
  private readonly pending = new Map<string, Promise<void>>();
  /** Names whose mention means every command may run (`help` lists them all, `docker` runs any). */
  private readonly widening: ReadonlySet<string>;

  /** A table with everything loaded. */
  static eager(commands: readonly Command[]): CommandSet {
    return new CommandSet(commands);
  }

  constructor(entries: readonly CatalogEntry[], widening: Iterable<string> = []) {
    this.entries = [...entries];
    this.widening = new Set(widening);
    const seen = new Set<string>();
    for (const e of entries) {
      if (seen.has(e.name)) throw new Error(`command ${e.name} is in the table twice`);
      seen.add(e.name);
      if (isLazy(e)) this.lazy.set(e.name, e);
    }
    this.rebuild();
  }

  /** The loaded commands by name, in catalog order. */
  get table(): ReadonlyMap<string, Command> {
    return this.current;
  }

  /** Every command name of the table, loaded or not, in catalog order. */
  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /** True when every command of the table is loaded. */
  complete(): boolean {
    return this.lazy.size === 0;
  }

  /** True for a command of the table that is not loaded yet. */
  isUnloaded(name: string): boolean {
    return this.lazy.has(name);
  }

  /** The unloaded commands a set of names (from `namesIn`) may run. */
  missing(names: ReadonlySet<string>): string[] {
    if (this.lazy.size === 0) return [];
    let all = names.has(ANY_COMMAND);
    if (!all) for (const n of this.widening) if (names.has(n)) all = true;
    if (all) return [...this.lazy.keys()];
    return [...this.lazy.keys()].filter((n) => names.has(n));
  }

  /** The unloaded commands a shell line may run. */
  missingFor(line: string): string[] {
    return this.lazy.size === 0 ? [] : this.missing(namesIn(line));
  }

  /** Load the named commands (each module once; concurrent calls share the fetch). */
  async load(names: Iterable<string>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const name of names) {
      const entry = this.lazy.get(name);
      if (!entry) continue;
      let p = this.pending.get(name);
      if (!p) {
        p = entry.load().then((command) => {
          if (command.name !== name) {
            throw new Error(`lazy command ${name} loaded as ${command.name}`);
          }
          this.provide(command);
        });
        p.catch(() => this.pending.delete(name));
        this.pending.set(name, p);
      }
      waits.push(p);
    }
    await Promise.all(waits);
  }

  /** Load whatever a line may run. */
  loadFor(line: string): Promise<void> {
    return this.load(this.missingFor(line));
  }

  /** Load every command of the table. */
  loadAll(): Promise<void> {
    return this.load([...this.lazy.keys()]);
  }

  private provide(command: Command): void {
    if (!this.lazy.delete(command.name)) return;
    const at = this.entries.findIndex((e) => e.name === command.name);
    this.entries[at] = command;
    this.rebuild();
  }

  private rebuild(): void {
    const table = new Map<string, Command>();
    for (const e of this.entries) if (!isLazy(e)) table.set(e.name, e);
    this.current = table;
  }
}
