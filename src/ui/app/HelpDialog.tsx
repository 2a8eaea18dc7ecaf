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
  ['Ctrl-Shift-C / Ctrl-Shift-V', 'help.key.copyPaste'],
  ['?', 'help.key.help'],
];

const CANVAS_SHORTCUTS: [keys: string, what: MessageKey][] = [
  ['Del', 'help.key.delete'],
  ['Shift', 'help.key.shiftClick'],
  ['Ctrl-D', 'help.key.duplicate'],
  ['Ctrl-Z', 'help.key.undo'],
  ['Ctrl-Shift-Z / Ctrl-Y', 'help.key.redo'],
  ['F', 'help.key.fit'],
  ['Esc', 'help.key.escape'],
  ['2× click', 'help.key.doubleClick'],
];

function ShortcutTable({ rows }: { rows: [keys: string, what: MessageKey][] }) {
  const t = useT();
  return (
    <table className="lab-shortcuts">
      <tbody>
        {rows.map(([keys, what]) => (
          <tr key={what}>
            <th scope="row">
              <kbd>{keys}</kbd>
            </th>
            <td>{t(what)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

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
      <div className="lab-help__columns">
        <div>
          <h3>{t('help.canvasShortcuts')}</h3>
          <ShortcutTable rows={CANVAS_SHORTCUTS} />
        </div>
        <div>
          <h3>{t('help.shortcuts')}</h3>
          <ShortcutTable rows={SHORTCUTS} />
        </div>
      </div>
      <form method="dialog" className="lab-dialog__actions">
        <button type="submit" className="lab-button lab-button--primary">
          {t('help.close')}
        </button>
      </form>
    </dialog>
  );
}
