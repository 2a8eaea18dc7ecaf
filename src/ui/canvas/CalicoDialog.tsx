import { useEffect, useMemo, useState } from 'react';
import {
  defaultFlannelHosts,
  isCalicoRefusal,
  planCalico,
  selectCalicoOpen,
  selectTopology,
  useLab,
  useLabStore,
} from '../../store';
import { useT } from '../i18n';
import { HostChoice, NetworkDialog, planCommands } from './NetworkDialog';

/**
 * The choices of a Calico network: the hosts it spans (every host with an address on a segment,
 * by default) and whether each gets a pod, with the commands it will run shown before it runs.
 */
export function CalicoDialog() {
  const t = useT();
  const store = useLabStore();
  const open = useLab(selectCalicoOpen);
  const view = useLab(selectTopology);
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

  const plan = useMemo(
    () => (view ? planCalico(view, hosts, withPods, withDefault) : null),
    [view, hosts, withPods, withDefault],
  );
  if (!open || !view) return null;
  const close = () => store.getState().setCalicoOpen(false);
  const toggle = (name: string) =>
    setHosts((h) => (h.includes(name) ? h.filter((x) => x !== name) : [...h, name]));

  return (
    <NetworkDialog
      kind="calico"
      title={t('calico.title')}
      intro={t('calico.intro')}
      commands={plan && !isCalicoRefusal(plan) ? planCommands(plan.runs) : ''}
      startLabel={t('calico.start')}
      onClose={close}
      onStart={() => {
        close();
        void store.getState().startCalico(hosts, withPods);
      }}
    >
      <HostChoice
        kind="calico"
        legend={t('calico.hosts')}
        view={view}
        hosts={hosts}
        onToggle={toggle}
      />
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
    </NetworkDialog>
  );
}
