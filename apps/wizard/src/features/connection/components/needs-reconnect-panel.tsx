import type { ConnectionStatusResponse } from '@exoserva/contracts';
import { AlertIcon, QuickBooksMark } from '../../../components/icons.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { ConnectActions } from './connect-actions.tsx';
import { DisconnectButton } from './disconnect-button.tsx';

type ConnectActionProps = Omit<Parameters<typeof ConnectActions>[0], 'primaryLabel'>;

export function NeedsReconnectPanel({
  status,
  ...actions
}: { status: ConnectionStatusResponse } & ConnectActionProps) {
  const t = useT();
  return (
    <section className="exq-card exq-card--warning" aria-labelledby="exq-reconnect-title">
      <div className="exq-card__header">
        <QuickBooksMark className="exq-brand" />
        <div>
          <h2 id="exq-reconnect-title" className="exq-card__title">
            {t('needsReconnect.title')}
          </h2>
          <p className="exq-muted">{status.company?.name}</p>
        </div>
        <span className="exq-badge exq-badge--warning">
          <AlertIcon />
          {t('status.badge.needsReconnect')}
        </span>
      </div>
      <dl className="exq-facts exq-facts--single">
        <div>
          <dt>{t('needsReconnect.reason')}</dt>
          <dd>{status.reason ?? t('needsReconnect.reasonUnknown')}</dd>
        </div>
      </dl>
      <p>{t('needsReconnect.body')}</p>
      <div className="exq-card__footer exq-card__footer--split">
        <ConnectActions primaryLabel={t('needsReconnect.button')} {...actions} />
        {status.company && <DisconnectButton companyName={status.company.name} />}
      </div>
    </section>
  );
}
