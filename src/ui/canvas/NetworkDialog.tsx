import { type ReactNode, useEffect, useId } from 'react';
import type { TopologyView } from '../../engine/api/types';
import { defaultFlannelHosts, underlaysOf } from '../../store';
import { useT } from '../i18n';

/**
 * What the dialogs of an overlay network (flannel, Calico) share: a modal over a backdrop that
 * Escape and a click outside close, the hosts to span with each one's underlay address, the
 * commands the choice will run, and Cancel / Start.
 */
export function NetworkDialog(props: {
  /** `flannel` or `calico`: the prefix of the dialog's test ids. */
  kind: string;
  title: string;
  intro: string;
  commands: string;
  startLabel: string;
  onClose: () => void;
  onStart: () => void;
  children: ReactNode;
}) {
  const t = useT();
  const titleId = useId();
  const { kind, onClose } = props;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape closes it (listeners above and below)
    // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop of a modal dialog
    <div className="lab-dialog-backdrop" onClick={onClose}>
      <div
        className="lab-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={`${kind}-dialog`}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          // Keys stay in the dialog (the canvas would act on them); Escape still closes it.
          event.stopPropagation();
          if (event.key === 'Escape') onClose();
        }}
      >
        <h2 id={titleId} className="lab-dialog__title">
          {props.title}
        </h2>
        <p className="lab-dialog__intro">{props.intro}</p>
        {props.children}
        {props.commands && (
          <>
            <p className="lab-dialog__muted">{t('flannel.commands')}</p>
            <pre className="lab-dialog__commands" data-testid={`${kind}.commands`}>
              {props.commands}
            </pre>
          </>
        )}
        <div className="lab-dialog__actions">
          <button type="button" className="lab-button lab-button--ghost" onClick={onClose}>
            {t('flannel.cancel')}
          </button>
          <button
            type="button"
            className="lab-button lab-button--accent"
            onClick={props.onStart}
            data-testid={`${kind}.start`}
          >
            {props.startLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

/** The hosts a network may span, each with a checkbox and its first underlay address. */
export function HostChoice(props: {
  kind: string;
  legend: string;
  view: TopologyView;
  hosts: readonly string[];
  onToggle: (name: string) => void;
}) {
  const t = useT();
  const { view, hosts } = props;
  const machines = view.machines.filter((m) => m.kind === 'host');
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {machines.length === 0 || defaultFlannelHosts(view).length === 0 ? (
        <p className="lab-dialog__muted">{t('flannel.noHostsYet')}</p>
      ) : null}
      {machines.map((m) => {
        const u = underlaysOf(view, m.name)[0];
        return (
          <label key={m.id} className="lab-dialog__option">
            <input
              type="checkbox"
              checked={hosts.includes(m.name)}
              onChange={() => props.onToggle(m.name)}
              data-testid={`${props.kind}.host.${m.name}`}
            />
            <span>
              {m.name}{' '}
              <span className="lab-dialog__muted">
                {u ? `${u.ifname} ${u.ip} (${u.segment})` : t('flannel.noAddress')}
              </span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}

/** A plan's commands as the dialog lists them: `[machine] line`, one a line. */
export function planCommands(runs: readonly { machine: string; lines: readonly string[] }[]) {
  return runs.flatMap((r) => r.lines.map((l) => `[${r.machine}] ${l}`)).join('\n');
}
