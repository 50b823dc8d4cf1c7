import type { AuditEntry } from '@exoserva/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../../lib/format.ts';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import { BASE_PATH, renderWizard } from '../../../test/render-wizard.tsx';

const base = {
  at: '2026-10-03T15:24:00.000Z',
  actor: { userId: 'user-owner', name: 'Dana Whitfield', role: 'owner' },
  company: { realmId: '9341452781203', name: 'Summit HVAC LLC' },
} as const;

const entries: AuditEntry[] = [
  {
    ...base,
    id: 'a4',
    action: 'switch',
    detail: 'Switched from Summit HVAC LLC to Summit New Books; 1 linked record(s) stay with Summit HVAC LLC',
    detailCode: 'switched',
    detailParams: { from: 'Summit HVAC LLC', to: 'Summit New Books', count: 1 },
  },
  {
    ...base,
    id: 'a3',
    action: 'sync_record_ignored',
    detail: 'Ignored the failed invoice inv_1001: entered by hand',
    detailCode: 'record_ignored',
    detailParams: { kind: 'invoice', recordId: 'inv_1001', reason: 'entered by hand' },
  },
  {
    ...base,
    id: 'a5',
    action: 'test_sync_run',
    detail: 'Test sync passed: $1.00 landed in QuickBooks and every check matched',
    detailCode: 'test_sync_passed',
    detailParams: { amountCents: 100 },
  },
  {
    ...base,
    id: 'a6',
    action: 'backfill_started',
    detail: 'Backfill of 2026-10-01 to 2026-10-31 (12 records)',
    detailCode: 'backfill_job',
    detailParams: { from: '2026-10-01', to: '2026-10-31', count: 12 },
  },
  // Recorded before codes existed, and a code a newer BFF knows but this wizard does not: the English stays.
  { ...base, id: 'a2', action: 'connect', detail: 'Recorded in English only' },
  {
    ...base,
    id: 'a1',
    action: 'reconnect',
    detail: 'A sentence from a newer BFF',
    detailCode: 'something_new',
    detailParams: {},
  },
];

const activity = async (locale: string) => {
  renderWizard(
    `${BASE_PATH}/activity`,
    (bff) => {
      bff.on('GET /api/v1/connection', { body: connectedStatus });
      bff.on('GET /api/v1/audit', { body: { entries } });
    },
    { locale },
  );
  return within(await screen.findByRole('table'));
};

describe('audit entry details', () => {
  it('are said in Spanish from their code and facts, record kinds included', async () => {
    const log = await activity('es-MX');
    expect(
      await log.findByText(
        'Cambio de Summit HVAC LLC a Summit New Books; 1 registro vinculado se queda con Summit HVAC LLC',
      ),
    ).toBeInTheDocument();
    expect(log.getByText('Se ignoró factura inv_1001 con error: entered by hand')).toBeInTheDocument();
    expect(log.queryByText(/Switched from/)).not.toBeInTheDocument();
    // Money arrives in cents and is written in the page's locale and the tenant's currency (Intl's no-break space
    // is a plain one in the page's normalized text).
    expect(
      log.getByText(
        `Sincronización de prueba aprobada: ${formatMoney(100, 'es-MX', 'USD').replace(/\s/g, ' ')} llegó a QuickBooks y todas las comprobaciones coincidieron`,
      ),
    ).toBeInTheDocument();
  });

  it('write the days of a range as the page’s locale writes dates, whatever the reader’s time zone', async () => {
    const day = (iso: string, locale: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
        .format(new Date(`${iso}T00:00:00Z`))
        .replace(/\s/g, ' ');
    const es = await activity('es-MX');
    expect(
      await es.findByText(new RegExp(`${day('2026-10-01', 'es-MX')}.*${day('2026-10-31', 'es-MX')}`)),
    ).toBeInTheDocument();
    expect(es.queryByText(/2026-10-01/)).not.toBeInTheDocument();
  });

  it('keep the English they were recorded in when there is no code, or one this wizard has no words for', async () => {
    const log = await activity('es-MX');
    expect(await log.findByText('Recorded in English only')).toBeInTheDocument();
    expect(await log.findByText('A sentence from a newer BFF')).toBeInTheDocument();
  });

  it('read the same in English from the code as the BFF recorded them', async () => {
    const log = await activity('en-US');
    expect(
      await log.findByText(
        'Switched from Summit HVAC LLC to Summit New Books; 1 linked record stays with Summit HVAC LLC',
      ),
    ).toBeInTheDocument();
    expect(log.getByText('Ignored the failed invoice inv_1001: entered by hand')).toBeInTheDocument();
  });
});
