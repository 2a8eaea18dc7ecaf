import { type PointerEvent as ReactPointerEvent, useCallback, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { LAB_CONSOLE, selectActiveTabId, selectTabIds, useLab, useLabStore } from '../../store';
import { useT } from '../i18n';
import { TerminalPane } from './TerminalPane';

const MIN_HEIGHT = 140;
const DEFAULT_HEIGHT = 300;

function clampHeight(h: number): number {
  return Math.round(Math.min(Math.max(h, MIN_HEIGHT), window.innerHeight - 200));
}

/** The bottom dock: one tab per opened machine terminal (plus the lab console), resizable. */
export function TerminalDock() {
  const t = useT();
  const store = useLabStore();
  const tabIds = useLab(useShallow(selectTabIds));
  const activeTabId = useLab(selectActiveTabId);
  const [height, setHeight] = useState(DEFAULT_HEIGHT);

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

  const label = (id: string) => (id === LAB_CONSOLE ? t('terminal.labConsole') : id);

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
            <div key={id} className={`lab-tab${id === activeTabId ? ' is-active' : ''}`}>
              <button
                type="button"
                role="tab"
                id={`terminal-tab-${id}`}
                aria-selected={id === activeTabId}
                aria-controls={`terminal-panel-${id}`}
                className="lab-tab__label"
                data-testid={`terminal-tab.${id}`}
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
          className="lab-dock__console"
          title={t('terminal.labConsoleHint')}
          onClick={() => void store.getState().openTerminal(LAB_CONSOLE)}
          data-testid="toolbar.labConsole"
        >
          {t('terminal.labConsole')}
        </button>
      </div>
      <div className="lab-dock__panes">
        {tabIds.length === 0 && <p className="lab-dock__empty">{t('terminal.empty')}</p>}
        {tabIds.map((id) => (
          <TerminalPane key={id} tabId={id} active={id === activeTabId} />
        ))}
      </div>
    </section>
  );
}
