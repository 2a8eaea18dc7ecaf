import { useEffect, useId, useMemo, useState } from 'react';
import {
  defaultFlannelHosts,
  FLANNEL_BACKENDS,
  type FlannelBackend,
  isFlannelRefusal,
  planFlannel,
  selectFlannelOpen,
  selectTopology,
  underlaysOf,
  useLab,
  useLabStore,
} from '../../store';
import { useT } from '../i18n';

/**
 * The choices of a flannel network: the backend and the hosts it spans (every host with an
 * address on a segment, by default), with the commands it will run shown before it runs them.
 */
export function FlannelDialog() {
  const t = useT();
  const store = useLabStore();
  const open = useLab(selectFlannelOpen);
  const view = useLab(selectTopology);
  const titleId = useId();
  const [backend, setBackend] = useState<FlannelBackend>('vxlan');
  const [hosts, setHosts] = useState<string[]>([]);
  const [etcd, setEtcd] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    const s = store.getState();
    setHosts(s.topology ? defaultFlannelHosts(s.topology) : []);
    let live = true;
    void s.findEtcd().then((name) => {
      if (live) setEtcd(name);
    });
    return () => {
      live = false;
    };
  }, [open, store]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') store.getState().setFlannelOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, store]);

  const plan = useMemo(
    () => (view ? planFlannel(view, hosts, backend, etcd) : null),
    [view, hosts, backend, etcd],
  );
  if (!open || !view) return null;
  const machines = view.machines.filter((m) => m.kind === 'host');
  const close = () => store.getState().setFlannelOpen(false);
  const start = () => {
    close();
    void store.getState().startFlannel(hosts, backend);
  };
  const toggle = (name: string) =>
    setHosts((h) => (h.includes(name) ? h.filter((x) => x !== name) : [...h, name]));
  const commands =
    plan && !isFlannelRefusal(plan)
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
        data-testid="flannel-dialog"
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.stopPropagation()}
      >
        <h2 id={titleId} className="lab-dialog__title">
          {t('flannel.title')}
        </h2>
        <p className="lab-dialog__intro">{t('flannel.intro')}</p>
        <fieldset>
          <legend>{t('flannel.backend')}</legend>
          {FLANNEL_BACKENDS.map((b) => (
            <label key={b} className="lab-dialog__option">
              <input
                type="radio"
                name="flannel-backend"
                value={b}
                checked={backend === b}
                onChange={() => setBackend(b)}
                data-testid={`flannel.backend.${b}`}
              />
              <span>{t(`flannel.backend.${b}`)}</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('flannel.hosts')}</legend>
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
                  onChange={() => toggle(m.name)}
                  data-testid={`flannel.host.${m.name}`}
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
        {commands && (
          <>
            <p className="lab-dialog__muted">{t('flannel.commands')}</p>
            <pre className="lab-dialog__commands" data-testid="flannel.commands">
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
            data-testid="flannel.start"
          >
            {t('flannel.start')}
          </button>
        </div>
      </div>
    </div>
  );
}
