import { AlertDialog } from 'radix-ui';
import type { MouseEvent } from 'react';
import { useT } from '../i18n/messages.tsx';

/** The Cancel / confirm pair at the foot of every confirmation dialog; the confirm button shows progress. */
export function ConfirmActions(props: {
  confirmLabel: string;
  workingLabel: string;
  pending: boolean;
  tone: 'primary' | 'danger';
  /** Receives the click so a dialog can keep itself open (preventDefault) while the request runs. */
  onConfirm: (event: MouseEvent) => void;
}) {
  const t = useT();
  return (
    <div className="exq-dialog__actions">
      <AlertDialog.Cancel asChild>
        <button type="button" className="exq-button exq-button--secondary">
          {t('common.cancel')}
        </button>
      </AlertDialog.Cancel>
      <AlertDialog.Action asChild>
        <button
          type="button"
          className={`exq-button exq-button--${props.tone}`}
          onClick={props.onConfirm}
          disabled={props.pending}
        >
          {props.pending ? props.workingLabel : props.confirmLabel}
        </button>
      </AlertDialog.Action>
    </div>
  );
}
