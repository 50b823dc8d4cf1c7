import { Callout } from '../../../components/callout.tsx';
import { CheckIcon, QuickBooksMark } from '../../../components/icons.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { REQUESTED_ACCESS } from '../../../lib/first-step-contract.ts';
import { ConnectActions } from './connect-actions.tsx';

type ConnectActionProps = Omit<Parameters<typeof ConnectActions>[0], 'primaryLabel'>;

/** Not connected yet: what will be asked, what is needed, then the button. */
export function DisconnectedPanel(props: ConnectActionProps) {
  const t = useT();
  return (
    <section className="exq-card" aria-labelledby="exq-connect-title">
      <div className="exq-card__header">
        <QuickBooksMark className="exq-brand" />
        <div>
          <h2 id="exq-connect-title" className="exq-card__title">
            {t('connect.title')}
          </h2>
          <p className="exq-muted">{t('connect.intro')}</p>
        </div>
        <span className="exq-badge exq-badge--neutral">{t('status.badge.disconnected')}</span>
      </div>

      <div className="exq-columns">
        <div className="exq-stack-sm">
          <h3 className="exq-section-title">{t('connect.scopes.title')}</h3>
          <p>{t('connect.scopes.lead')}</p>
          <ul className="exq-chips" aria-label={t('connect.scopes.title')}>
            {REQUESTED_ACCESS.map((scope) => (
              <li key={scope} className="exq-chip">
                {t(`connect.scope.${scope}`)}
              </li>
            ))}
          </ul>
          <h3 className="exq-section-title">{t('connect.steps.title')}</h3>
          <ol className="exq-numbered">
            <li>{t('connect.steps.signIn')}</li>
            <li>{t('connect.steps.pick')}</li>
            <li>{t('connect.steps.review')}</li>
            <li>{t('connect.steps.back')}</li>
          </ol>
        </div>
        <div className="exq-stack-sm">
          <h3 className="exq-section-title">{t('connect.prereq.title')}</h3>
          <ul className="exq-checklist">
            <li>
              <CheckIcon className="exq-checklist__icon" />
              <span>{t('connect.prereq.role')}</span>
            </li>
            <li>
              <CheckIcon className="exq-checklist__icon" />
              <span>
                {t('connect.prereq.subscription')} <strong>{t('connect.prereq.subscriptionNote')}</strong>
              </span>
            </li>
            <li>
              <CheckIcon className="exq-checklist__icon" />
              <span>{t('connect.prereq.admin')}</span>
            </li>
          </ul>
          <Callout tone="info" title={t('connect.tip.title')} headingLevel={4}>
            <p>{t('connect.tip.body')}</p>
          </Callout>
        </div>
      </div>

      <div className="exq-card__footer">
        <ConnectActions primaryLabel={t('connect.button')} {...props} />
      </div>
    </section>
  );
}
