import { useEffect, useRef } from 'react';
import { selectHelpOpen, useLab, useLabStore } from '../../store';
import { type MessageKey, useT } from '../i18n';

const SHORTCUTS: [keys: string, what: MessageKey][] = [
  ['Enter', 'help.key.enter'],
  ['Tab', 'help.key.tab'],
  ['↑ / ↓', 'help.key.history'],
  ['Ctrl-C', 'help.key.ctrlC'],
  ['Ctrl-L', 'help.key.ctrlL'],
  ['Ctrl-A / Ctrl-E', 'help.key.homeEnd'],
  ['Ctrl-U', 'help.key.ctrlU'],
  ['Ctrl-K', 'help.key.ctrlK'],
  ['Ctrl-W', 'help.key.ctrlW'],
  ['?', 'help.key.help'],
];

/** A modal <dialog>: Escape and the Close button both close it. */
export function HelpDialog() {
  const t = useT();
  const store = useLabStore();
  const open = useLab(selectHelpOpen);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="lab-dialog"
      aria-labelledby="help-title"
      onClose={() => store.getState().setHelpOpen(false)}
      data-testid="help-dialog"
    >
      <h2 id="help-title">{t('help.title')}</h2>
      <p>{t('help.intro')}</p>
      <p>{t('help.canvas')}</p>
      <h3>{t('help.shortcuts')}</h3>
      <table className="lab-shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={what}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{t(what)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog" className="lab-dialog__actions">
        <button type="submit" className="lab-button lab-button--primary">
          {t('help.close')}
        </button>
      </form>
    </dialog>
  );
}
