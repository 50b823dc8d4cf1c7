import { useCallback, useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
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
  method: string;
}
interface Payout {
  id: string;
  netCents: number;
  feeCents: number;
}

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;
/** "12.50" → 1250, exactly (no float math on money). */
const toCents = (text: string) => {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : NaN;
};

/**
 * DEV ONLY: creates Exoserva records on the stand-in so anyone can watch them flow to QuickBooks. Every
 * action calls the stand-in's record API with the signed-in session; the stand-in pushes the signed event.
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
  const [payouts, setPayouts] = useState<Payout[]>([]);
  const [message, setMessage] = useState<string>('');

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
    const [c, i, p, po] = await Promise.all([
      call<{ items: Customer[] }>('/customers'),
      call<{ items: Invoice[] }>('/invoices'),
      call<{ items: Payment[] }>('/payments'),
      call<{ items: Payout[] }>('/payouts'),
    ]);
    setCustomers(c.items);
    setInvoices(i.items);
    setPayments(p.items);
    setPayouts(po.items);
  }, [call, tenantId]);

  useEffect(() => {
    refresh().catch((err: unknown) => setMessage(String(err)));
  }, [refresh]);

  const act = (run: (form: FormData) => Promise<string>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      setMessage(await run(form));
      await refresh();
    } catch (err) {
      setMessage(`Refused: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
  const post = <T,>(path: string, body: unknown) =>
    call<T>(path, { method: 'POST', body: JSON.stringify(body) });

  if (!tenantId) return <p className="muted">Signing in…</p>;
  return (
    <div className="page" data-testid="records-page">
      <header className="page__header">
        <h1>Exoserva records (demo)</h1>
        <p className="muted">
          Development only. Each action creates a record on the Exoserva stand-in, which sends a signed event
          to the QuickBooks integration.
        </p>
      </header>
      <p role="status" data-testid="records-status">
        {message}
      </p>

      <section className="card">
        <h2 className="card__title">Customer</h2>
        <form
          onSubmit={act(async (f) => {
            const c = await post<Customer>('/customers', {
              displayName: text(f, 'displayName'),
              ...(text(f, 'email') ? { email: text(f, 'email') } : {}),
            });
            return `Created customer ${c.displayName} (${c.id})`;
          })}
        >
          <label>
            Name <input name="displayName" required maxLength={500} />
          </label>
          <label>
            Email <input name="email" type="email" />
          </label>
          <button className="button" type="submit">
            Create customer
          </button>
        </form>
      </section>

      <section className="card">
        <h2 className="card__title">Invoice</h2>
        <form
          onSubmit={act(async (f) => {
            const labor = toCents(text(f, 'laborRate'));
            const hours = Math.round(Number(text(f, 'hours')) * 1000);
            const part = text(f, 'partPrice') ? toCents(text(f, 'partPrice')) : 0;
            const inv = await post<Invoice>('/invoices', {
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
          <label>
            Customer{' '}
            <select name="customerId" required>
              {customers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.displayName}
                </option>
              ))}
            </select>
          </label>
          <label>
            Description <input name="description" defaultValue="Labor" />
          </label>
          <label>
            Hours <input name="hours" defaultValue="1" inputMode="decimal" />
          </label>
          <label>
            Rate ($) <input name="laborRate" defaultValue="95.00" inputMode="decimal" />
          </label>
          <label>
            Parts ($) <input name="partPrice" inputMode="decimal" />
          </label>
          <label>
            <input type="checkbox" name="taxed" /> Taxed (Denver combined)
          </label>
          <label>
            Internal notes (stay in Exoserva) <input name="internalNotes" />
          </label>
          <button className="button" type="submit">
            Create invoice
          </button>
        </form>
      </section>

      <section className="card">
        <h2 className="card__title">Payment</h2>
        <form
          onSubmit={act(async (f) => {
            const p = await post<Payment>(`/invoices/${text(f, 'invoiceId')}/payments`, {
              method: text(f, 'method'),
              ...(text(f, 'method') === 'check' ? { checkNumber: '1001' } : {}),
            });
            return `Recorded ${p.method} payment of ${dollars(p.amountCents)}`;
          })}
        >
          <label>
            Invoice{' '}
            <select name="invoiceId" required>
              {invoices
                .filter((i) => i.status === 'open')
                .map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.number} · {dollars(i.totalCents)}
                  </option>
                ))}
            </select>
          </label>
          <label>
            Method{' '}
            <select name="method" defaultValue="card">
              <option value="card">Card (Stripe)</option>
              <option value="cash">Cash</option>
              <option value="check">Check</option>
            </select>
          </label>
          <button className="button" type="submit">
            Mark paid
          </button>
        </form>
      </section>

      <section className="card">
        <h2 className="card__title">Refund</h2>
        <form
          onSubmit={act(async (f) => {
            const amount = text(f, 'amount');
            const r = await post<{ amountCents: number; kind: string }>(
              `/payments/${text(f, 'paymentId')}/refunds`,
              {
                ...(amount ? { amountCents: toCents(amount) } : {}),
              },
            );
            return `Issued a ${r.kind} refund of ${dollars(r.amountCents)}`;
          })}
        >
          <label>
            Payment{' '}
            <select name="paymentId" required>
              {payments.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.method} · {dollars(p.amountCents)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Amount ($, empty = full) <input name="amount" inputMode="decimal" />
          </label>
          <button className="button" type="submit">
            Refund
          </button>
        </form>
      </section>

      <section className="card">
        <h2 className="card__title">Stripe payout</h2>
        <form
          onSubmit={act(async (f) => {
            const po = await post<Payout>('/payouts', { feeCents: toCents(text(f, 'fee') || '0') });
            return `Paid out ${dollars(po.netCents)} (fee ${dollars(po.feeCents)})`;
          })}
        >
          <label>
            Stripe fee ($) <input name="fee" defaultValue="0.59" inputMode="decimal" />
          </label>
          <button className="button" type="submit">
            Pay out card payments
          </button>
        </form>
        <p className="muted">{payouts.length} payout(s) so far.</p>
      </section>
    </div>
  );
}
