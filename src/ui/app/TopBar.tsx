import { useState } from 'react';
import {
  type Language,
  selectCanRedo,
  selectCanUndo,
  selectGuideOpen,
  selectLanguage,
  selectStatus,
  selectTitle,
  useLab,
  useLabStore,
} from '../../store';
import { languageNames, loadCatalogue, type MessageKey, useT } from '../i18n';
import { en } from '../i18n/en';
import { copyText } from './clipboard';
import { GuideIcon, PlusIcon, RedoIcon, UndoIcon } from './icons';

const LANGUAGES: Language[] = ['en', 'zh-CN'];

/** The lab's title; a built-in scenario's in the UI's language. */
function titleText(title: string, t: ReturnType<typeof useT>): string {
  if (!title) return t('app.untitled');
  const key = `title.${title}`;
  return key in en ? t(key as MessageKey) : title;
}

export function TopBar() {
  const t = useT();
  const store = useLabStore();
  const title = useLab(selectTitle);
  const language = useLab(selectLanguage);
  const ready = useLab(selectStatus) === 'ready';
  const [sharing, setSharing] = useState(false);
  const [confirmNew, setConfirmNew] = useState(false);
  const canUndo = useLab(selectCanUndo);
  const canRedo = useLab(selectCanRedo);
  const guideOpen = useLab(selectGuideOpen);

  const share = async () => {
    setSharing(true);
    try {
      const hash = await store.getState().shareHash();
      window.history.replaceState(null, '', hash);
      const copied = await copyText(window.location.href);
      store.getState().showToast(copied ? 'linkCopied' : 'linkInAddressBar');
    } finally {
      setSharing(false);
    }
  };

  return (
    <header className="lab-topbar">
      <div className="lab-topbar__brand" aria-hidden="true">
        cnlab
      </div>
      <h1 className="lab-topbar__title" data-testid="scenario-title">
        {titleText(title, t)}
      </h1>
      <div className="lab-topbar__actions">
        <div className="lab-topbar__new">
          <button
            type="button"
            className="lab-button lab-button--ghost lab-button--icon"
            title={t('topbar.newLabHint')}
            disabled={!ready}
            aria-expanded={confirmNew}
            onClick={() => setConfirmNew((v) => !v)}
            data-testid="toolbar.newLab"
          >
            <PlusIcon size={18} />
            <span>{t('topbar.newLab')}</span>
          </button>
          {confirmNew && (
            <div className="lab-confirm" role="dialog" data-testid="new-lab-confirm">
              <p>{t('topbar.newLabConfirm')}</p>
              <div className="lab-confirm__actions">
                <button
                  type="button"
                  className="lab-button lab-button--ghost"
                  onClick={() => setConfirmNew(false)}
                >
                  {t('topbar.newLabNo')}
                </button>
                <button
                  type="button"
                  className="lab-button lab-button--accent"
                  onClick={() => {
                    setConfirmNew(false);
                    void store.getState().newLab();
                  }}
                  data-testid="toolbar.newLab.confirm"
                >
                  {t('topbar.newLabYes')}
                </button>
              </div>
            </div>
          )}
        </div>
        <button
          type="button"
          className="lab-button lab-button--ghost lab-button--icon"
          title={t('topbar.undoHint')}
          aria-label={t('topbar.undo')}
          disabled={!ready || !canUndo}
          onClick={() => void store.getState().undo()}
          data-testid="toolbar.undo"
        >
          <UndoIcon size={18} />
          <span>{t('topbar.undo')}</span>
        </button>
        <button
          type="button"
          className="lab-button lab-button--ghost lab-button--icon"
          title={t('topbar.redoHint')}
          aria-label={t('topbar.redo')}
          disabled={!ready || !canRedo}
          onClick={() => void store.getState().redo()}
          data-testid="toolbar.redo"
        >
          <RedoIcon size={18} />
          <span>{t('topbar.redo')}</span>
        </button>
        <button
          type="button"
          className={`lab-button lab-button--ghost lab-button--icon${guideOpen ? ' is-active' : ''}`}
          title={t('topbar.guideHint')}
          aria-pressed={guideOpen}
          onClick={() => store.getState().setGuideOpen(!guideOpen)}
          data-testid="toolbar.guide"
        >
          <GuideIcon size={18} />
          <span>{t('topbar.guide')}</span>
        </button>
        <button
          type="button"
          className="lab-button lab-button--accent"
          title={t('topbar.shareHint')}
          disabled={!ready || sharing}
          onClick={() => void share()}
          data-testid="toolbar.share"
        >
          {t('topbar.share')}
        </button>
        <fieldset className="lab-lang" aria-label={t('topbar.language')}>
          {LANGUAGES.map((lang) => (
            <button
              key={lang}
              type="button"
              lang={lang}
              className={`lab-lang__option${lang === language ? ' is-active' : ''}`}
              aria-pressed={lang === language}
              onClick={() => {
                // Switch once the language's text is in, not to English first.
                const choose = () => store.getState().setLanguage(lang);
                loadCatalogue(lang).then(choose, choose);
              }}
              data-testid={`toolbar.language.${lang}`}
            >
              {languageNames[lang]}
            </button>
          ))}
        </fieldset>
        <button
          type="button"
          className="lab-button lab-button--ghost"
          onClick={() => store.getState().setHelpOpen(true)}
          data-testid="toolbar.help"
        >
          {t('topbar.help')}
        </button>
      </div>
    </header>
  );
}
