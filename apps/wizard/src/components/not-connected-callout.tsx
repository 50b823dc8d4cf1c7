import { Link } from '@tanstack/react-router';
import { useT } from '../i18n/messages.tsx';
import { Callout } from './callout.tsx';

/** A step that needs QuickBooks connected, shown before it is: why, and the way to Connect. */
export function NotConnectedCallout({ role }: { role?: 'alert' }) {
  const t = useT();
  return (
    <Callout
      tone="warning"
      {...(role ? { role } : {})}
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
