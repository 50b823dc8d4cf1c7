import { Dialog } from 'radix-ui';
import { useId, useState, type FormEvent } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { useT } from '../../../i18n/messages.tsx';

// Same rule the BFF and QuickBooks apply to names (REFERENCE §4 Account: no `"` or `:`).
const VALID_NAME = /^[^":\t\n]{1,100}$/;

/**
 * Creates an account or an item in QuickBooks with a name the admin confirms. Nothing is sent until they
 * press the confirm button; a failure keeps the dialog open and says why.
 */
export function CreateRecordDialog({
  open,
  onOpenChange,
  title,
  lead,
  nameLabel,
  defaultName,
  confirmLabel,
  onCreate,
  pending,
  error,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  lead: string;
  nameLabel: string;
  defaultName: string;
  confirmLabel: string;
  onCreate: (name: string) => void;
  pending: boolean;
  error: string | null;
}) {
  const t = useT();
  const { portalContainer } = useWizardEnv();
  const [name, setName] = useState(defaultName);
  const inputId = useId();
  const hintId = useId();
  const trimmed = name.trim();
  const valid = VALID_NAME.test(trimmed);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid && !pending) onCreate(trimmed);
  };

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal container={portalContainer}>
        <Dialog.Overlay className="exq-overlay" />
        <Dialog.Content className="exq-dialog">
          <Dialog.Title className="exq-dialog__title">{title}</Dialog.Title>
          <Dialog.Description className="exq-dialog__lead">{lead}</Dialog.Description>
          <form className="exq-stack" onSubmit={submit}>
            <div className="exq-field">
              <label htmlFor={inputId} className="exq-field__label">
                {nameLabel}
              </label>
              <input
                id={inputId}
                className="exq-input"
                value={name}
                maxLength={100}
                aria-invalid={!valid}
                aria-describedby={valid ? undefined : hintId}
                onChange={(e) => setName(e.target.value)}
              />
              {!valid && (
                <p id={hintId} className="exq-field__error">
                  {t('mapping.createDialog.invalidName')}
                </p>
              )}
            </div>
            {error && (
              <Callout tone="danger" role="alert">
                <p>{error}</p>
              </Callout>
            )}
            <div className="exq-dialog__actions">
              <Dialog.Close asChild>
                <button type="button" className="exq-button exq-button--secondary">
                  {t('common.cancel')}
                </button>
              </Dialog.Close>
              <button type="submit" className="exq-button exq-button--primary" disabled={!valid || pending}>
                {pending ? t('mapping.createDialog.working') : confirmLabel}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
