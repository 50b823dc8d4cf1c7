import type { PendingSwitch } from '@exoserva/contracts';
import { AlertDialog } from 'radix-ui';
import type { MouseEvent, RefObject } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { formatCount, formatDateTime } from '../../../lib/format.ts';
import { useCancelSwitch } from '../api/cancel-switch.ts';
import { useConfirmSwitch } from '../api/confirm-switch.ts';

/**
 * The admin authorized a different company than the connected one. Nothing changes until they confirm;
 * closing the dialog (Escape) only hides it — the banner offers it again until it expires or is cancelled.
 */
export function PendingSwitchDialog({
  pending,
  open,
  onOpenChange,
  returnFocusTo,
}: {
  pending: PendingSwitch;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Loaded on demand and opened without a Radix trigger: focus goes back to the banner's Review button. */
  returnFocusTo: RefObject<HTMLElement | null>;
}) {
  const t = useT();
  const { portalContainer, announce, callbacks, locale } = useWizardEnv();
  const confirm = useConfirmSwitch();
  const cancel = useCancelSwitch();
  const busy = confirm.isPending || cancel.isPending;
  const failure = confirm.error ?? cancel.error;
  const names = { from: pending.from.name, to: pending.to.name };

  const onConfirm = (event: MouseEvent) => {
    event.preventDefault();
    confirm.mutate(undefined, {
      onSuccess: () => {
        announce(t('switch.done', { company: pending.to.name }));
        callbacks().onConnected?.(pending.to);
        onOpenChange(false);
      },
    });
  };
  const onCancel = (event: MouseEvent) => {
    event.preventDefault();
    cancel.mutate(undefined, {
      onSuccess: () => {
        announce(t('switch.cancelled', { company: pending.from.name }));
        onOpenChange(false);
      },
    });
  };

  const links =
    pending.linkedRecords === 0
      ? t('switch.linksNone', names)
      : pending.linkedRecords === 1
        ? t('switch.linksOne', names)
        : t('switch.links', { ...names, count: formatCount(pending.linkedRecords, locale) });

  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Portal container={portalContainer}>
        <AlertDialog.Overlay className="exq-overlay" />
        <AlertDialog.Content
          className="exq-dialog"
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            returnFocusTo.current?.focus();
          }}
        >
          <AlertDialog.Title className="exq-dialog__title">{t('switch.title')}</AlertDialog.Title>
          <AlertDialog.Description className="exq-dialog__lead">
            {t('switch.lead', names)}
          </AlertDialog.Description>
          <div className="exq-switch">
            <div className="exq-switch__company">
              <span className="exq-eyebrow">{t('switch.from')}</span>
              <strong>{pending.from.name}</strong>
              <span className="exq-mono exq-small">{pending.from.realmId}</span>
            </div>
            <span className="exq-switch__arrow" aria-hidden="true">
              →
            </span>
            <div className="exq-switch__company">
              <span className="exq-eyebrow">{t('switch.to')}</span>
              <strong>{pending.to.name}</strong>
              <span className="exq-mono exq-small">{pending.to.realmId}</span>
            </div>
          </div>
          <p>{links}</p>
          <p className="exq-muted exq-small">
            {t('switch.expires', { time: formatDateTime(pending.expiresAt, locale) })}
          </p>
          {failure && (
            <Callout tone="danger" role="alert">
              <p>{t('switch.failed', { message: isApiError(failure) ? failure.message : '' })}</p>
            </Callout>
          )}
          <div className="exq-dialog__actions">
            <AlertDialog.Cancel asChild>
              <button
                type="button"
                className="exq-button exq-button--secondary"
                onClick={onCancel}
                disabled={busy}
              >
                {cancel.isPending ? t('switch.working') : t('switch.cancel', names)}
              </button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <button
                type="button"
                className="exq-button exq-button--primary"
                onClick={onConfirm}
                disabled={busy}
              >
                {confirm.isPending ? t('switch.working') : t('switch.confirm', names)}
              </button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
