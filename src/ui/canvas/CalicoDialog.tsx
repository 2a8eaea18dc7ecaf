import { useEffect, useId, useMemo, useState } from 'react';
import {
  defaultFlannelHosts,
  isCalicoRefusal,
  planCalico,
  selectCalicoOpen,
  selectTopology,
  underlaysOf,
  useLab,
  useLabStore,
} from '../../store';
import { useT } from '../i18n';

/**
 * The choices of a Calico network: the hosts it spans (every host with an address on a segment,
 * by default) and whether each gets a pod, with the commands it will run shown before it runs.
 */
export function CalicoDialog() {
  const t = useT();
  const store = useLabStore();
  const open = useLab(selectCalicoOpen);
  const view = useLab(selectTopology);
  const titleId = useId();
  const [hosts, setHosts] = useState<string[]>([]);
  const [withPods, setWithPods] = useState(true);
  const [withDefault, setWithDefault] = useState<Set<string>>(new Set());

  useEffect(() => {
    if (!open) return;
    const s = store.getState();
    const all = s.topology ? defaultFlannelHosts(s.topology) : [];
    setHosts(all);
    let live = true;
    void s.hostsWithDefault(all).then((set) => {
      if (live) setWithDefault(set);
    });
    return () => {
      live = false;
    };
  }, [open, store]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') store.getState().setCalicoOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, store]);

  const plan = useMemo(
    () => (view ? planCalico(view, hosts, withPods, withDefault) : null),
    [view, hosts, withPods, withDefault],
  );
  if (!open || !view) return null;
  const machines = view.machines.filter((m) => m.kind === 'host');
  const close = () => store.getState().setCalicoOpen(false);
  const start = () => {
    close();
    void store.getState().startCalico(hosts, withPods);
  };
  const toggle = (name: string) =>
    setHosts((h) => (h.includes(name) ? h.filter((x) => x !== name) : [...h, name]));
  const commands =
    plan && !isCalicoRefusal(plan)
      ? plan.runs.flatMap((r) => r.lines.map((l) => `[${r.machine}] ${l}`)).join('\n')
      : '';

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape closes it (window listener above)
    // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop of a modal dialog
    <div className="lab-dialog-backdrop" onClick={close}>
      <div
        className="lab-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="calico-dialog"
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.stopPropagation()}
      >
        <h2 id={titleId} className="lab-dialog__title">
          {t('calico.title')}
        </h2>
        <p className="lab-dialog__intro">{t('calico.intro')}</p>
        <fieldset>
          <legend>{t('calico.hosts')}</legend>
          {defaultFlannelHosts(view).length === 0 ? (
            <p className="lab-dialog__muted">{t('flannel.noHostsYet')}</p>
          ) : null}
          {machines.map((m) => {
            const u = underlaysOf(view, m.name)[0];
            return (
              <label key={m.id} className="lab-dialog__option">
                <input
                  type="checkbox"
                  checked={hosts.includes(m.name)}
                  onChange={() => toggle(m.name)}
                  data-testid={`calico.host.${m.name}`}
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
        <label className="lab-dialog__option">
          <input
            type="checkbox"
            checked={withPods}
            onChange={() => setWithPods((v) => !v)}
            data-testid="calico.pods"
          />
          <span>{t('calico.pods')}</span>
        </label>
        {withPods && <p className="lab-dialog__muted">{t('calico.defaultRoute')}</p>}
        {commands && (
          <>
            <p className="lab-dialog__muted">{t('flannel.commands')}</p>
            <pre className="lab-dialog__commands" data-testid="calico.commands">
              {commands}
            </pre>
          </>
        )}
        <div className="lab-dialog__actions">
          <button type="button" className="lab-button lab-button--ghost" onClick={close}>
            {t('flannel.cancel')}
          </button>
          <button
            type="button"
            className="lab-button lab-button--accent"
            onClick={start}
            data-testid="calico.start"
          >
            {t('calico.start')}
          </button>
        </div>
      </div>
    </div>
  );
}
