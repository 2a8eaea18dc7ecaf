import { useEffect, useMemo, useState } from 'react';
import {
  defaultFlannelHosts,
  FLANNEL_BACKENDS,
  type FlannelBackend,
  isFlannelRefusal,
  planFlannel,
  selectFlannelOpen,
  selectTopology,
  useLab,
  useLabStore,
} from '../../store';
import { useT } from '../i18n';
import { HostChoice, NetworkDialog, planCommands } from './NetworkDialog';

/**
 * The choices of a flannel network: the backend and the hosts it spans (every host with an
 * address on a segment, by default), with the commands it will run shown before it runs them.
 */
export function FlannelDialog() {
  const t = useT();
  const store = useLabStore();
  const open = useLab(selectFlannelOpen);
  const view = useLab(selectTopology);
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

  const plan = useMemo(
    () => (view ? planFlannel(view, hosts, backend, etcd) : null),
    [view, hosts, backend, etcd],
  );
  if (!open || !view) return null;
  const close = () => store.getState().setFlannelOpen(false);
  const toggle = (name: string) =>
    setHosts((h) => (h.includes(name) ? h.filter((x) => x !== name) : [...h, name]));

  return (
    <NetworkDialog
      kind="flannel"
      title={t('flannel.title')}
      intro={t('flannel.intro')}
      commands={plan && !isFlannelRefusal(plan) ? planCommands(plan.runs) : ''}
      startLabel={t('flannel.start')}
      onClose={close}
      onStart={() => {
        close();
        void store.getState().startFlannel(hosts, backend);
      }}
    >
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
      <HostChoice
        kind="flannel"
        legend={t('flannel.hosts')}
        view={view}
        hosts={hosts}
        onToggle={toggle}
      />
    </NetworkDialog>
  );
}
