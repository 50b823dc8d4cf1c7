import { QUICKBOOKS_PATH } from '../../app/routes.ts';
import { Link } from '../../lib/router.tsx';

const comingSoon = [
  {
    name: 'Stripe',
    description: 'Take card and ACH payments on invoices; payouts flow to QuickBooks through its connection.',
    mark: { letter: 'S', color: '#635bff' },
  },
  {
    name: 'Google Calendar',
    description: 'Put every technician’s scheduled jobs on their Google Calendar.',
    mark: { letter: 'G', color: '#1a73e8' },
  },
];

export function IntegrationsPage() {
  return (
    <div className="page">
      <header className="page__header">
        <h1>Integrations</h1>
        <p className="muted">
          Connect Exoserva to the accounting, payments and calendar tools your shop already uses.
        </p>
      </header>
      <ul className="cards" aria-label="Integrations">
        <li className="card card--integration">
          <div className="card__top">
            <span className="mark" style={{ background: '#2ca01c' }} aria-hidden="true">
              qb
            </span>
            <span className="pill pill--available">Available</span>
          </div>
          <h2 className="card__title">QuickBooks Online</h2>
          <p className="muted">
            Send every customer, invoice, payment and refund to QuickBooks Online automatically. Month-end
            becomes a 15-minute review.
          </p>
          <Link
            to={QUICKBOOKS_PATH}
            className="button button--secondary card__action"
            aria-label="QuickBooks Online — open"
          >
            Open
          </Link>
        </li>
        {comingSoon.map((item) => (
          <li key={item.name} className="card card--integration card--disabled" aria-disabled="true">
            <div className="card__top">
              <span className="mark" style={{ background: item.mark.color }} aria-hidden="true">
                {item.mark.letter}
              </span>
              <span className="pill">Coming soon</span>
            </div>
            <h2 className="card__title">{item.name}</h2>
            <p className="muted">{item.description}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
