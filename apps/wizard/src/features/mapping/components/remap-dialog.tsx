import type { RepostRange, SyncedCounts } from '@exoserva/contracts';
import { AlertDialog } from 'radix-ui';
import { useId, useState, type MouseEvent } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { useT } from '../../../i18n/messages.tsx';

/**
 * Re-mapping after records synced (GUIDE step 3 warning): says how many records used the current mapping,
 * what changes (new records) and what doesn't (what is already in QuickBooks), and offers an explicit re-post
 * of a date range. Nothing is saved until the admin confirms.
 */
export function RemapDialog({
  open,
  onOpenChange,
  synced,
  onConfirm,
  pending,
  error,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  synced: SyncedCounts;
  onConfirm: (repost: RepostRange | null) => void;
  pending: boolean;
  error: string | null;
}) {
  const t = useT();
  const { portalContainer } = useWizardEnv();
  const [repost, setRepost] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const fromId = useId();
  const toId = useId();
  const invoices = synced.byEntity.invoice ?? 0;
  const count =
    invoices > 0
      ? t('mapping.remap.count', { count: invoices })
      : t('mapping.remap.countRecords', { count: synced.total });
  const rangeValid = !repost || (from !== '' && to !== '' && from <= to);

  const confirm = (event: MouseEvent) => {
    event.preventDefault();
    if (rangeValid && !pending) onConfirm(repost ? { from, to } : null);
  };

  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Portal container={portalContainer}>
        <AlertDialog.Overlay className="exq-overlay" />
        <AlertDialog.Content className="exq-dialog">
          <AlertDialog.Title className="exq-dialog__title">{t('mapping.remap.title')}</AlertDialog.Title>
          <AlertDialog.Description className="exq-dialog__lead">{count}</AlertDialog.Description>
          <div className="exq-dialog__columns">
            <div>
              <h3 className="exq-section-title exq-section-title--success">
                {t('mapping.remap.changes.title')}
              </h3>
              <ul className="exq-bullets">
                <li>{t('mapping.remap.changes.new')}</li>
              </ul>
            </div>
            <div>
              <h3 className="exq-section-title exq-section-title--danger">
                {t('mapping.remap.keeps.title')}
              </h3>
              <ul className="exq-bullets">
                <li>{t('mapping.remap.keeps.old')}</li>
              </ul>
            </div>
          </div>
          <div className="exq-stack-sm">
            <label className="exq-check">
              <input type="checkbox" checked={repost} onChange={(e) => setRepost(e.target.checked)} />
              <span>{t('mapping.remap.repost')}</span>
            </label>
            {repost && (
              <div className="exq-inline-fields">
                <label htmlFor={fromId} className="exq-field__label">
                  {t('mapping.remap.from')}
                </label>
                <input
                  id={fromId}
                  type="date"
                  className="exq-input"
                  value={from}
                  onChange={(e) => setFrom(e.target.value)}
                />
                <label htmlFor={toId} className="exq-field__label">
                  {t('mapping.remap.to')}
                </label>
                <input
                  id={toId}
                  type="date"
                  className="exq-input"
                  value={to}
                  onChange={(e) => setTo(e.target.value)}
                />
              </div>
            )}
          </div>
          {error && (
            <Callout tone="danger" role="alert">
              <p>{error}</p>
            </Callout>
          )}
          <div className="exq-dialog__actions">
            <AlertDialog.Cancel className="exq-button exq-button--secondary">
              {t('common.cancel')}
            </AlertDialog.Cancel>
            <AlertDialog.Action
              className="exq-button exq-button--danger"
              onClick={confirm}
              disabled={!rangeValid || pending}
            >
              {pending ? t('mapping.saving') : t('mapping.remap.confirm')}
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
