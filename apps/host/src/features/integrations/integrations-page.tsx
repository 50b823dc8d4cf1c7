import { QUICKBOOKS_PATH } from '../../app/routes.ts';
import { Link } from '../../lib/router.tsx';
import { useQuickBooksCardState, type QuickBooksCardState } from './quickbooks-card-state.ts';

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

/** The QuickBooks card's pill: what the connection needs, in a word or two. */
function QuickBooksPill({ state }: { state: QuickBooksCardState }) {
  if (state.kind === 'needs_reconnect') return <span className="pill pill--warning">Needs reconnect</span>;
  if (state.kind === 'connected' && state.failed > 0)
    return (
      <span className="pill pill--danger">
        {state.failed === 1 ? '1 record failed' : `${state.failed.toLocaleString('en-US')} records failed`}
      </span>
    );
  if (state.kind === 'connected') return <span className="pill pill--connected">Connected</span>;
  return <span className="pill pill--available">Available</span>;
}

export function IntegrationsPage({
  bffUrl,
  getSessionToken,
}: {
  bffUrl: string;
  getSessionToken: () => Promise<string>;
}) {
  const qbo = useQuickBooksCardState(bffUrl, getSessionToken);
  return (
    <div className="page">
      <header className="page__header">
        <h1>Integrations</h1>
        <p className="muted">
          Connect Exoserva to the accounting, payments and calendar tools your shop already uses.
        </p>
      </header>
      <ul className="cards" aria-label="Integrations">
        {/* The whole card opens the integration (guide step 1: "Click the QuickBooks card"). */}
        <li className="card card--integration card--link">
          <div className="card__top">
            <span className="mark" style={{ background: '#2ca01c' }} aria-hidden="true">
              qb
            </span>
            <QuickBooksPill state={qbo} />
          </div>
          <h2 className="card__title">QuickBooks Online</h2>
          {(qbo.kind === 'connected' || qbo.kind === 'needs_reconnect') && qbo.company ? (
            <p className="card__detail">
              {qbo.kind === 'connected' ? 'Connected to ' : 'Was connected to '}
              <strong>{qbo.company}</strong>
            </p>
          ) : null}
          <p className="muted">
            Send every customer, invoice, payment and refund to QuickBooks Online automatically. Month-end
            becomes a 15-minute review.
          </p>
          <Link to={QUICKBOOKS_PATH} className="button button--secondary card__action card__stretched">
            {qbo.kind === 'needs_reconnect' ? 'Reconnect' : qbo.kind === 'connected' ? 'Manage' : 'Open'}{' '}
            <span className="visually-hidden">QuickBooks Online</span>
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
