import {
  cloneElement,
  useCallback,
  useEffect,
  useId,
  useState,
  useSyncExternalStore,
  type FormEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import type { SessionStore } from '../../lib/session.ts';

export const DEV_RECORDS_PATH = '/dev/records';

interface Customer {
  id: string;
  displayName: string;
}
interface Invoice {
  id: string;
  number: string;
  customerId: string;
  totalCents: number;
  status: string;
}
interface Payment {
  id: string;
  invoiceId: string;
  amountCents: number;
  tipCents?: number;
  method: string;
}
interface Refund {
  id: string;
  paymentId: string;
  amountCents: number;
  method: string;
}
interface Payout {
  id: string;
  netCents: number;
  feeCents: number;
  payments: { paymentId: string }[];
  refunds: { refundId: string }[];
}

const dollars = (cents: number) =>
  `${cents < 0 ? '−' : ''}$${(Math.abs(cents) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
/** "12.50" → 1250, exactly (no float math on money). */
const toCents = (text: string) => {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : NaN;
};
const STRIPE_METHODS = ['card', 'ach'];

/**
 * DEV ONLY: makes Exoserva records on the stand-in so anyone can watch them flow to QuickBooks — the way every
 * newcomer makes activity. Every action calls the stand-in's record API with the signed-in session; the
 * stand-in pushes the signed event to the integration.
 */
export function RecordsPage({
  exoservaApiUrl,
  sessions,
}: {
  exoservaApiUrl: string;
  sessions: SessionStore;
}) {
  const state = useSyncExternalStore(sessions.subscribe, sessions.getState);
  const tenantId = state.session?.tenant.id;
  const [customers, setCustomers] = useState<Customer[]>([]);
  const [invoices, setInvoices] = useState<Invoice[]>([]);
  const [payments, setPayments] = useState<Payment[]>([]);
  const [refunds, setRefunds] = useState<Refund[]>([]);
  const [payouts, setPayouts] = useState<Payout[]>([]);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const call = useCallback(
    async <T,>(path: string, init: RequestInit = {}): Promise<T> => {
      const token = await sessions.getToken();
      const res = await fetch(`${exoservaApiUrl}/api/tenants/${tenantId}${path}`, {
        ...init,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as T & { error?: { message: string } };
      if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
      return body;
    },
    [exoservaApiUrl, sessions, tenantId],
  );

  const refresh = useCallback(async () => {
    if (!tenantId) return;
    const [c, i, p, r, po] = await Promise.all([
      call<{ items: Customer[] }>('/customers'),
      call<{ items: Invoice[] }>('/invoices'),
      call<{ items: Payment[] }>('/payments'),
      call<{ items: Refund[] }>('/refunds'),
      call<{ items: Payout[] }>('/payouts'),
    ]);
    setCustomers(c.items);
    setInvoices(i.items);
    setPayments(p.items);
    setRefunds(r.items);
    setPayouts(po.items);
  }, [call, tenantId]);

  useEffect(() => {
    refresh().catch((err: unknown) => setMessage({ tone: 'error', text: String(err) }));
  }, [refresh]);

  const act = (run: (form: FormData) => Promise<string>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      setMessage({ tone: 'ok', text: await run(form) });
      await refresh();
    } catch (err) {
      setMessage({ tone: 'error', text: `Refused: ${err instanceof Error ? err.message : String(err)}` });
    }
  };
  const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
  const send = <T,>(method: 'POST' | 'PATCH', path: string, body: unknown) =>
    call<T>(path, { method, body: JSON.stringify(body) });

  if (!tenantId) return <p className="muted">Signing in…</p>;

  const invoiceOf = (id: string) => invoices.find((i) => i.id === id);
  const refundedOf = (paymentId: string) =>
    refunds.filter((r) => r.paymentId === paymentId).reduce((s, r) => s + r.amountCents, 0);
  // What Stripe's balance holds for the next payout: charges and refunds no payout has carried yet.
  const paidOut = new Set(
    payouts.flatMap((p) => [...p.payments.map((x) => x.paymentId), ...p.refunds.map((x) => x.refundId)]),
  );
  const waitingPayments = payments.filter((p) => STRIPE_METHODS.includes(p.method) && !paidOut.has(p.id));
  const waitingRefunds = refunds.filter((r) => STRIPE_METHODS.includes(r.method) && !paidOut.has(r.id));
  const waitingGross =
    waitingPayments.reduce((s, p) => s + p.amountCents + (p.tipCents ?? 0), 0) -
    waitingRefunds.reduce((s, r) => s + r.amountCents, 0);
  const refundable = payments.filter((p) => refundedOf(p.id) < p.amountCents);

  return (
    <div className="page records" data-testid="records-page">
      <header className="page__header">
        <h1>Exoserva records (demo)</h1>
        <p className="muted">
          Development only. Each action makes a record on the Exoserva stand-in, which sends a signed event to
          the QuickBooks integration — watch it arrive on the Sync Status page.
        </p>
      </header>
      <p
        role="status"
        data-testid="records-status"
        className={message ? `records__status records__status--${message.tone}` : 'records__status'}
      >
        {message?.text}
      </p>

      <div className="records__grid">
        <RecordCard title="New customer">
          <form
            className="records__form"
            onSubmit={act(async (f) => {
              const c = await send<Customer>('POST', '/customers', {
                displayName: text(f, 'displayName'),
                ...(text(f, 'email') ? { email: text(f, 'email') } : {}),
              });
              return `Created customer ${c.displayName} (${c.id})`;
            })}
          >
            <Field label="Name">
              <input name="displayName" required maxLength={500} />
            </Field>
            <Field label="Email">
              <input name="email" type="email" />
            </Field>
            <button className="button" type="submit">
              Create customer
            </button>
          </form>
        </RecordCard>

        <RecordCard title="Rename a customer" hint="QuickBooks gets the new name on the next sync.">
          <form
            className="records__form"
            onSubmit={act(async (f) => {
              const c = await send<Customer>('PATCH', `/customers/${text(f, 'renameId')}`, {
                displayName: text(f, 'newName'),
              });
              return `Renamed the customer to ${c.displayName}`;
            })}
          >
            <Field label="Which customer">
              <select name="renameId" required>
                {customers.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.displayName}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="New display name">
              <input name="newName" required maxLength={500} />
            </Field>
            <button className="button button--secondary" type="submit" disabled={customers.length === 0}>
              Rename
            </button>
          </form>
        </RecordCard>

        <RecordCard title="New invoice">
          <form
            className="records__form"
            onSubmit={act(async (f) => {
              const labor = toCents(text(f, 'laborRate'));
              const hours = Math.round(Number(text(f, 'hours')) * 1000);
              const part = text(f, 'partPrice') ? toCents(text(f, 'partPrice')) : 0;
              const inv = await send<Invoice>('POST', '/invoices', {
                customerId: text(f, 'customerId'),
                lines: [
                  {
                    kind: 'labor',
                    description: text(f, 'description') || 'Labor',
                    quantityMilli: hours,
                    unitPriceCents: labor,
                  },
                  ...(part > 0
                    ? [
                        {
                          kind: 'part',
                          description: 'Parts',
                          quantityMilli: 1000,
                          unitPriceCents: part,
                          taxable: true,
                        },
                      ]
                    : []),
                ],
                ...(f.get('taxed') ? { taxRateId: 'tax_denver' } : {}),
                ...(text(f, 'internalNotes') ? { internalNotes: text(f, 'internalNotes') } : {}),
              });
              return `Created invoice ${inv.number} for ${dollars(inv.totalCents)}`;
            })}
          >
            <Field label="Customer">
              <select name="customerId" required>
                {customers.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.displayName}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Description">
              <input name="description" defaultValue="Labor" />
            </Field>
            <div className="records__row">
              <Field label="Hours">
                <input name="hours" defaultValue="1" inputMode="decimal" />
              </Field>
              <Field label="Rate ($)">
                <input name="laborRate" defaultValue="95.00" inputMode="decimal" />
              </Field>
              <Field label="Parts ($)">
                <input name="partPrice" inputMode="decimal" />
              </Field>
            </div>
            <label className="records__check">
              <input type="checkbox" name="taxed" /> Taxed (Denver combined)
            </label>
            <Field label="Internal notes (stay in Exoserva)">
              <input name="internalNotes" />
            </Field>
            <button className="button" type="submit" disabled={customers.length === 0}>
              Create invoice
            </button>
          </form>
        </RecordCard>

        <RecordCard title="Take a payment">
          <form
            className="records__form"
            onSubmit={act(async (f) => {
              const p = await send<Payment>('POST', `/invoices/${text(f, 'invoiceId')}/payments`, {
                method: text(f, 'method'),
                ...(text(f, 'method') === 'check' ? { checkNumber: '1001' } : {}),
              });
              return `Recorded ${p.method} payment of ${dollars(p.amountCents)}`;
            })}
          >
            <Field label="Invoice">
              <select name="invoiceId" required>
                {invoices
                  .filter((i) => i.status === 'open')
                  .map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.number} · {dollars(i.totalCents)}
                    </option>
                  ))}
              </select>
            </Field>
            <Field label="Method">
              <select name="method" defaultValue="card">
                <option value="card">Card (Stripe)</option>
                <option value="cash">Cash</option>
                <option value="check">Check</option>
              </select>
            </Field>
            <button className="button" type="submit">
              Mark paid
            </button>
          </form>
        </RecordCard>

        <RecordCard
          title="Refund a payment"
          hint="A partial refund leaves the rest of the payment; refund it again later if you like."
        >
          <form
            className="records__form"
            onSubmit={act(async (f) => {
              const amount = text(f, 'amount');
              const r = await send<{ amountCents: number; kind: string }>(
                'POST',
                `/payments/${text(f, 'paymentId')}/refunds`,
                amount ? { amountCents: toCents(amount) } : {},
              );
              return `Issued a ${r.kind} refund of ${dollars(r.amountCents)}`;
            })}
          >
            <Field label="Payment">
              <select name="paymentId" required>
                {refundable.map((p) => (
                  <option key={p.id} value={p.id}>
                    {invoiceOf(p.invoiceId)?.number ?? p.invoiceId} · {p.method} · {dollars(p.amountCents)}
                    {refundedOf(p.id) > 0 ? ` · ${dollars(refundedOf(p.id))} refunded` : ''}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Amount ($, empty = all that is left)">
              <input name="amount" inputMode="decimal" />
            </Field>
            <button className="button" type="submit" disabled={refundable.length === 0}>
              Refund
            </button>
          </form>
        </RecordCard>

        <RecordCard title="Stripe payout">
          <p className="records__waiting" data-testid="records-payout-waiting">
            Waiting for the next payout: {waitingPayments.length} card payment
            {waitingPayments.length === 1 ? '' : 's'}
            {waitingRefunds.length > 0 &&
              `, ${waitingRefunds.length} refund${waitingRefunds.length === 1 ? '' : 's'}`}{' '}
            — {dollars(waitingGross)} before fees.
          </p>
          {waitingGross <= 0 && waitingRefunds.length > 0 && (
            <p className="muted">
              The refunds are more than the charges waiting: Stripe would take the difference from the bank (a
              negative payout), which this demo does not make. Take another card payment first.
            </p>
          )}
          <form
            className="records__form"
            onSubmit={act(async (f) => {
              const po = await send<Payout>('POST', '/payouts', { feeCents: toCents(text(f, 'fee') || '0') });
              return `Paid out ${dollars(po.netCents)} (fee ${dollars(po.feeCents)})`;
            })}
          >
            <Field label="Stripe fee ($)">
              <input name="fee" defaultValue="0.59" inputMode="decimal" />
            </Field>
            <button
              className="button"
              type="submit"
              disabled={waitingPayments.length + waitingRefunds.length === 0}
            >
              Pay out card payments
            </button>
          </form>
          <p className="muted">
            {payouts.length} payout{payouts.length === 1 ? '' : 's'} so far.
          </p>
        </RecordCard>
      </div>
    </div>
  );
}

function RecordCard({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <section className="card records__card">
      <h2 className="card__title">{title}</h2>
      {hint && <p className="muted records__hint">{hint}</p>}
      {children}
    </section>
  );
}

/** A label above its one control, tied by id (so its name is the label alone, not the select's value too). */
function Field({ label, children }: { label: string; children: ReactElement<{ id?: string }> }) {
  const id = useId();
  return (
    <div className="records__field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id })}
    </div>
  );
}
