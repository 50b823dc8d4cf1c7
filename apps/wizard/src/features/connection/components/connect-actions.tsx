import { useT } from '../../../i18n/messages.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { Callout } from '../../../components/callout.tsx';
import { useMe } from '../../access/api/get-me.ts';

/** The pair of buttons that start Intuit's consent, and what happened when they were last pressed. */
export function ConnectActions({
  primaryLabel,
  onRedirect,
  onPopup,
  busy,
  popupState,
  startError,
}: {
  primaryLabel: string;
  onRedirect: () => void;
  onPopup: () => void;
  busy: boolean;
  popupState: 'idle' | 'open' | 'blocked';
  startError: unknown;
}) {
  const t = useT();
  const me = useMe().data;
  const account = me ? (me.tenantName ?? me.tenantId) : null;
  return (
    <div className="exq-stack-sm">
      {/* Whose Exoserva account QuickBooks joins, said before leaving for Intuit (issue 22). */}
      {me && account && (
        <p className="exq-small">
          {me.name
            ? t('connect.account', { account, name: me.name })
            : t('connect.accountNoName', { account })}
        </p>
      )}
      <div className="exq-actions">
        <button
          type="button"
          className="exq-button exq-button--primary exq-button--large"
          onClick={onRedirect}
          disabled={busy}
          aria-busy={busy}
        >
          {busy ? t('connect.redirecting') : primaryLabel}
        </button>
        <button
          type="button"
          className="exq-button exq-button--link"
          onClick={onPopup}
          disabled={busy || popupState === 'open'}
        >
          {t('connect.buttonPopup')}
        </button>
      </div>
      {popupState === 'open' && <p className="exq-muted exq-small">{t('connect.popupOpen')}</p>}
      {popupState === 'blocked' && (
        <Callout tone="warning" role="alert">
          <p>{t('connect.popupBlocked')}</p>
        </Callout>
      )}
      {startError != null && (
        <Callout tone="danger" role="alert">
          <p>
            {t('connect.startFailed', {
              message: isApiError(startError) ? startError.message : String(startError),
            })}
          </p>
        </Callout>
      )}
    </div>
  );
}
