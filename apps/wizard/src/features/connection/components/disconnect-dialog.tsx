import { AlertDialog } from 'radix-ui';
import type { MouseEvent, RefObject } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { ConfirmActions } from '../../../components/confirm-actions.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useDisconnect } from '../api/disconnect.ts';

/**
 * Settings → Integrations → QuickBooks → Disconnect: says what stays and what stops before anything happens.
 * Loaded on demand by DisconnectButton (Radix stays out of the first step's bundle), so it is controlled and
 * returns focus to that button itself.
 */
export function DisconnectDialog({
  companyName,
  open,
  onOpenChange,
  returnFocusTo,
}: {
  companyName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocusTo: RefObject<HTMLElement | null>;
}) {
  const t = useT();
  const { portalContainer, announce, callbacks } = useWizardEnv();
  const disconnect = useDisconnect();

  const onConfirm = (event: MouseEvent) => {
    // Keep the dialog open until the BFF has answered, so a failure is shown where the admin is looking.
    event.preventDefault();
    disconnect.mutate(undefined, {
      onSuccess: () => {
        announce(t('disconnect.done'));
        callbacks().onDisconnected?.();
      },
    });
  };

  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) disconnect.reset();
        onOpenChange(next);
      }}
    >
      <AlertDialog.Portal container={portalContainer}>
        <AlertDialog.Overlay className="exq-overlay" />
        <AlertDialog.Content
          className="exq-dialog"
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            returnFocusTo.current?.focus();
          }}
        >
          <AlertDialog.Title className="exq-dialog__title">{t('disconnect.title')}</AlertDialog.Title>
          <AlertDialog.Description className="exq-dialog__lead">
            {t('disconnect.lead', { company: companyName })}
          </AlertDialog.Description>
          <div className="exq-dialog__columns">
            <div>
              <h3 className="exq-section-title exq-section-title--success">{t('disconnect.stays.title')}</h3>
              <ul className="exq-bullets">
                <li>{t('disconnect.stays.records')}</li>
                <li>{t('disconnect.stays.links')}</li>
              </ul>
            </div>
            <div>
              <h3 className="exq-section-title exq-section-title--danger">{t('disconnect.stops.title')}</h3>
              <ul className="exq-bullets">
                <li>{t('disconnect.stops.sync')}</li>
                <li>{t('disconnect.stops.backfill')}</li>
              </ul>
            </div>
          </div>
          {disconnect.isError && (
            <Callout tone="danger" role="alert">
              <p>
                {t('disconnect.failed', {
                  message: isApiError(disconnect.error) ? disconnect.error.message : '',
                })}
              </p>
            </Callout>
          )}
          <ConfirmActions
            tone="danger"
            confirmLabel={t('disconnect.confirm')}
            workingLabel={t('disconnect.working')}
            pending={disconnect.isPending}
            onConfirm={onConfirm}
          />
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
