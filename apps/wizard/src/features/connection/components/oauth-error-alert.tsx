import { Callout } from '../../../components/callout.tsx';
import type { MessageKey } from '../../../i18n/en.ts';
import { useT } from '../../../i18n/messages.tsx';

const KNOWN_CODES = new Set([
  'oauth_denied',
  'oauth_state_invalid',
  'oauth_code_invalid',
  'company_connected_elsewhere',
  'forbidden',
  'qbo_unavailable',
  'unauthenticated',
  'rate_limited',
]);

export function oauthErrorMessageKey(code: string): MessageKey | null {
  return KNOWN_CODES.has(code) ? (`oauth.error.${code}` as MessageKey) : null;
}

/** What went wrong on the round trip through Intuit, in plain words, with the way forward. */
export function OAuthErrorAlert({
  code,
  onTryAgain,
  onDismiss,
  busy,
}: {
  code: string;
  onTryAgain: () => void;
  onDismiss: () => void;
  busy: boolean;
}) {
  const t = useT();
  const key = oauthErrorMessageKey(code);
  return (
    <Callout
      tone="danger"
      role="alert"
      title={t('oauth.error.title')}
      actions={
        <>
          <button
            type="button"
            className="exq-button exq-button--primary"
            onClick={onTryAgain}
            disabled={busy}
          >
            {busy ? t('connect.redirecting') : t('oauth.error.tryAgain')}
          </button>
          <button type="button" className="exq-button exq-button--ghost" onClick={onDismiss}>
            {t('common.dismiss')}
          </button>
        </>
      }
    >
      <p>{key ? t(key) : t('oauth.error.unknown', { code })}</p>
    </Callout>
  );
}
