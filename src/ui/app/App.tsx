import { useEffect } from 'react';
import {
  selectGuideOpen,
  selectHelpOpen,
  selectLanguage,
  selectStatus,
  useLab,
  useLabStore,
} from '../../store';
import { TopologyCanvas } from '../canvas/TopologyCanvas';
import { LANGUAGE_STORAGE_KEY, useT } from '../i18n';
import { lazyNamed, MountOnce } from '../lazy';
import { Inspector } from '../panels/Inspector';
import { Palette } from '../panels/Palette';
import { TerminalDock } from '../terminal/TerminalDock';
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

const HelpDialog = lazyNamed(() => import('./HelpDialog').then((m) => m.HelpDialog));
const GuidePanel = lazyNamed(() => import('../guide/GuidePanel').then((m) => m.GuidePanel));

const ctrlOrAlt = (e: KeyboardEvent) => e.ctrlKey || e.metaKey || e.altKey;

/** Buttons and other controls keep their own space and arrow keys. */
function isControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && !!target.closest('button, a, summary, [role="tab"]');
}

export function App() {
  const t = useT();
  const store = useLabStore();
  const language = useLab(selectLanguage);
  const status = useLab(selectStatus);
  const helpOpen = useLab(selectHelpOpen);
  const guideOpen = useLab(selectGuideOpen);

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
      // Space on a focused button presses it; the timeline takes space everywhere else.
      const spaceForControl = event.key === ' ' && isControl(event.target);
      if (s.timelineOpen && !ctrlOrAlt(event) && !spaceForControl) {
        // The timeline's keys: space plays or pauses, the arrows step, Home/End jump.
        let run: (() => void) | null = null;
        switch (event.key) {
          case ' ':
            run = () => s.setPlaying(!s.playback.playing);
            break;
          case 'ArrowLeft':
            run = () => s.stepBy(-1);
            break;
          case 'ArrowRight':
            run = () => s.stepBy(1);
            break;
          case 'Home':
            run = () => s.setStep(0);
            break;
          case 'End':
            run = () => s.setStep(Number.MAX_SAFE_INTEGER);
            break;
        }
        if (run) {
          event.preventDefault();
          run();
          return;
        }
      }
      const ctrl = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (event.key === '?') {
        event.preventDefault();
        s.setHelpOpen(true);
      } else if ((event.key === 'Delete' || event.key === 'Backspace') && s.multi.length > 1) {
        event.preventDefault();
        void s.deleteSelected();
      } else if ((event.key === 'Delete' || event.key === 'Backspace') && s.selectedId) {
        event.preventDefault();
        void s.deleteNode(s.selectedId);
      } else if (ctrl && key === 'd' && s.selectedId?.startsWith('machine:')) {
        event.preventDefault();
        void s.duplicateNode(s.selectedId);
      } else if (ctrl && key === 'z' && !event.shiftKey) {
        event.preventDefault();
        void s.undo();
      } else if (ctrl && ((key === 'z' && event.shiftKey) || key === 'y')) {
        event.preventDefault();
        void s.redo();
      } else if (event.key === 'Escape' && (s.selectedId || s.multi.length > 0)) {
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
      <div className={`lab-main${guideOpen ? ' lab-main--guide' : ''}`}>
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
        <MountOnce when={guideOpen}>
          <GuidePanel />
        </MountOnce>
      </div>
      <TerminalDock />
      <MountOnce when={helpOpen}>
        <HelpDialog />
      </MountOnce>
      <Toasts />
    </div>
  );
}
