import { Link } from '@tanstack/react-router';
import { useT } from '../i18n/messages.tsx';
import { isApiError } from '../lib/api-client.ts';
import { Callout } from './callout.tsx';
import { LoadError } from './load-error.tsx';

/** Not connected and Exoserva down are explained; anything else is the generic load error with a retry. */
export function StepLoadError({
  error,
  onRetry,
  retrying,
}: {
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
}) {
  const t = useT();
  if (isApiError(error) && error.code === 'qbo_reauth_required') {
    return (
      <Callout
        tone="warning"
        role="alert"
        title={t('step.notConnected.title')}
        actions={
          <Link to="/connect" className="exq-button exq-button--primary">
            {t('step.notConnected.link')}
          </Link>
        }
      >
        <p>{t('step.notConnected.body')}</p>
      </Callout>
    );
  }
  if (isApiError(error) && error.code === 'exoserva_unavailable') {
    return (
      <Callout
        tone="danger"
        role="alert"
        title={t('step.exoservaDown.title')}
        actions={
          <button
            type="button"
            className="exq-button exq-button--secondary"
            onClick={onRetry}
            disabled={retrying}
          >
            {t('common.retry')}
          </button>
        }
      >
        <p>{t('step.exoservaDown.body')}</p>
      </Callout>
    );
  }
  return <LoadError error={error} onRetry={onRetry} retrying={retrying} />;
}
