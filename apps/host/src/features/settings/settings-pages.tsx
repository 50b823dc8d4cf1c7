import { settingsNav } from '../../app/routes.ts';
import { Link } from '../../lib/router.tsx';

export function SettingsHome() {
  return (
    <div className="page">
      <header className="page__header">
        <h1>Settings</h1>
        <p className="muted">Manage your company, your team and the tools Exoserva connects to.</p>
      </header>
      <div className="settings-overview">
        {settingsNav.map(({ group, items }) => (
          <section key={group} className="card" aria-labelledby={`group-${group}`}>
            <h2 id={`group-${group}`} className="card__title">
              {group}
            </h2>
            <ul className="link-list">
              {items.map((item) => (
                <li key={item.path}>
                  <Link to={item.path}>{item.label}</Link>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}

/** A page that exists so the shell is believable, and says plainly that it is a stand-in. */
export function PlaceholderPage({ title }: { title: string }) {
  return (
    <div className="page">
      <header className="page__header">
        <h1>{title}</h1>
      </header>
      <div className="card placeholder" data-testid="placeholder-page">
        <span className="pill">Placeholder</span>
        <p>
          This page is a placeholder in the development shell. The real {title} page lives in the Exoserva
          app; only Integrations → QuickBooks Online is functional here.
        </p>
      </div>
    </div>
  );
}
