import type { ConnectionStatusResponse, OAuthPopupMessage } from '@exoserva/contracts';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { AccessDenied } from '../../../components/access-denied.tsx';
import { Callout } from '../../../components/callout.tsx';
import { Loading } from '../../../components/loading.tsx';
import { LoadError } from '../../../components/load-error.tsx';
import { useT, type Translate } from '../../../i18n/messages.tsx';
import { isForbidden } from '../../../lib/api-client.ts';
import { useConnectionStatus } from '../api/get-connection-status.ts';
import { useConnectFlow } from '../hooks/use-connect-flow.ts';
import { ConnectedPanel } from './connected-panel.tsx';
import { DisconnectedPanel } from './disconnected-panel.tsx';
import { NeedsReconnectPanel } from './needs-reconnect-panel.tsx';
import { NextStep } from './next-step.tsx';
import { OAuthErrorAlert } from './oauth-error-alert.tsx';

// Radix and the switch dialog load only when a switch is actually pending.
const PendingSwitchDialog = lazy(() =>
  import('./pending-switch-dialog.tsx').then((m) => ({ default: m.PendingSwitchDialog })),
);

/** What the BFF appended to the return URL after Intuit's consent (already validated by the route). */
export interface OAuthResult {
  connected: boolean;
  error: string | null;
  pendingSwitch: boolean;
}

function announcementFor(status: ConnectionStatusResponse, t: Translate): string {
  if (status.pendingSwitch) return t('announce.pendingSwitch');
  if (status.state === 'connected') return t('announce.connected', { company: status.company?.name ?? '' });
  if (status.state === 'needs_reconnect') return t('announce.needsReconnect');
  return t('announce.disconnected');
}

/** Step 1: connect, reconnect, switch or disconnect the tenant's QuickBooks company. */
export function ConnectStep({
  result,
  onResultHandled,
}: {
  result: OAuthResult;
  onResultHandled: () => void;
}) {
  const t = useT();
  const { announce, callbacks } = useWizardEnv();
  const status = useConnectionStatus();
  const [popupError, setPopupError] = useState<string | null>(null);
  const [justConnected, setJustConnected] = useState<string | null>(null);
  const [switchDialogOpen, setSwitchDialogOpen] = useState(true);
  const reviewSwitchRef = useRef<HTMLButtonElement>(null);
  // After `?qbo_connected=1` (or the popup's message) show Connected from a fresh read, tell the host once,
  // then strip the params so a reload does not replay the result.
  const awaitingConnectRef = useRef(result.connected);

  const onPopupResult = (message: OAuthPopupMessage) => {
    setPopupError(message.outcome === 'error' ? (message.errorCode ?? 'internal_error') : null);
    if (message.outcome === 'connected') awaitingConnectRef.current = true;
    if (message.outcome === 'pending_switch') setSwitchDialogOpen(true);
  };
  const flow = useConnectFlow(onPopupResult);

  const data = status.data;
  const settled = status.isSuccess && !status.isFetching;
  useEffect(() => {
    if (!settled || !data) return;
    if (awaitingConnectRef.current && data.state === 'connected' && data.company) {
      awaitingConnectRef.current = false;
      setJustConnected(data.company.name);
      callbacks().onConnected?.(data.company);
    }
    if (result.connected || result.pendingSwitch) onResultHandled();
  }, [settled, data, result.connected, result.pendingSwitch, onResultHandled, callbacks]);

  // One polite announcement per change of what the page means.
  const lastAnnounced = useRef<string | null>(null);
  useEffect(() => {
    if (!data) return;
    const message = announcementFor(data, t);
    if (message !== lastAnnounced.current) {
      lastAnnounced.current = message;
      announce(message);
    }
  }, [data, t, announce]);

  if (status.isPending) return <Loading label={t('status.loading')} />;
  if (status.isError) {
    if (isForbidden(status.error)) return <AccessDenied />;
    return (
      <LoadError error={status.error} onRetry={() => void status.refetch()} retrying={status.isFetching} />
    );
  }
  if (isForbidden(flow.startError)) return <AccessDenied />;

  const statusData = status.data;
  const errorCode = popupError ?? result.error;
  const actions = {
    onRedirect: flow.connectWithRedirect,
    onPopup: flow.connectInPopup,
    busy: flow.isStarting || flow.isRedirecting,
    popupState: flow.popupState,
    startError: flow.startError,
  };

  return (
    <div className="exq-stack">
      {errorCode && (
        <OAuthErrorAlert
          code={errorCode}
          busy={actions.busy}
          onTryAgain={flow.connectWithRedirect}
          onDismiss={() => {
            setPopupError(null);
            onResultHandled();
          }}
        />
      )}
      {justConnected && statusData.state === 'connected' && (
        <Callout
          tone="success"
          title={t('oauth.connected.title')}
          actions={
            <>
              <NextStep />
              <button
                type="button"
                className="exq-button exq-button--ghost"
                onClick={() => setJustConnected(null)}
              >
                {t('common.dismiss')}
              </button>
            </>
          }
        >
          <p>{t('oauth.connected.body', { company: justConnected })}</p>
        </Callout>
      )}
      {statusData.pendingSwitch && (
        <>
          <Callout
            tone="warning"
            title={t('switch.title')}
            actions={
              <button
                ref={reviewSwitchRef}
                type="button"
                className="exq-button exq-button--secondary"
                aria-haspopup="dialog"
                onClick={() => setSwitchDialogOpen(true)}
              >
                {t('switch.review')}
              </button>
            }
          >
            <p>{t('switch.banner', { to: statusData.pendingSwitch.to.name })}</p>
          </Callout>
          <Suspense fallback={null}>
            <PendingSwitchDialog
              pending={statusData.pendingSwitch}
              open={switchDialogOpen}
              onOpenChange={setSwitchDialogOpen}
              returnFocusTo={reviewSwitchRef}
            />
          </Suspense>
        </>
      )}

      {statusData.state === 'connected' && (
        <ConnectedPanel
          status={statusData}
          onReconnect={flow.connectWithRedirect}
          reconnectBusy={actions.busy}
        />
      )}
      {statusData.state === 'needs_reconnect' && <NeedsReconnectPanel status={statusData} {...actions} />}
      {statusData.state === 'disconnected' && <DisconnectedPanel {...actions} />}
    </div>
  );
}
