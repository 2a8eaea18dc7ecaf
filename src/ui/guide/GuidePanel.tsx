/**
 * The walkthrough panel: a list of walkthroughs, or the open one with its steps, progress, the
 * current step's explanation, claim chips, its command with "Run in terminal", and a tick that
 * the lab itself sets when the step's check holds. Loaded the first time the guide is opened.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { builtinScenario } from '../../engine/scenario/builtin';
import {
  containerNetns,
  formatDeepLink,
  type LabState,
  selectGuide,
  selectGuideDone,
  selectGuideOpen,
  selectLanguage,
  selectPrompt,
  tabIdOf,
  useLab,
  useLabStore,
} from '../../store';
import { GuideIcon } from '../app/icons';
import { type Translate, useT } from '../i18n';
import { CLAIMS } from './claims';
import {
  type Bilingual,
  type ClaimId,
  checkPasses,
  checkReadsOutput,
  commandOutput,
  type GuideStep,
  type GuideTarget,
  progressOf,
  type TranscriptMark,
  transcriptMark,
  transcriptSince,
  type Walkthrough,
} from './model';
import { WALKTHROUGHS, walkthroughById } from './walkthroughs';
import './guide.css';
import { copyText } from '../app/clipboard';

/** The terminal tab a step's command goes to. */
function tabOf(target: GuideTarget): { machine: string; netns: string | null; id: string } {
  const netns = target.container ? containerNetns(target.container) : (target.netns ?? null);
  return { machine: target.machine, netns, id: tabIdOf(target.machine, netns) };
}

function whereText(t: Translate, target: GuideTarget): string {
  if (target.container) {
    return t('guide.where.container', { name: target.container, host: target.machine });
  }
  if (target.netns) return t('guide.where.netns', { name: target.netns, host: target.machine });
  return target.machine;
}

const ClaimChips = memo(function ClaimChips({
  claims,
  language,
}: {
  claims: readonly ClaimId[];
  language: keyof Bilingual;
}) {
  return (
    <ul className="guide-claims">
      {claims.map((c) => (
        <li key={c}>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focus shows the claim's text */}
          <span className="guide-chip" tabIndex={0} aria-describedby={`guide-claim-${c}`}>
            {c}
            <span className="guide-chip__tip" role="tooltip" id={`guide-claim-${c}`}>
              <strong>{c}</strong> {CLAIMS[c][language]}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
});

/** Where the step's terminal and the trace stood when the step began. */
interface StepMark {
  key: string;
  transcript: TranscriptMark;
  traceAt: number;
}

function markNow(s: LabState, key: string, tabId: string | null): StepMark {
  const transcript = tabId ? (s.tabs.find((t) => t.id === tabId)?.transcript ?? '') : '';
  return {
    key,
    transcript: transcriptMark(transcript),
    traceAt: s.trace.dropped + s.trace.events.length,
  };
}

/** True once the step's check holds on what its terminal printed and traced since it began. */
function useStepPassed(walkthrough: Walkthrough, index: number, step: GuideStep): boolean {
  const store = useLabStore();
  const tabId = step.target ? tabOf(step.target).id : null;
  const key = `${walkthrough.id}:${index}`;
  const mark = useRef<StepMark | null>(null);
  if (mark.current?.key !== key) mark.current = markNow(store.getState(), key, tabId);
  const from = mark.current;
  const transcript = useLab((s) => s.tabs.find((t) => t.id === tabId)?.transcript ?? '');
  const busy = useLab((s) => s.tabs.find((t) => t.id === tabId)?.busy ?? false);
  const prompt = useLab((s) => (tabId ? selectPrompt(tabId)(s) : ''));
  const trace = useLab((s) => s.trace);
  return useMemo(() => {
    const check = step.check;
    if (!check) return false;
    if (checkReadsOutput(check) && busy) return false;
    const output = commandOutput(transcriptSince(transcript, from.transcript), prompt);
    const hooks = new Map<string, number>();
    for (let i = Math.max(0, from.traceAt - trace.dropped); i < trace.events.length; i++) {
      const hook = trace.events[i].hook;
      hooks.set(hook, (hooks.get(hook) ?? 0) + 1);
    }
    return checkPasses(check, { output, hooks });
  }, [step.check, busy, transcript, from, prompt, trace]);
}

function StepCard({
  walkthrough,
  index,
  done,
}: {
  walkthrough: Walkthrough;
  index: number;
  done: boolean;
}) {
  const t = useT();
  const store = useLabStore();
  const language = useLab(selectLanguage);
  const step = walkthrough.steps[index];
  const passed = useStepPassed(walkthrough, index, step);
  const tab = step.target ? tabOf(step.target) : null;
  const busy = useLab((s) => (tab ? (s.tabs.find((x) => x.id === tab.id)?.busy ?? false) : false));
  const timelineOpen = useLab((s) => s.timelineOpen);

  useEffect(() => {
    if (passed) store.getState().tickGuideStep(index);
  }, [passed, index, store]);

  const run = () => {
    if (!tab || !step.command) return;
    void store.getState().typeLine(tab.machine, tab.netns, step.command);
  };

  let status: { text: string; kind: 'done' | 'wait' | 'read' };
  if (step.check) {
    status = done
      ? { text: t('guide.passed'), kind: 'done' }
      : { text: t('guide.waiting'), kind: 'wait' };
  } else {
    status = { text: t('guide.read'), kind: done ? 'done' : 'read' };
  }

  return (
    <section className="guide-step" data-testid="guide-step" aria-live="polite">
      <div className="guide-step__eyebrow">
        {t('guide.stepOf', { n: index + 1, total: walkthrough.steps.length })}
      </div>
      <h3 className="guide-step__title">{step.title[language]}</h3>
      <p className="guide-step__body">{step.body[language]}</p>
      {step.claims.length > 0 && <ClaimChips claims={step.claims} language={language} />}
      {step.command && step.target && (
        <div className="guide-cmd">
          <pre className="guide-cmd__line" data-testid="guide-command">
            <code>{step.command}</code>
          </pre>
          <div className="guide-cmd__row">
            <span className="guide-cmd__where">{whereText(t, step.target)}</span>
            <button
              type="button"
              className="lab-button lab-button--accent guide-cmd__run"
              title={t('guide.runHint', { where: whereText(t, step.target) })}
              disabled={busy}
              onClick={run}
              data-testid="guide-run"
            >
              <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true">
                <path d="M7 5v14l11-7z" fill="currentColor" />
              </svg>
              {t('guide.run')}
            </button>
          </div>
        </div>
      )}
      <p className={`guide-status guide-status--${status.kind}`} data-testid="guide-status">
        <span className="guide-status__mark" aria-hidden="true">
          {status.kind === 'done' ? '✓' : status.kind === 'wait' ? '…' : 'i'}
        </span>
        {status.text}
      </p>
      {step.watch && (
        <button
          type="button"
          className={`guide-watch${timelineOpen ? ' is-active' : ''}`}
          title={t('guide.watchHint')}
          onClick={() => store.getState().setTimelineOpen(true)}
          data-testid="guide-watch"
        >
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path
              d="M3 12h4l3-7 4 14 3-7h4"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          {t('guide.watch')}
        </button>
      )}
    </section>
  );
}

function WalkthroughView({ walkthrough, step }: { walkthrough: Walkthrough; step: number }) {
  const t = useT();
  const store = useLabStore();
  const language = useLab(selectLanguage);
  const doneList = useLab(selectGuideDone);
  const done = useMemo(() => new Set(doneList), [doneList]);
  const progress = progressOf(walkthrough, done);
  const last = walkthrough.steps.length - 1;
  const current = Math.min(step, last);
  const s = () => store.getState();
  const [finishPressed, setFinishPressed] = useState(false);
  const labTitle = useLab((st) => st.topology?.title ?? null);
  const own = builtinScenario(walkthrough.scenario)?.scenario;
  const otherLab = own !== undefined && labTitle !== null && labTitle !== own.title;
  const openOwnLab = async () => {
    if (own && (await s().openScenario(own))) s().openGuide(walkthrough.id, current);
  };

  const go = (to: number) => {
    // A step with nothing to check counts as done once the student moves on from it.
    if (to > current && !walkthrough.steps[current].check) s().tickGuideStep(current);
    s().setGuideStep(Math.max(0, Math.min(last, to)));
  };
  const finish = () => {
    if (!walkthrough.steps[current].check) s().tickGuideStep(current);
    setFinishPressed(true);
  };
  const copyLink = async () => {
    const hash = formatDeepLink({
      scenario: null,
      runs: [],
      flow: null,
      step: null,
      guide: walkthrough.id,
      gstep: current + 1,
    });
    const url = `${window.location.origin}${window.location.pathname}${hash}`;
    if (await copyText(url)) s().showToast('linkCopied');
    else {
      window.history.replaceState(null, '', hash);
      s().showToast('linkInAddressBar');
    }
  };

  return (
    <>
      <div className="guide__intro">
        <h2 className="guide__title" data-testid="guide-title">
          {walkthrough.title[language]}
        </h2>
        {current === 0 && <p className="guide__summary">{walkthrough.summary[language]}</p>}
        <div
          className="guide-progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={progress.total}
          aria-valuenow={progress.done}
          aria-label={t('guide.progress', { done: progress.done, total: progress.total })}
        >
          <div className="guide-progress__bar">
            <div
              className="guide-progress__fill"
              style={{ width: `${Math.round(progress.ratio * 100)}%` }}
            />
          </div>
          <span className="guide-progress__text" data-testid="guide-progress">
            {t('guide.progress', { done: progress.done, total: progress.total })}
          </span>
        </div>
      </div>
      {otherLab && (
        <div className="guide-other" data-testid="guide-other-lab">
          <span>{t('guide.otherLab')}</span>
          <button
            type="button"
            className="lab-button lab-button--small"
            onClick={() => void openOwnLab()}
            data-testid="guide-open-lab"
          >
            {t('guide.openLab')}
          </button>
        </div>
      )}
      <ol className="guide-steps" aria-label={t('guide.steps')}>
        {walkthrough.steps.map((st, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps are a fixed list
          <li key={i} className="guide-steps__cell">
            <button
              type="button"
              className={`guide-steps__item${i === current ? ' is-current' : ''}${done.has(i) ? ' is-done' : ''}`}
              aria-current={i === current ? 'step' : undefined}
              aria-label={`${i + 1}. ${st.title[language]}`}
              title={`${i + 1}. ${st.title[language]}`}
              onClick={() => s().setGuideStep(i)}
              data-testid={`guide-step-${i + 1}`}
            >
              {done.has(i) ? '✓' : i + 1}
            </button>
          </li>
        ))}
      </ol>
      <StepCard walkthrough={walkthrough} index={current} done={done.has(current)} />
      {progress.done === progress.total ? (
        <p className="guide-finished" data-testid="guide-finished">
          {t('guide.finished')}
        </p>
      ) : (
        finishPressed &&
        current === last && (
          <p className="guide-remaining" data-testid="guide-remaining">
            {t('guide.remaining', { count: progress.total - progress.done })}
          </p>
        )
      )}
      <div className="guide__nav" data-testid="guide-nav">
        <button
          type="button"
          className="lab-button"
          disabled={current === 0}
          onClick={() => go(current - 1)}
          data-testid="guide-prev"
        >
          ← {t('guide.prev')}
        </button>
        <button
          type="button"
          className="guide__link"
          title={t('guide.copyLinkHint')}
          onClick={() => void copyLink()}
          data-testid="guide-link"
        >
          {t('guide.copyLink')}
        </button>
        {current < last ? (
          <button
            type="button"
            className="lab-button lab-button--accent"
            onClick={() => go(current + 1)}
            data-testid="guide-next"
          >
            {t('guide.next')} →
          </button>
        ) : (
          <button
            type="button"
            className="lab-button lab-button--accent"
            onClick={finish}
            data-testid="guide-finish"
          >
            {t('guide.finish')}
          </button>
        )}
      </div>
    </>
  );
}

function WalkthroughList() {
  const t = useT();
  const store = useLabStore();
  const language = useLab(selectLanguage);
  const ready = useLab((s) => s.status === 'ready');
  const start = async (w: Walkthrough) => {
    const b = builtinScenario(w.scenario);
    if (!b) return;
    if (await store.getState().openScenario(b.scenario)) store.getState().openGuide(w.id, 0);
  };
  return (
    <>
      <div className="guide__intro">
        <h2 className="guide__title">{t('guide.heading')}</h2>
        <p className="guide__summary">{t('guide.pick')}</p>
      </div>
      <ul className="guide-list">
        {WALKTHROUGHS.map((w) => {
          const claims = [...new Set(w.steps.flatMap((st) => st.claims))].sort();
          return (
            <li key={w.id} className="guide-list__item" data-testid={`guide-pick-${w.id}`}>
              <div className="guide-list__head">
                <h3 className="guide-list__title">{w.title[language]}</h3>
                <span className="guide-list__count">
                  {t('guide.stepCount', { count: w.steps.length })}
                </span>
              </div>
              <p className="guide-list__summary">{w.summary[language]}</p>
              <div className="guide-list__foot">
                <ClaimChips claims={claims} language={language} />
                <button
                  type="button"
                  className="lab-button lab-button--accent lab-button--small"
                  disabled={!ready}
                  onClick={() => void start(w)}
                  data-testid={`guide-start-${w.id}`}
                >
                  {t('guide.start')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}

export function GuidePanel() {
  const t = useT();
  const store = useLabStore();
  const open = useLab(selectGuideOpen);
  const guide = useLab(selectGuide);
  if (!open) return null;
  const walkthrough = guide ? walkthroughById(guide.id) : undefined;
  return (
    <aside className="guide" aria-label={t('guide.heading')} data-testid="guide-panel">
      <header className="guide__bar">
        <span className="guide__brand">
          <GuideIcon size={18} />
          {t('topbar.guide')}
        </span>
        {guide && (
          <button
            type="button"
            className="guide__back"
            onClick={() => store.getState().closeGuide()}
            data-testid="guide-all"
          >
            ← {t('guide.all')}
          </button>
        )}
        <button
          type="button"
          className="guide__close"
          aria-label={t('guide.hide')}
          title={t('guide.hide')}
          onClick={() => store.getState().setGuideOpen(false)}
          data-testid="guide-hide"
        >
          ×
        </button>
      </header>
      <div className="guide__scroll">
        {guide && walkthrough ? (
          <WalkthroughView walkthrough={walkthrough} step={guide.step} />
        ) : (
          <>
            {guide && <p className="guide-unknown">{t('guide.unknown', { id: guide.id })}</p>}
            <WalkthroughList />
          </>
        )}
      </div>
    </aside>
  );
}
