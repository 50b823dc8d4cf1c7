import type { ReleaseHeldRequest } from '@exoserva/contracts';
import { AlertDialog } from 'radix-ui';
import type { MouseEvent, RefObject } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { ConfirmActions } from '../../../components/confirm-actions.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useReleaseHeldRecords } from '../api/held-records.ts';

/** Confirms syncing the records held since a disconnect. Loaded on demand by HeldRecordsNotice. */
export function HeldReleaseDialog({
  count,
  companyName,
  request,
  open,
  onOpenChange,
  returnFocusTo,
}: {
  count: number;
  companyName: string;
  request: ReleaseHeldRequest;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocusTo: RefObject<HTMLElement | null>;
}) {
  const t = useT();
  const { portalContainer, announce } = useWizardEnv();
  const release = useReleaseHeldRecords();

  const onConfirm = (event: MouseEvent) => {
    // Keep the dialog open until the BFF has answered, so a failure is shown where the admin is looking.
    event.preventDefault();
    release.mutate(request, {
      onSuccess: (result) => {
        announce(t('held.done', { count: result.released }));
        onOpenChange(false);
      },
    });
  };

  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) release.reset();
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
          <AlertDialog.Title className="exq-dialog__title">
            {t('held.dialog.title', { count })}
          </AlertDialog.Title>
          <AlertDialog.Description className="exq-dialog__lead">
            {t('held.dialog.body', { company: companyName, count })}
          </AlertDialog.Description>
          {release.isError && (
            <Callout tone="danger" role="alert">
              <p>{t('held.failed', { message: isApiError(release.error) ? release.error.message : '' })}</p>
            </Callout>
          )}
          <ConfirmActions
            tone="primary"
            confirmLabel={t('held.dialog.confirm')}
            workingLabel={t('held.dialog.working')}
            pending={release.isPending}
            onConfirm={onConfirm}
          />
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
