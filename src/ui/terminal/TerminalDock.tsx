import { type PointerEvent as ReactPointerEvent, Suspense, useCallback, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  ACTIONS_TAB,
  containerOfNetns,
  LAB_CONSOLE,
  selectActions,
  selectActiveTabId,
  selectSecondTabId,
  selectSplit,
  selectTabIds,
  tabTarget,
  useLab,
  useLabStore,
} from '../../store';
import { SplitIcon } from '../app/icons';
import { useT } from '../i18n';
import { lazyNamed } from '../lazy';
import { TerminalPane } from './TerminalPane';

const TimelinePanel = lazyNamed(() =>
  import('../trace/TimelinePanel').then((m) => m.TimelinePanel),
);

/** The commands the canvas ran, each under the prompt of the shell it ran in. */
function ActionsLog() {
  const t = useT();
  const actions = useLab(selectActions);
  return (
    <div
      className="lab-actions-log"
      role="log"
      aria-label={t('terminal.actions')}
      data-testid="actions-log"
    >
      {actions.length === 0 && <p className="lab-dock__empty">{t('terminal.actionsEmpty')}</p>}
      {actions.map((a) => (
        <div key={a.id} className={`lab-action${a.code === 0 ? '' : ' is-failed'}`}>
          <span className="lab-action__where">[{a.where === LAB_CONSOLE ? 'lab' : a.where}]</span>{' '}
          <span className="lab-action__prompt">{a.prompt}</span>
          <span className="lab-action__line">{a.line}</span>
          {a.output && <pre className="lab-action__output">{a.output.trimEnd()}</pre>}
        </div>
      ))}
    </div>
  );
}

const MIN_HEIGHT = 140;
const DEFAULT_HEIGHT = 320;

function clampHeight(h: number): number {
  return Math.round(Math.min(Math.max(h, MIN_HEIGHT), window.innerHeight - 200));
}

/**
 * The bottom dock: one tab per opened shell (a machine, or a netns on it, plus the lab console),
 * the lab actions log, an optional split view of two terminals; resizable.
 */
export function TerminalDock() {
  const t = useT();
  const store = useLabStore();
  const tabIds = useLab(useShallow(selectTabIds));
  const activeTabId = useLab(selectActiveTabId);
  const secondTabId = useLab(selectSecondTabId);
  const split = useLab(selectSplit);
  const actionCount = useLab((s) => s.actions.length);
  const timelineOpen = useLab((s) => s.timelineOpen);
  const flowCount = useLab((s) => s.trace.flows.length);
  const [height, setHeight] = useState(DEFAULT_HEIGHT);
  const showActions = activeTabId === ACTIONS_TAB;
  // In split view the active tab is on the left and the one used before it on the right.
  const right =
    split && !showActions && secondTabId && tabIds.includes(secondTabId) ? secondTabId : null;

  const startResize = useCallback((event: ReactPointerEvent<HTMLDivElement>) => {
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const startY = event.clientY;
    const startHeight = handle.parentElement?.offsetHeight ?? DEFAULT_HEIGHT;
    const move = (e: PointerEvent) => setHeight(clampHeight(startHeight + startY - e.clientY));
    const stop = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', stop);
      handle.removeEventListener('pointercancel', stop);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', stop);
    handle.addEventListener('pointercancel', stop);
  }, []);

  const onResizeKey = useCallback((event: React.KeyboardEvent) => {
    if (event.key === 'ArrowUp') setHeight((h) => clampHeight(h + 40));
    if (event.key === 'ArrowDown') setHeight((h) => clampHeight(h - 40));
  }, []);

  // Stable sides in split view: the tab further left in the bar is on the left.
  const sideOf = (id: string): 'full' | 'left' | 'right' => {
    if (!right || (id !== right && id !== activeTabId)) return 'full';
    const other = id === right ? activeTabId : right;
    return tabIds.indexOf(id) < tabIds.indexOf(other ?? '') ? 'left' : 'right';
  };

  const label = (id: string) => {
    if (id === LAB_CONSOLE) return t('terminal.labConsole');
    const { machine, netns } = tabTarget(id);
    const container = containerOfNetns(netns);
    return container === null ? id : t('terminal.containerTab', { name: container, host: machine });
  };
  const hint = (id: string) => {
    const { machine, netns } = tabTarget(id);
    const container = containerOfNetns(netns);
    return container === null
      ? undefined
      : t('terminal.containerHint', { name: container, host: machine });
  };

  return (
    <section
      className="lab-dock"
      style={{ height }}
      aria-label={t('terminal.title')}
      data-testid="terminal-dock"
    >
      {/* biome-ignore lint/a11y/useSemanticElements: a draggable splitter has no native element */}
      <div
        className="lab-dock__resize"
        role="separator"
        aria-orientation="horizontal"
        aria-valuenow={height}
        aria-valuemin={MIN_HEIGHT}
        aria-label={t('terminal.resize')}
        title={t('terminal.resize')}
        tabIndex={0}
        onPointerDown={startResize}
        onKeyDown={onResizeKey}
      />
      <div className="lab-dock__bar">
        <div className="lab-dock__tabs" role="tablist" aria-label={t('terminal.title')}>
          {tabIds.map((id) => (
            <div
              key={id}
              className={`lab-tab${id === activeTabId ? ' is-active' : ''}${id === right ? ' is-second' : ''}`}
            >
              <button
                type="button"
                role="tab"
                id={`terminal-tab-${id}`}
                aria-selected={id === activeTabId}
                aria-controls={`terminal-panel-${id}`}
                className="lab-tab__label"
                data-testid={`terminal-tab.${id}`}
                title={hint(id)}
                onClick={() => store.getState().focusTerminal(id)}
              >
                <span className="lab-tab__dot" aria-hidden="true" />
                {label(id)}
              </button>
              <button
                type="button"
                className="lab-tab__close"
                aria-label={t('terminal.close', { name: label(id) })}
                title={t('terminal.close', { name: label(id) })}
                onClick={() => store.getState().closeTerminal(id)}
              >
                ×
              </button>
            </div>
          ))}
        </div>
        <button
          type="button"
          className={`lab-dock__console${showActions ? ' is-active' : ''}`}
          title={t('terminal.actionsHint')}
          aria-pressed={showActions}
          onClick={() => store.getState().focusTerminal(ACTIONS_TAB)}
          data-testid="toolbar.actions"
        >
          {t('terminal.actions')}{' '}
          {actionCount > 0 && <span className="lab-count">{actionCount}</span>}
        </button>
        <button
          type="button"
          className={`lab-dock__console lab-dock__timeline${timelineOpen ? ' is-active' : ''}`}
          title={t('timeline.buttonHint')}
          aria-pressed={timelineOpen}
          onClick={() => store.getState().setTimelineOpen(!timelineOpen)}
          data-testid="toolbar.timeline"
        >
          {t('timeline.button')} {flowCount > 0 && <span className="lab-count">{flowCount}</span>}
        </button>
        <button
          type="button"
          className={`lab-dock__console${split ? ' is-active' : ''}`}
          title={t('terminal.splitHint')}
          aria-pressed={split}
          onClick={() => store.getState().toggleSplit()}
          data-testid="toolbar.split"
        >
          <SplitIcon size={16} /> {t('terminal.split')}
        </button>
        <button
          type="button"
          className="lab-dock__console"
          title={t('terminal.labConsoleHint')}
          onClick={() => void store.getState().openTerminal(LAB_CONSOLE)}
          data-testid="toolbar.labConsole"
        >
          {t('terminal.labConsole')}
        </button>
      </div>
      <div className={`lab-dock__body${timelineOpen ? ' has-timeline' : ''}`}>
        <div className="lab-dock__panes">
          {tabIds.length === 0 && !showActions && (
            <p className="lab-dock__empty">{t('terminal.empty')}</p>
          )}
          {showActions && <ActionsLog />}
          {tabIds.map((id) => (
            <TerminalPane
              key={id}
              tabId={id}
              active={id === activeTabId}
              side={sideOf(id)}
              shown={id === activeTabId || id === right}
            />
          ))}
        </div>
        {timelineOpen && (
          <Suspense fallback={null}>
            <TimelinePanel />
          </Suspense>
        )}
      </div>
    </section>
  );
}
