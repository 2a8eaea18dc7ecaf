/**
 * The job-control builtins for background jobs (`LIST &`, executor.ts): wait, jobs and kill,
 * with bash's messages and statuses (Linux case shell-background). Loaded on first use.
 */
import type { Signal } from '../../api/types';
import { type Command, fail } from '../command';
import { Interrupt } from '../process';
import { type BackgroundJob, jobLine } from '../session';

/**
 * `wait [%N|PID ...]`: waits for the background jobs (all of them without arguments, then 0) and
 * returns the last one's status; bash's messages for a job that is not there.
 */
export const waitCommand: Command = {
  name: 'wait',
  help: {
    summary: 'wait for background jobs (started with &) to end',
    usage: ['wait [%N|PID ...]'],
  },
  run(argv, ctx) {
    const jobs = ctx.session.jobs ?? [];
    const targets: BackgroundJob[] = [];
    for (const a of argv) {
      const byJob = /^%(\d+)$/.exec(a);
      if (byJob) {
        const j = jobs.find((x) => x.n === Number(byJob[1]));
        if (!j) return fail(ctx, `${ctx.diagPrefix()}: wait: ${a}: no such job`, 127);
        targets.push(j);
      } else if (/^\d+$/.test(a)) {
        const j = jobs.find((x) => x.pid === Number(a));
        if (!j) {
          return fail(ctx, `${ctx.diagPrefix()}: wait: pid ${a} is not a child of this shell`, 127);
        }
        targets.push(j);
      } else {
        return fail(ctx, `${ctx.diagPrefix()}: wait: \`${a}': not a pid or valid job spec`, 1);
      }
    }
    const all = argv.length === 0;
    return (function* () {
      let status = 0;
      for (const j of all ? jobs : targets) {
        while (j.code === undefined) {
          j.waiters.add(() => ctx.wake());
          try {
            yield {};
          } catch (e) {
            if (e instanceof Interrupt) return 130;
            throw e;
          }
        }
        status = j.code;
      }
      // Waited-for jobs are forgotten, as bash forgets them.
      const waited = new Set(all ? jobs : targets);
      ctx.session.jobs = jobs.filter((j) => !waited.has(j));
      return all ? 0 : status;
    })();
  },
};

/**
 * `jobs [-l] [%N ...]`: the background jobs still running, as bash lists them (`[1]+  Running
 * sleep 10 &`; -l adds the pid). A terminal also shows the ended ones it has not reported yet.
 */
export const jobsCommand: Command = {
  name: 'jobs',
  help: { summary: 'list the background jobs', usage: ['jobs [-l] [%N ...]'] },
  run(argv, ctx) {
    const long = argv[0] === '-l';
    const specs = long ? argv.slice(1) : argv;
    const bad = specs.find((a) => !/^-/.test(a) && !/^%\d+$/.test(a));
    const opt = specs.find((a) => /^-/.test(a));
    if (opt) {
      return fail(
        ctx,
        `${ctx.diagPrefix()}: jobs: ${opt}: invalid option\njobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]`,
        2,
      );
    }
    const all = (ctx.session.jobs ?? []).filter(
      (j) => j.code === undefined || (!ctx.session.script && !j.notified),
    );
    let shown = all;
    if (specs.length > 0) {
      shown = [];
      for (const a of specs) {
        const j = all.find((x) => `%${x.n}` === a);
        if (!j) return fail(ctx, `${ctx.diagPrefix()}: jobs: ${a ?? bad}: no such job`, 1);
        shown.push(j);
      }
    }
    for (const j of shown) ctx.stdout.write(jobLine(j, all, long));
    return 0;
  },
};

const KILL_SIGNALS: Record<string, Signal> = {
  HUP: 'HUP',
  INT: 'INT',
  KILL: 'KILL',
  TERM: 'TERM',
  '1': 'HUP',
  '2': 'INT',
  '9': 'KILL',
  '15': 'TERM',
};

const KILL_USAGE =
  'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]';

/**
 * `kill [-SIG | -s SIG] %N|PID ...`: signals a background job of this shell (TERM by default:
 * a capture prints its counters, `sleep` ends as Terminated). Processes other than the shell's
 * jobs (daemons) are not modelled: their pids say "No such process".
 */
export const killCommand: Command = {
  name: 'kill',
  help: {
    summary: 'send a signal to a background job (TERM by default)',
    usage: ['kill [-SIGNAL | -s SIGNAL] %N|PID ...'],
  },
  run(argv, ctx) {
    let sig: Signal = 'TERM';
    let i = 0;
    if (argv[0] === '-s' || argv[0] === '-n') {
      const v = argv[1];
      if (v === undefined)
        return fail(ctx, `${ctx.diagPrefix()}: kill: ${argv[0]}: option requires an argument`, 1);
      const s = KILL_SIGNALS[v.toUpperCase().replace(/^SIG/, '')];
      if (!s) return fail(ctx, `${ctx.diagPrefix()}: kill: ${v}: invalid signal specification`, 1);
      sig = s;
      i = 2;
    } else if (argv[0]?.startsWith('-') && argv[0] !== '-') {
      const v = argv[0].slice(1);
      const s = KILL_SIGNALS[v.toUpperCase().replace(/^SIG/, '')];
      if (!s) return fail(ctx, `${ctx.diagPrefix()}: kill: ${v}: invalid signal specification`, 1);
      sig = s;
      i = 1;
    }
    const targets = argv.slice(i);
    if (targets.length === 0) return fail(ctx, KILL_USAGE, 2);
    const jobs = ctx.session.jobs ?? [];
    let status = 0;
    for (const t of targets) {
      const byJob = /^%(\d+)$/.exec(t);
      const j = byJob
        ? jobs.find((x) => x.n === Number(byJob[1]) && x.code === undefined)
        : /^\d+$/.test(t)
          ? jobs.find((x) => x.pid === Number(t) && x.code === undefined)
          : undefined;
      if (j) {
        j.kill(sig);
        continue;
      }
      status = 1;
      if (byJob) ctx.stderr.write(`${ctx.diagPrefix()}: kill: ${t}: no such job\n`);
      else if (/^\d+$/.test(t))
        ctx.stderr.write(`${ctx.diagPrefix()}: kill: (${t}) - No such process\n`);
      else {
        ctx.stderr.write(`${ctx.diagPrefix()}: kill: ${t}: arguments must be process or job IDs\n`);
      }
    }
    return status;
  },
};
