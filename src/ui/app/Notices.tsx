import { useEffect } from 'react';
import {
  type ErrorKind,
  selectErrors,
  selectToasts,
  type Toast,
  type ToastKind,
  useLab,
  useLabStore,
} from '../../store';
import { type MessageKey, useT } from '../i18n';

const TOAST_TEXT: Record<ToastKind, MessageKey> = {
  linkCopied: 'toast.linkCopied',
  linkInAddressBar: 'toast.linkInAddressBar',
  commandFailed: 'toast.commandFailed',
  dropNetnsOutside: 'toast.dropNetnsOutside',
  dropBridgeOutside: 'toast.dropBridgeOutside',
  selectHostFirst: 'toast.selectHostFirst',
  connectOtherHost: 'toast.connectOtherHost',
  connectNotBridge: 'toast.connectNotBridge',
  connectFromNetns: 'toast.connectFromNetns',
  badAddress: 'toast.badAddress',
  badMtu: 'toast.badMtu',
  badHostname: 'toast.badHostname',
  nothingToUndo: 'toast.nothingToUndo',
  nothingToRedo: 'toast.nothingToRedo',
  dropContainerOutside: 'toast.dropContainerOutside',
  dropPodOutside: 'toast.dropPodOutside',
  containerStarted: 'toast.containerStarted',
  podStarted: 'toast.podStarted',
  podStartedCni: 'toast.podStartedCni',
  flannelNoHosts: 'toast.flannelNoHosts',
  calicoNoHosts: 'toast.calicoNoHosts',
  calicoNoUnderlay: 'toast.calicoNoUnderlay',
  calicoBirdRunning: 'toast.calicoBirdRunning',
  calicoStarted: 'toast.calicoStarted',
  flannelNoUnderlay: 'toast.flannelNoUnderlay',
  flannelHostGw: 'toast.flannelHostGw',
  flannelStarted: 'toast.flannelStarted',
  duplicated: 'toast.duplicated',
  duplicateWhat: 'toast.duplicateWhat',
  deletedMany: 'toast.deletedMany',
  newLab: 'toast.newLab',
  layoutDone: 'toast.layoutDone',
};

/** The message of a toast (a flannel network that reused a running etcd says so). */
function toastKey(toast: Toast): MessageKey {
  if (toast.kind === 'flannelStarted' && toast.params?.etcd === 'reused') {
    return 'toast.flannelStartedReused';
  }
  return TOAST_TEXT[toast.kind];
}

/** Long explanations stay longer: about one second per 60 characters read. */
function toastMs(text: string): number {
  return Math.max(TOAST_MS, Math.min(15_000, text.length * 60));
}

const ERROR_TEXT: Record<ErrorKind, MessageKey> = {
  badLink: 'error.badLink',
  loadFailed: 'error.loadFailed',
  engineFailed: 'error.engineFailed',
  restoreFailed: 'error.restoreFailed',
  engineRestarted: 'error.engineRestarted',
};

const TOAST_MS = 3500;

/** Error banners under the top bar: they stay until closed. */
export function ErrorBanners() {
  const t = useT();
  const store = useLabStore();
  const errors = useLab(selectErrors);
  if (errors.length === 0) return null;
  return (
    <div className="lab-banners">
      {errors.map((e) => (
        <div key={e.id} className="lab-banner" role="alert" data-testid="error-banner">
          <span className="lab-banner__text">{t(ERROR_TEXT[e.kind], { detail: e.detail })}</span>
          <button
            type="button"
            className="lab-banner__close"
            aria-label={t('error.dismiss')}
            title={t('error.dismiss')}
            onClick={() => store.getState().dismissError(e.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

/** Short confirmations ("Link copied") that go away by themselves. */
export function Toasts() {
  const t = useT();
  const store = useLabStore();
  const toasts = useLab(selectToasts);

  useEffect(() => {
    const timers = toasts.map((toast) =>
      window.setTimeout(
        () => store.getState().dismissToast(toast.id),
        toastMs(t(toastKey(toast), { ...toast.params, detail: toast.detail ?? '' })),
      ),
    );
    return () => {
      for (const timer of timers) window.clearTimeout(timer);
    };
  }, [toasts, store, t]);

  return (
    <div className="lab-toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        // biome-ignore lint/a11y/useKeyWithClickEvents: a convenience; toasts also go away by themselves
        // biome-ignore lint/a11y/noStaticElementInteractions: a status message, dismissed by a click
        <div
          key={toast.id}
          className={`lab-toast lab-toast--${toast.kind}`}
          data-testid="toast"
          title={t('toast.dismiss')}
          onClick={() => store.getState().dismissToast(toast.id)}
        >
          {t(toastKey(toast), { ...toast.params, detail: toast.detail ?? '' })}
        </div>
      ))}
    </div>
  );
}
