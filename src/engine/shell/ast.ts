/**
 * The shell's syntax tree: Input → lexer → parser → AST → expander → executor → output.
 * Node shapes follow bash's grammar (simple command, pipeline, and-or list, list) so the
 * subset we support can grow without reshaping.
 */

/** A half-open range of character offsets in the input line, for error messages. */
export interface Span {
  start: number;
  end: number;
}

/** A piece of a word: literal text, or a `$NAME` / `${NAME}` / `$?` expansion. */
export type WordPart =
  | { kind: 'text'; text: string; quoted: boolean }
  | { kind: 'param'; name: string; quoted: boolean };

export interface Word {
  parts: WordPart[];
  span: Span;
}

export interface Assignment {
  name: string;
  value: Word;
}

export type RedirectOp = '>' | '>>' | '<' | '>&' | '&>' | '&>>';

/** `[N]>FILE`, `[N]>>FILE`, `[N]<FILE`, `[N]>&M`, `&>FILE`, `&>>FILE`, applied left to right. */
export interface Redirect {
  /** The descriptor written before the operator (`2>`), if any. */
  fd: number | undefined;
  op: RedirectOp;
  target: Word;
}

export interface SimpleCommandNode {
  type: 'SimpleCommand';
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
  span: Span;
}

/** `for NAME [in WORDS]; do LIST; done` (without `in`, the loop runs over no words here). */
export interface ForNode {
  type: 'For';
  name: string;
  words: Word[];
  body: AndOrNode[];
}

export interface PipelineNode {
  type: 'Pipeline';
  negated: boolean;
  commands: (SimpleCommandNode | ForNode)[];
}

export type AndOrOp = '&&' | '||';

export interface AndOrNode {
  type: 'AndOr';
  first: PipelineNode;
  rest: { op: AndOrOp; pipeline: PipelineNode }[];
  /** Ended by `&`: runs as a background job while the shell goes on (its text, for `Done`). */
  background?: string;
}

export interface ScriptNode {
  type: 'Script';
  items: AndOrNode[];
}
