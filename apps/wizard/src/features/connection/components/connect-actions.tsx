import { useT } from '../../../i18n/messages.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { Callout } from '../../../components/callout.tsx';

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
  return (
    <div className="exq-stack-sm">
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
