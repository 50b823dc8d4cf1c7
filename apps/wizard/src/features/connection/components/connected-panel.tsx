import type { ConnectionStatusResponse } from '@exoserva/contracts';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { CheckIcon, QuickBooksMark } from '../../../components/icons.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { daysUntil, formatDate, formatDateTime } from '../../../lib/format.ts';
import { DisconnectButton } from './disconnect-button.tsx';
import { HeldRecordsNotice } from './held-records-notice.tsx';
import { NextStep } from './next-step.tsx';

/** Intuit's hard expiry is shown once it is this close. */
const EXPIRY_WARNING_DAYS = 60;

export function ConnectedPanel({
  status,
  onReconnect,
  reconnectBusy,
}: {
  status: ConnectionStatusResponse;
  onReconnect: () => void;
  reconnectBusy: boolean;
}) {
  const t = useT();
  const { locale } = useWizardEnv();
  const company = status.company;
  const daysLeft = status.hardExpiresAt ? daysUntil(status.hardExpiresAt) : null;
  const expiryTitle =
    daysLeft === null
      ? ''
      : daysLeft === 0
        ? t('connected.expiry.titleToday')
        : daysLeft === 1
          ? t('connected.expiry.titleOne')
          : t('connected.expiry.title', { days: daysLeft });

  return (
    <section className="exq-card" aria-labelledby="exq-connected-title">
      <div className="exq-card__header">
        <QuickBooksMark className="exq-brand" />
        <div>
          <h2 id="exq-connected-title" className="exq-card__title">
            {t('connected.title')}
          </h2>
          <p className="exq-muted">{company?.name}</p>
        </div>
        <span className="exq-badge exq-badge--success">
          <CheckIcon />
          {t('status.badge.connected')}
        </span>
      </div>

      <dl className="exq-facts">
        <div>
          <dt>{t('connected.company')}</dt>
          <dd>{company?.name ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('connected.realmId')}</dt>
          <dd className="exq-mono">{company?.realmId ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('connected.since')}</dt>
          <dd>{status.connectedAt ? formatDateTime(status.connectedAt, locale) : '—'}</dd>
        </div>
        <div>
          <dt>{t('connected.environment')}</dt>
          <dd>
            <span className={`exq-badge exq-badge--${status.environment === 'sandbox' ? 'warning' : 'info'}`}>
              {t(`status.environment.${status.environment}`)}
            </span>
          </dd>
        </div>
      </dl>

      {status.hardExpiresAt && daysLeft !== null && daysLeft <= EXPIRY_WARNING_DAYS && (
        <Callout
          tone="warning"
          title={expiryTitle}
          actions={
            <button
              type="button"
              className="exq-button exq-button--secondary"
              onClick={onReconnect}
              disabled={reconnectBusy}
            >
              {t('connected.reconnect')}
            </button>
          }
        >
          <p>{t('connected.expiry.body', { date: formatDate(status.hardExpiresAt, locale) })}</p>
        </Callout>
      )}

      <HeldRecordsNotice companyName={company?.name ?? ''} />

      <div className="exq-actions exq-card__next">
        <NextStep />
      </div>

      <div className="exq-card__footer exq-card__footer--split">
        <p className="exq-muted exq-small">{t('disconnect.stops.backfill')}</p>
        <DisconnectButton companyName={company?.name ?? ''} />
      </div>
    </section>
  );
}
