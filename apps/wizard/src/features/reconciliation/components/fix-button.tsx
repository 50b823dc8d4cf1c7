import type { DiscrepancyFix, ReconciledKind } from '@exoserva/contracts';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { useFixRecord } from '../api/fix-record.ts';

/** The one click a discrepancy offers (retry, re-sync, link), with its outcome said aloud. Nothing for `none`. */
export function FixButton({
  kind,
  id,
  fix,
  recordName,
}: {
  kind: ReconciledKind;
  id: string;
  fix: DiscrepancyFix;
  /** "Invoice INV-1042": names the record in the button's accessible name and the announcement. */
  recordName: string;
}) {
  const t = useT();
  const { announce } = useWizardEnv();
  const mutation = useFixRecord();
  if (fix.action === 'none') return null;
  const label =
    fix.action === 'retry'
      ? t('reconciliation.fix.retry')
      : fix.action === 'resync'
        ? t('reconciliation.fix.resync')
        : t('reconciliation.fix.link', { id: fix.quickbooksId });
  return (
    <div className="exq-actions">
      {mutation.isSuccess ? (
        <p role="status" className="exq-small">
          {t('reconciliation.fix.done')}
        </p>
      ) : (
        <button
          type="button"
          className="exq-button exq-button--secondary"
          aria-label={`${label}: ${recordName}`}
          disabled={mutation.isPending}
          onClick={() =>
            mutation.mutate(
              { kind, id, fix },
              { onSuccess: () => announce(t('reconciliation.fix.announce', { record: recordName })) },
            )
          }
        >
          {mutation.isPending ? t('reconciliation.fix.working') : label}
        </button>
      )}
      {mutation.isError && (
        <p role="alert" className="exq-small">
          {t('reconciliation.fix.failed', { message: mutation.error.message })}
        </p>
      )}
    </div>
  );
}
