import { Link } from '@tanstack/react-router';
import { AlertDialog } from 'radix-ui';
import { useId, useState, type MouseEvent } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { ConfirmActions } from '../../../components/confirm-actions.tsx';
import { Loading } from '../../../components/loading.tsx';
import { NotConnectedCallout } from '../../../components/not-connected-callout.tsx';
import { StepLoadError } from '../../../components/step-load-error.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useTestSync } from '../api/get-test-sync.ts';
import { useSetAutoSync } from '../api/set-auto-sync.ts';

/**
 * GUIDE step 6: the Auto-Sync toggle, offered once a test sync passed. Before that, turning it on asks for an
 * explicit override in a confirmation dialog (the BFF refuses it otherwise, and audits the override).
 */
export function AutoSyncStep({ connected }: { connected: boolean | undefined }) {
  const t = useT();
  const { locale, announce, portalContainer } = useWizardEnv();
  const current = useTestSync();
  const save = useSetAutoSync();
  const [confirming, setConfirming] = useState(false);
  const descriptionId = useId();

  const change = (autoSync: boolean, override = false) =>
    save.mutate(
      { autoSync, ...(override ? { override: true } : {}) },
      {
        onSuccess: (r) => {
          setConfirming(false);
          announce(t(r.autoSync ? 'autoSync.announce.on' : 'autoSync.announce.off'));
        },
      },
    );

  const data = current.data;
  const onToggle = () => {
    if (!data) return;
    if (data.autoSync) return change(false);
    if (data.lock) return setConfirming(true);
    change(true);
  };
  const onConfirm = (event: MouseEvent) => {
    // Stay open until the BFF answered: a refusal shows where the admin is looking.
    event.preventDefault();
    change(true, true);
  };

  return (
    <section className="exq-card" aria-labelledby="exq-auto-sync-title">
      <div className="exq-card__header">
        <div>
          <h2 id="exq-auto-sync-title" className="exq-card__title">
            {t('autoSync.title')}
          </h2>
          <p className="exq-muted">{t('autoSync.intro')}</p>
        </div>
      </div>
      <div className="exq-step-body exq-stack-lg">
        {connected === undefined || current.isPending ? (
          <Loading label={t('autoSync.loading')} />
        ) : !connected ? (
          <NotConnectedCallout />
        ) : current.isError || !data ? (
          <StepLoadError
            error={current.error}
            onRetry={() => void current.refetch()}
            retrying={current.isFetching}
          />
        ) : (
          <>
            {data.lock ? (
              <Callout
                tone="warning"
                title={t(`autoSync.locked.${data.lock}.title`)}
                actions={
                  <Link to="/test-sync" className="exq-button exq-button--secondary">
                    {t('autoSync.locked.link')}
                  </Link>
                }
              >
                <p>{t(`autoSync.locked.${data.lock}.body`)}</p>
              </Callout>
            ) : (
              <Callout tone="success" title={t('autoSync.unlocked.title')}>
                <p>{t('autoSync.unlocked.body', { date: formatDateTime(data.passedAt ?? '', locale) })}</p>
              </Callout>
            )}
            <div className="exq-auto-sync-toggle">
              <button
                type="button"
                role="switch"
                aria-checked={data.autoSync}
                aria-describedby={descriptionId}
                className={`exq-toggle${data.autoSync ? ' exq-toggle--on' : ''}`}
                disabled={save.isPending}
                onClick={onToggle}
              >
                <span className="exq-toggle__track" aria-hidden="true">
                  <span className="exq-toggle__thumb" />
                </span>
                <span className="exq-toggle__label">{t('autoSync.switch')}</span>
              </button>
              <p id={descriptionId} className="exq-muted" aria-live="polite">
                {save.isPending ? t('autoSync.saving') : t(data.autoSync ? 'autoSync.on' : 'autoSync.off')}
              </p>
            </div>
            {save.isError && !confirming && (
              <Callout tone="danger" role="alert">
                <p>{t('autoSync.failed', { message: save.error.message })}</p>
              </Callout>
            )}
            <div className="exq-columns">
              <div>
                <h3 className="exq-section-title">{t('autoSync.syncs.title')}</h3>
                <ul className="exq-bullets">
                  <li>{t('autoSync.syncs.invoice')}</li>
                  <li>{t('autoSync.syncs.payment')}</li>
                  <li>{t('autoSync.syncs.refund')}</li>
                  <li>{t('autoSync.syncs.customer')}</li>
                </ul>
              </div>
              <div>
                <h3 className="exq-section-title">{t('autoSync.stays.title')}</h3>
                <ul className="exq-bullets">
                  <li>{t('autoSync.stays.jobs')}</li>
                  <li>{t('autoSync.stays.estimates')}</li>
                  <li>{t('autoSync.stays.notes')}</li>
                  <li>{t('autoSync.stays.files')}</li>
                </ul>
              </div>
            </div>
          </>
        )}
      </div>
      <AlertDialog.Root
        open={confirming}
        onOpenChange={(next) => {
          if (!next) save.reset();
          setConfirming(next);
        }}
      >
        <AlertDialog.Portal container={portalContainer}>
          <AlertDialog.Overlay className="exq-overlay" />
          <AlertDialog.Content className="exq-dialog">
            <AlertDialog.Title className="exq-dialog__title">
              {t('autoSync.override.title')}
            </AlertDialog.Title>
            <AlertDialog.Description className="exq-dialog__lead">
              {t('autoSync.override.body')}
            </AlertDialog.Description>
            {save.isError && (
              <Callout tone="danger" role="alert">
                <p>{t('autoSync.failed', { message: save.error.message })}</p>
              </Callout>
            )}
            <ConfirmActions
              confirmLabel={t('autoSync.override.confirm')}
              workingLabel={t('autoSync.saving')}
              pending={save.isPending}
              tone="danger"
              onConfirm={onConfirm}
            />
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
    </section>
  );
}
