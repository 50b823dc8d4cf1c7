import { useT } from '../i18n/messages.tsx';
import { isApiError } from '../lib/api-client.ts';
import { Callout } from './callout.tsx';

/** The BFF could not be reached or answered with a failure nobody can fix from here: say so, offer a retry. */
export function LoadError({
  error,
  onRetry,
  retrying,
}: {
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
}) {
  const t = useT();
  const requestId = isApiError(error) ? error.requestId : null;
  return (
    <Callout
      tone="danger"
      role="alert"
      title={t('status.loadError.title')}
      actions={
        <button
          type="button"
          className="exq-button exq-button--secondary"
          onClick={onRetry}
          disabled={retrying}
        >
          {retrying ? t('common.loading') : t('common.retry')}
        </button>
      }
    >
      <p>{t('status.loadError.body')}</p>
      {requestId && <p className="exq-muted exq-small">{t('common.requestId', { requestId })}</p>}
    </Callout>
  );
}
