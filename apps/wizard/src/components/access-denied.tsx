import { useT } from '../i18n/messages.tsx';
import { LockIcon } from './icons.tsx';

/** Shown for any 403: the signed-in role may not see or change the integration. */
export function AccessDenied({ roleLabel }: { roleLabel?: string | null }) {
  const t = useT();
  return (
    <section className="exq-card exq-empty" aria-labelledby="exq-access-title">
      <span className="exq-empty__icon">
        <LockIcon width={22} height={22} />
      </span>
      <h2 id="exq-access-title" className="exq-empty__title">
        {t('access.title')}
      </h2>
      <p className="exq-empty__lead">{t('access.body')}</p>
      {roleLabel && <p className="exq-muted">{t('access.signedInAs', { role: roleLabel })}</p>}
      <p className="exq-muted">{t('access.hint')}</p>
    </section>
  );
}
