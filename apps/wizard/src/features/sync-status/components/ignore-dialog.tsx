import type { FailedRecord } from '@exoserva/contracts';
import { AlertDialog } from 'radix-ui';
import { useId, useState, type MouseEvent, type RefObject } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { ConfirmActions } from '../../../components/confirm-actions.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { useIgnore } from '../api/ignore-record.ts';

const MIN_REASON = 3;

/** Ignore asks why: the reason is audited and shown next to the record under "Show ignored". */
export function IgnoreDialog({
  record,
  onClose,
  returnFocusTo,
}: {
  record: FailedRecord;
  onClose: () => void;
  returnFocusTo: RefObject<HTMLElement | null>;
}) {
  const t = useT();
  const { portalContainer, announce } = useWizardEnv();
  const ignore = useIgnore();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const reasonId = useId();
  const errorId = useId();
  const name = record.label ?? record.id;
  const tooShort = reason.trim().length < MIN_REASON;

  const onConfirm = (event: MouseEvent) => {
    event.preventDefault();
    setTouched(true);
    if (tooShort) return;
    ignore.mutate(
      { kind: record.kind, id: record.id, reason: reason.trim() },
      {
        onSuccess: () => {
          announce(t('syncStatus.ignore.done', { name }));
          onClose();
        },
      },
    );
  };

  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && onClose()}>
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
            {t('syncStatus.ignore.title', { name })}
          </AlertDialog.Title>
          <AlertDialog.Description className="exq-dialog__lead">
            {t('syncStatus.ignore.lead')}
          </AlertDialog.Description>
          <div className="exq-field">
            <label className="exq-field__label" htmlFor={reasonId}>
              {t('syncStatus.ignore.reason')}
            </label>
            <textarea
              id={reasonId}
              className="exq-input"
              rows={3}
              maxLength={500}
              value={reason}
              aria-invalid={touched && tooShort}
              aria-describedby={touched && tooShort ? errorId : undefined}
              onChange={(e) => setReason(e.target.value)}
            />
            {touched && tooShort && (
              <p id={errorId} className="exq-field__error">
                {t('syncStatus.ignore.reasonRequired')}
              </p>
            )}
          </div>
          {ignore.isError && (
            <Callout tone="danger" role="alert">
              <p>{t('syncStatus.item.actionFailed', { message: ignore.error.message })}</p>
            </Callout>
          )}
          <ConfirmActions
            confirmLabel={t('syncStatus.ignore.confirm')}
            workingLabel={t('common.loading')}
            pending={ignore.isPending}
            tone="danger"
            onConfirm={onConfirm}
          />
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
