import type { OAuthPopupMessage } from '@exoserva/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { OAuthPopupMessage as PopupMessage } from '../../../lib/first-step-contract.ts';
import { useAuthorize } from '../api/authorize.ts';
import { auditLogQueryKey } from '../api/get-audit-log.ts';
import { connectionStatusQueryKey } from '../api/get-connection-status.ts';

export type PopupOutcome = OAuthPopupMessage['outcome'];

/**
 * Starts Intuit's consent either as a top-level redirect (the default: the BFF sends the browser back to this
 * page with `qbo_*` params) or in a popup that posts an `OAuthPopupMessage` to this window before closing.
 */
export function useConnectFlow(onPopupResult: (message: OAuthPopupMessage) => void) {
  const { bffUrl } = useWizardEnv();
  const queryClient = useQueryClient();
  const authorize = useAuthorize();
  const [popupState, setPopupState] = useState<'idle' | 'open' | 'blocked'>('idle');
  const popupRef = useRef<Window | null>(null);
  const onResultRef = useRef(onPopupResult);
  useEffect(() => {
    onResultRef.current = onPopupResult;
  });

  const connectWithRedirect = useCallback(() => {
    authorize.mutate('redirect', { onSuccess: ({ url }) => window.location.assign(url) });
  }, [authorize]);

  const connectInPopup = useCallback(() => {
    // Opened synchronously inside the click, before the request, or popup blockers step in.
    const popup = window.open('', 'exoserva-qbo-oauth', 'popup,width=540,height=720');
    if (!popup) {
      setPopupState('blocked');
      return;
    }
    popupRef.current = popup;
    setPopupState('open');
    authorize.mutate('popup', {
      onSuccess: ({ url }) => {
        popup.location.href = url;
      },
      onError: () => {
        popup.close();
        setPopupState('idle');
      },
    });
  }, [authorize]);

  useEffect(() => {
    if (popupState !== 'open') return;
    const bffOrigin = new URL(bffUrl).origin;
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== bffOrigin) return;
      const message = PopupMessage.safeParse(event.data);
      if (!message.success) return;
      setPopupState('idle');
      void queryClient.invalidateQueries({ queryKey: connectionStatusQueryKey });
      void queryClient.invalidateQueries({ queryKey: auditLogQueryKey });
      onResultRef.current(message.data);
    };
    // The admin may simply close the popup; stop waiting then.
    const closedPoll = window.setInterval(() => {
      if (popupRef.current?.closed) setPopupState('idle');
    }, 500);
    window.addEventListener('message', onMessage);
    return () => {
      window.removeEventListener('message', onMessage);
      window.clearInterval(closedPoll);
    };
  }, [popupState, bffUrl, queryClient]);

  return {
    connectWithRedirect,
    connectInPopup,
    isStarting: authorize.isPending,
    /** Redirect mode leaves the page on success; keep the button busy until it does. */
    isRedirecting: authorize.isSuccess && authorize.variables === 'redirect',
    startError: authorize.error,
    popupState,
  };
}
