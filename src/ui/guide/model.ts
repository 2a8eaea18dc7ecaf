/**
 * Guided walkthroughs: pure data and pure logic, no React. A walkthrough belongs to one built-in
 * scenario and is an ordered list of steps; a step explains one thing (in English and Simplified
 * Chinese), names the claims of the source material it demonstrates (C01…C21), may offer one
 * command to type into a terminal, and may carry a check the UI evaluates to tick the step off.
 */

/** The numbered claims of the source material (seed/container-networking.en.md). */
export type ClaimId =
  | 'C01'
  | 'C02'
  | 'C03'
  | 'C04'
  | 'C05'
  | 'C06'
  | 'C07'
  | 'C08'
  | 'C09'
  | 'C10'
  | 'C11'
  | 'C12'
  | 'C13'
  | 'C14'
  | 'C15'
  | 'C16'
  | 'C17'
  | 'C18'
  | 'C19'
  | 'C20'
  | 'C21';

/** Text in both UI languages. */
export interface Bilingual {
  readonly en: string;
  readonly 'zh-CN': string;
}

/** Where a step's command runs: a machine's root netns, one of its named netns, or a container. */
export interface GuideTarget {
  readonly machine: string;
  /** A named network namespace (`ip netns`), e.g. a pod of calico-static. */
  readonly netns?: string;
  /** A Docker container on `machine`: the line runs as `docker exec NAME …`. */
  readonly container?: string;
}

/**
 * What ticks a step off. `output` checks read what the step's terminal printed since the step
 * began; `trace` checks read the packet trace recorded since then.
 */
export type GuideCheck =
  /** Every `includes` string appears in the output and no `excludes` string does. */
  | {
      readonly kind: 'output';
      readonly includes: readonly string[];
      readonly excludes?: readonly string[];
    }
  /** A ping's summary line reports at least one reply. */
  | { readonly kind: 'pingReplies' }
  /** A ping's summary line reports that every request was lost. */
  | { readonly kind: 'pingLost' }
  /** The trace holds at least `atLeast` (1) events at `hook` (e.g. `tun.read`, `vxlan.encap`). */
  | { readonly kind: 'trace'; readonly hook: string; readonly atLeast?: number }
  /** The trace holds no event at `hook` (only meaningful inside `all`, after something ran). */
  | { readonly kind: 'noTrace'; readonly hook: string }
  /** Every check holds. */
  | { readonly kind: 'all'; readonly checks: readonly GuideCheck[] };

export interface GuideStep {
  readonly title: Bilingual;
  readonly body: Bilingual;
  readonly claims: readonly ClaimId[];
  readonly target?: GuideTarget;
  readonly command?: string;
  readonly check?: GuideCheck;
  /** Point the student at the packet timeline (the step makes a flow worth watching). */
  readonly watch?: boolean;
}

export interface Walkthrough {
  /** URL-safe id (`#guide=<id>`). */
  readonly id: string;
  /** The built-in scenario it runs on (src/engine/scenario/builtin). */
  readonly scenario: string;
  readonly title: Bilingual;
  readonly summary: Bilingual;
  readonly steps: readonly GuideStep[];
}

/** What a check is evaluated against. */
export interface CheckContext {
  /** What the step's terminal printed since the step began (prompts and typed lines included). */
  readonly output: string;
  /** How many trace events were recorded at each hook since the step began. */
  readonly hooks: ReadonlyMap<string, number>;
}

const PING_SUMMARY = /(\d+) packets transmitted, (\d+) (?:packets )?received/g;

/** The last ping summary of `output`: transmitted and received, or null. */
export function pingSummary(output: string): { sent: number; received: number } | null {
  let last: RegExpExecArray | null = null;
  for (const m of output.matchAll(PING_SUMMARY)) last = m;
  return last ? { sent: Number(last[1]), received: Number(last[2]) } : null;
}

/** True when the check holds in `ctx`. */
export function checkPasses(check: GuideCheck, ctx: CheckContext): boolean {
  switch (check.kind) {
    case 'output':
      return (
        check.includes.every((s) => ctx.output.includes(s)) &&
        (check.excludes ?? []).every((s) => !ctx.output.includes(s))
      );
    case 'pingReplies': {
      const p = pingSummary(ctx.output);
      return p !== null && p.received > 0;
    }
    case 'pingLost': {
      const p = pingSummary(ctx.output);
      return p !== null && p.sent > 0 && p.received === 0;
    }
    case 'trace':
      return (ctx.hooks.get(check.hook) ?? 0) >= (check.atLeast ?? 1);
    case 'noTrace':
      return (ctx.hooks.get(check.hook) ?? 0) === 0;
    case 'all':
      return check.checks.every((c) => checkPasses(c, ctx));
  }
}

/**
 * What commands printed in a terminal transcript, without the lines the student typed (those
 * start with the shell's prompt): a check must not pass because the command itself names what
 * it looks for.
 */
export function commandOutput(transcript: string, prompt: string): string {
  if (prompt === '') return transcript;
  return transcript
    .split('\n')
    .filter((line) => !line.startsWith(prompt))
    .join('\n');
}

/** Where a terminal transcript stood when a step began: its length and its last characters. */
export interface TranscriptMark {
  readonly length: number;
  readonly tail: string;
}

const TAIL = 200;

export function transcriptMark(transcript: string): TranscriptMark {
  return { length: transcript.length, tail: transcript.slice(-TAIL) };
}

/**
 * The part of a transcript written since `mark`. Transcripts are capped (their start is cut as
 * they grow), so the mark's tail is looked for where it moved to; when it was cut off too, all
 * of the transcript is new.
 */
export function transcriptSince(transcript: string, mark: TranscriptMark): string {
  if (mark.tail === '') return transcript;
  const { length, tail } = mark;
  if (transcript.length >= length && transcript.slice(length - tail.length, length) === tail) {
    return transcript.slice(length);
  }
  const at = transcript.lastIndexOf(tail);
  return at >= 0 ? transcript.slice(at + tail.length) : transcript;
}

/** Does the check need a command's output (rather than only the trace)? */
export function checkReadsOutput(check: GuideCheck): boolean {
  if (check.kind === 'all') return check.checks.some(checkReadsOutput);
  return check.kind !== 'trace' && check.kind !== 'noTrace';
}

/** The shell line the step's command becomes (container lines run through `docker exec`). */
export function stepShellLine(step: GuideStep): string | null {
  if (!step.command) return null;
  return step.target?.container
    ? `docker exec ${step.target.container} ${step.command}`
    : step.command;
}

/** `0 ≤ step < steps`: the step index a wish (maybe out of range) lands on. */
export function clampStep(walkthrough: Walkthrough, step: number): number {
  if (!Number.isFinite(step)) return 0;
  return Math.max(0, Math.min(walkthrough.steps.length - 1, Math.trunc(step)));
}

/** Done steps out of all, and the share of them (0…1). */
export function progressOf(
  walkthrough: Walkthrough,
  done: ReadonlySet<number>,
): { done: number; total: number; ratio: number } {
  const total = walkthrough.steps.length;
  const n = walkthrough.steps.filter((_, i) => done.has(i)).length;
  return { done: n, total, ratio: total === 0 ? 0 : n / total };
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const CLAIM = /^C(0[1-9]|1[0-9]|2[01])$/;

/** What is wrong with a walkthrough's data (an empty list when nothing is). */
export function walkthroughProblems(w: Walkthrough): string[] {
  const problems: string[] = [];
  const text = (where: string, b: Bilingual) => {
    if (b.en.trim() === '') problems.push(`${where}: no English text`);
    if (b['zh-CN'].trim() === '') problems.push(`${where}: no Chinese text`);
  };
  if (!ID.test(w.id)) problems.push(`id "${w.id}" is not URL-safe`);
  text('title', w.title);
  text('summary', w.summary);
  if (w.steps.length === 0) problems.push('no steps');
  w.steps.forEach((s, i) => {
    const at = `step ${i + 1}`;
    text(`${at} title`, s.title);
    text(`${at} body`, s.body);
    for (const c of s.claims) if (!CLAIM.test(c)) problems.push(`${at}: unknown claim ${c}`);
    if (s.command !== undefined && !s.target) problems.push(`${at}: a command needs a target`);
    if (s.command !== undefined && /[\n\r]/.test(s.command)) problems.push(`${at}: two lines`);
    if (s.target?.netns && s.target.container) {
      problems.push(`${at}: a netns or a container, not both`);
    }
    if (s.check && checkReadsOutput(s.check) && s.command === undefined) {
      problems.push(`${at}: an output check needs a command`);
    }
  });
  return problems;
}
