/**
 * Turns tokens into the AST: list := and_or ((';' | newline) and_or)* ; and_or := pipeline
 * (('&&'|'||') pipeline)* ; pipeline := ['!'] command ('|' command)* ; command := for_loop |
 * assignment* (word | redirect)*, a redirect being [N]OP word; for_loop := 'for' NAME ['in'
 * word*] (';' | newline) 'do' list 'done'.
 * Syntax errors use bash's wording: `syntax error near unexpected token `X'`.
 */
import type {
  AndOrNode,
  AndOrOp,
  Assignment,
  ForNode,
  PipelineNode,
  Redirect,
  RedirectOp,
  ScriptNode,
  SimpleCommandNode,
  Word,
} from './ast';
import { isPlainWord, lex, type Token } from './lexer';

/** A failure carries bash's exit status for it when that is not 2 (a syntax error's). */
export type ParseResult =
  | { ok: true; script: ScriptNode }
  | { ok: false; error: string; status?: number };

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;
const REDIRECT_OPS: ReadonlySet<string> = new Set<RedirectOp>(['>', '>>', '<', '>&', '&>', '&>>']);

export function parse(input: string): ParseResult {
  const lexed = lex(input);
  if (!lexed.ok) return lexed;
  return new Parser(lexed.tokens, input).script();
}

/** Loops nested deeper than this are refused (each level is a generator frame when it runs). */
export const MAX_NESTING = 64;

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly tokens: Token[];
  private readonly input: string;

  constructor(tokens: Token[], input: string) {
    this.tokens = tokens;
    this.input = input;
  }

  private startOf(tok: Token): number {
    return tok.kind === 'word' ? tok.word.span.start : tok.span.start;
  }

  script(): ParseResult {
    const items = this.list(() => false);
    if ('error' in items) return { ok: false, ...items };
    const left = this.tokens[this.pos];
    if (left) return this.unexpected(left);
    return { ok: true, script: { type: 'Script', items } };
  }

  /**
   * And-or lists separated by `;` or newlines, up to the end of the tokens or until `stop` says
   * the current token ends the list (`done` for a loop's body).
   */
  private list(stop: () => boolean): AndOrNode[] | { error: string; status?: number } {
    const items: AndOrNode[] = [];
    for (;;) {
      this.skipNewlines();
      const tok = this.tokens[this.pos];
      if (tok === undefined || stop()) return items;
      if (tok.kind === 'op' && tok.op === ';') return { error: unexpectedText(tok) };
      const from = this.startOf(tok);
      const andOr = this.andOr();
      if ('error' in andOr) return andOr;
      items.push(andOr);
      const sep = this.tokens[this.pos];
      if (sep === undefined) return items;
      if (sep.kind === 'op' && (sep.op === ';' || sep.op === '\n')) {
        this.pos++;
        const after = this.tokens[this.pos];
        if (sep.op === ';' && after?.kind === 'op' && after.op === ';')
          return { error: unexpectedText(after) };
        continue;
      }
      if (sep.kind === 'op' && sep.op === '&') {
        andOr.background = this.input.slice(from, sep.span.start).trimEnd();
        this.pos++;
        const after = this.tokens[this.pos];
        if (after?.kind === 'op' && (after.op === ';' || after.op === '&'))
          return { error: unexpectedText(after) };
        continue;
      }
      return { error: unexpectedText(sep) };
    }
  }

  private skipNewlines(): void {
    while (this.isOp('\n')) this.pos++;
  }

  private isOp(op: string): boolean {
    const tok = this.tokens[this.pos];
    return tok?.kind === 'op' && tok.op === op;
  }

  /** The current token is the unquoted word `text` (a reserved word where one may stand). */
  private isWord(text: string): boolean {
    const tok = this.tokens[this.pos];
    return tok?.kind === 'word' && isPlainWord(tok.word) && textOf(tok.word) === text;
  }

  /** `for NAME [in WORD…] ; do LIST ; done` (newlines may stand for the `;`s). */
  private forLoop(): ForNode | { error: string; status?: number } {
    if (this.depth >= MAX_NESTING)
      return { error: `for loops nested more than ${MAX_NESTING} deep are not supported in cnlab` };
    this.depth++;
    try {
      return this.forBody();
    } finally {
      this.depth--;
    }
  }

  private forBody(): ForNode | { error: string; status?: number } {
    const eof = { error: 'syntax error: unexpected end of file' };
    this.pos++;
    const nameTok = this.tokens[this.pos];
    if (nameTok === undefined) return eof;
    if (nameTok.kind !== 'word') return { error: unexpectedText(nameTok) };
    const name = textOf(nameTok.word);
    if (!isPlainWord(nameTok.word) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      return { error: `\`${name}': not a valid identifier`, status: 1 };
    this.pos++;
    this.skipNewlines();
    const words: Word[] = [];
    if (this.isWord('in')) {
      this.pos++;
      for (let t = this.tokens[this.pos]; t?.kind === 'word'; t = this.tokens[this.pos]) {
        words.push(t.word);
        this.pos++;
      }
      const end = this.tokens[this.pos];
      if (end === undefined) return eof;
      if (end.kind === 'op' && (end.op === ';' || end.op === '\n')) this.pos++;
      else return { error: unexpectedText(end) };
    } else if (this.isOp(';')) this.pos++;
    this.skipNewlines();
    const doTok = this.tokens[this.pos];
    if (doTok === undefined) return eof;
    if (!this.isWord('do')) return { error: unexpectedText(doTok) };
    this.pos++;
    const body = this.list(() => this.isWord('done'));
    if ('error' in body) return body;
    if (!this.isWord('done')) return eof;
    if (body.length === 0) return { error: "syntax error near unexpected token `done'" };
    this.pos++;
    return { type: 'For', name, words, body };
  }

  private andOr(): AndOrNode | { error: string; status?: number } {
    const first = this.pipeline();
    if ('error' in first) return first;
    const rest: AndOrNode['rest'] = [];
    for (;;) {
      const tok = this.tokens[this.pos];
      if (tok?.kind !== 'op' || (tok.op !== '&&' && tok.op !== '||')) break;
      this.pos++;
      const pipeline = this.pipeline();
      if ('error' in pipeline) return pipeline;
      rest.push({ op: tok.op as AndOrOp, pipeline });
    }
    return { type: 'AndOr', first, rest };
  }

  private pipeline(): PipelineNode | { error: string; status?: number } {
    let negated = false;
    const bang = this.tokens[this.pos];
    if (bang?.kind === 'word' && isPlainWord(bang.word) && textOf(bang.word) === '!') {
      negated = true;
      this.pos++;
    }
    const commands: (SimpleCommandNode | ForNode)[] = [];
    for (;;) {
      const cmd = this.isWord('for') ? this.forLoop() : this.command();
      if ('error' in cmd) return cmd;
      commands.push(cmd);
      const tok = this.tokens[this.pos];
      if (tok?.kind !== 'op' || tok.op !== '|') break;
      this.pos++;
    }
    return { type: 'Pipeline', negated, commands };
  }

  private command(): SimpleCommandNode | { error: string } {
    if (this.isWord('do') || this.isWord('done'))
      return { error: unexpectedText(this.tokens[this.pos]) };
    const assignments: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    const startTok = this.tokens[this.pos];
    let end = 0;
    while (this.pos < this.tokens.length) {
      const tok = this.tokens[this.pos];
      if (tok.kind === 'op') {
        if (!REDIRECT_OPS.has(tok.op)) break;
        // `2>`: digits written right against the operator name the descriptor.
        const prev = this.tokens[this.pos - 1];
        const last = words[words.length - 1];
        let fd: number | undefined;
        if (
          prev?.kind === 'word' &&
          prev.word === last &&
          last.span.end === tok.span.start &&
          isPlainWord(last) &&
          /^\d+$/.test(textOf(last)) &&
          tok.op !== '&>' &&
          tok.op !== '&>>'
        ) {
          fd = Number(textOf(last));
          words.pop();
        }
        const target = this.tokens[this.pos + 1];
        if (target?.kind !== 'word') {
          return {
            error: target ? unexpectedText(target) : "syntax error near unexpected token `newline'",
          };
        }
        redirects.push({ fd, op: tok.op as RedirectOp, target: target.word });
        end = target.word.span.end;
        this.pos += 2;
        continue;
      }
      const m = words.length === 0 ? assignmentName(tok.word) : undefined;
      if (m !== undefined) assignments.push({ name: m, value: stripName(tok.word, m) });
      else words.push(tok.word);
      end = Math.max(end, tok.word.span.end);
      this.pos++;
    }
    if (assignments.length === 0 && words.length === 0 && redirects.length === 0) {
      const tok = this.tokens[this.pos];
      return { error: unexpectedText(tok) };
    }
    const first = startTok.kind === 'word' ? startTok.word.span.start : startTok.span.start;
    return {
      type: 'SimpleCommand',
      assignments,
      words,
      redirects,
      span: { start: first, end },
    };
  }

  private unexpected(tok: Token): ParseResult {
    return { ok: false, error: unexpectedText(tok) };
  }
}

function unexpectedText(tok: Token | undefined): string {
  if (tok === undefined) return 'syntax error: unexpected end of file';
  const text = tok.kind === 'op' ? (tok.op === '\n' ? 'newline' : tok.op) : textOf(tok.word);
  return `syntax error near unexpected token \`${text}'`;
}

function textOf(word: Word): string {
  return word.parts.map((p) => (p.kind === 'text' ? p.text : `$${p.name}`)).join('');
}

/** `NAME=...` where the `NAME=` prefix is unquoted literal text. */
function assignmentName(word: Word): string | undefined {
  const first = word.parts[0];
  if (first?.kind !== 'text' || first.quoted) return undefined;
  return ASSIGNMENT.exec(first.text)?.[1];
}

function stripName(word: Word, name: string): Word {
  const [first, ...rest] = word.parts;
  const remainder = (first as { text: string }).text.slice(name.length + 1);
  const parts = remainder === '' ? rest : [{ ...first, text: remainder } as typeof first, ...rest];
  return { parts, span: word.span };
}
