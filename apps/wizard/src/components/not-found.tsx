import { Link } from '@tanstack/react-router';
import { useT } from '../i18n/messages.tsx';

export function NotFound() {
  const t = useT();
  return (
    <section className="exq-card exq-empty" aria-labelledby="exq-not-found">
      <h2 id="exq-not-found" className="exq-empty__title">
        {t('wizard.notFound.title')}
      </h2>
      <p className="exq-empty__lead">{t('wizard.notFound.body')}</p>
      <Link to="/connect" className="exq-button exq-button--secondary">
        {t('wizard.notFound.back')}
      </Link>
    </section>
  );
}
