import { useEffect } from 'react';
import { selectLanguage, selectStatus, useLab, useLabStore } from '../../store';
import { TopologyCanvas } from '../canvas/TopologyCanvas';
import { LANGUAGE_STORAGE_KEY, useT } from '../i18n';
import { Inspector } from '../panels/Inspector';
import { Palette } from '../panels/Palette';
import { TerminalDock } from '../terminal/TerminalDock';
import { HelpDialog } from './HelpDialog';
import { ErrorBanners, Toasts } from './Notices';
import { TopBar } from './TopBar';
import '../styles.css';

/** True when a key press belongs to a text field or a terminal, not to the app. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.matches('input, textarea, select') ||
    !!target.closest('.xterm')
  );
}

export function App() {
  const t = useT();
  const store = useLabStore();
  const language = useLab(selectLanguage);
  const status = useLab(selectStatus);

  useEffect(() => {
    void store.getState().boot(window.location.hash);
  }, [store]);

  useEffect(() => {
    document.documentElement.lang = language;
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // Storage may be disabled; the choice then lasts for this page only.
    }
  }, [language]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const s = store.getState();
      const ctrl = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (event.key === '?') {
        event.preventDefault();
        s.setHelpOpen(true);
      } else if ((event.key === 'Delete' || event.key === 'Backspace') && s.selectedId) {
        event.preventDefault();
        void s.deleteNode(s.selectedId);
      } else if (ctrl && key === 'z' && !event.shiftKey) {
        event.preventDefault();
        void s.undo();
      } else if (ctrl && ((key === 'z' && event.shiftKey) || key === 'y')) {
        event.preventDefault();
        void s.redo();
      } else if (event.key === 'Escape' && s.selectedId) {
        s.select(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  return (
    <div className="lab-app" data-status={status}>
      <TopBar />
      <ErrorBanners />
      <div className="lab-main">
        <Palette />
        <div className="lab-stage">
          <TopologyCanvas />
          {(status === 'idle' || status === 'booting') && (
            <div className="lab-loading" role="status">
              {t('app.loading')}
            </div>
          )}
        </div>
        <Inspector />
      </div>
      <TerminalDock />
      <HelpDialog />
      <Toasts />
    </div>
  );
}
