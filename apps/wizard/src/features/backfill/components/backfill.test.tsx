import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  backfillPreview,
  backfillPreviewAllThere,
  backfillPreviewEmpty,
  doneJob,
  noJob,
  pausedJob,
  runningJob,
} from '../../../test/fixtures/backfill.ts';
import { connectedStatus, disconnectedStatus } from '../../../test/fixtures/connection.ts';
import { BASE_PATH, renderWizard } from '../../../test/render-wizard.tsx';

type Bff = Parameters<Parameters<typeof renderWizard>[1]>[0];
const at = `${BASE_PATH}/backfill`;
const connected = (bff: Bff) => bff.on('GET /api/v1/connection', { body: connectedStatus });

async function choose(user: ReturnType<typeof renderWizard>['user'], from: string, to: string) {
  const fromInput = await screen.findByLabelText('From');
  await user.clear(fromInput);
  await user.type(fromInput, from);
  const toInput = screen.getByLabelText('To');
  await user.clear(toInput);
  await user.type(toInput, to);
}

describe('Bring in past records', () => {
  it('previews a range per type with amounts in the tenant’s currency, what is linked, and the held records it covers', async () => {
    const { bff, user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/backfill/jobs/current', { body: noJob })
        .on('POST /api/v1/backfill/preview', { body: backfillPreview }),
    );
    await choose(user, '2026-10-01', '2026-10-31');
    await user.click(screen.getByRole('checkbox', { name: 'Refunds' }));
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const table = await screen.findByRole('region', { name: 'Records in the range, by type' });
    const invoices = within(table).getByRole('row', { name: /Invoices/ });
    expect(invoices).toHaveTextContent('412');
    expect(invoices).toHaveTextContent('$187,349.50');
    expect(invoices).toHaveTextContent('$12,045.00');
    // Customers carry no amount of their own.
    expect(within(table).getByRole('row', { name: /Customers/ })).not.toHaveTextContent('$');
    expect(
      screen.getByText(/6 of these records were held because QuickBooks was disconnected/),
    ).toBeInTheDocument();
    expect(screen.getByText(/1 customer looks like one already in QuickBooks/)).toBeInTheDocument();
    expect(screen.getByText(/Linked records are not created again/)).toBeInTheDocument();
    expect(screen.getByText(/Estimated time: under a minute at QuickBooks’ rate limit/)).toBeInTheDocument();
    expect(bff.calls.find((c) => c.path === '/api/v1/backfill/preview')?.body).toEqual({
      from: '2026-10-01',
      to: '2026-10-31',
      kinds: ['invoice', 'payment', 'payout'],
    });
  });

  it('starts the job from the preview and shows its progress', async () => {
    const { bff, user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/backfill/jobs/current', { body: noJob })
        .on('POST /api/v1/backfill/preview', { body: backfillPreview })
        .on('POST /api/v1/backfill/jobs', { status: 201, body: runningJob }),
    );
    await user.click(await screen.findByRole('button', { name: 'Preview' }));
    await user.click(await screen.findByRole('button', { name: 'Start backfill (48 records)' }));
    expect(await screen.findByRole('progressbar', { name: 'Records in QuickBooks' })).toHaveAttribute(
      'value',
      '515',
    );
    expect(bff.calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/backfill/jobs')).toHaveLength(
      1,
    );
  });

  it('refuses a range that ends before it starts without asking the BFF', async () => {
    const { bff, user } = renderWizard(at, (b) =>
      connected(b).on('GET /api/v1/backfill/jobs/current', { body: noJob }),
    );
    await choose(user, '2026-10-31', '2026-10-01');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The start date must be on or before the end date.',
    );
    expect(screen.getByLabelText('To')).toHaveAttribute('aria-invalid', 'true');
    expect(bff.calls.some((c) => c.path === '/api/v1/backfill/preview')).toBe(false);
  });

  it('says when a range holds nothing, and when everything is already in QuickBooks (no Start)', async () => {
    let answer = backfillPreviewEmpty;
    const { user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/backfill/jobs/current', { body: noJob })
        .on('POST /api/v1/backfill/preview', () => ({ body: answer })),
    );
    await user.click(await screen.findByRole('button', { name: 'Preview' }));
    expect(await screen.findByText('Nothing dated in this range')).toBeInTheDocument();
    answer = backfillPreviewAllThere;
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText('Everything in this range is already in QuickBooks')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Start backfill/ })).not.toBeInTheDocument();
  });

  it('shows a running job with counts and ETA, and pauses it', async () => {
    const { bff, user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/backfill/jobs/current', { body: { job: runningJob } })
        .on(`POST /api/v1/backfill/jobs/${runningJob.id}/pause`, { body: pausedJob }),
    );
    expect(await screen.findByText('512 of 1,250 records in QuickBooks')).toBeInTheDocument();
    expect(screen.getByText(/90 on their way/)).toBeInTheDocument();
    expect(screen.getByText(/Time left: about 2 minutes/)).toBeInTheDocument();
    expect(screen.getByText(/460 records a minute/)).toBeInTheDocument();
    expect(screen.getByText('Running')).toBeInTheDocument();
    // Three records failed: the way to their fix is one click away.
    expect(screen.getByRole('link', { name: 'Open Sync status' })).toBeInTheDocument();
    // No new range while a job runs.
    expect(screen.queryByRole('button', { name: 'Preview' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(await screen.findByText('Paused')).toBeInTheDocument();
    expect(screen.getByText(/nothing more is sent until you resume/)).toBeInTheDocument();
    expect(bff.calls.find((c) => c.path.endsWith('/pause'))?.body).toEqual({});
  });

  it('resumes a paused job', async () => {
    const { user, bff } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/backfill/jobs/current', { body: { job: pausedJob } })
        .on(`POST /api/v1/backfill/jobs/${pausedJob.id}/resume`, { body: runningJob }),
    );
    await user.click(await screen.findByRole('button', { name: 'Resume' }));
    expect(await screen.findByRole('button', { name: 'Pause' })).toBeInTheDocument();
    expect(bff.calls.some((c) => c.path.endsWith('/resume'))).toBe(true);
  });

  it('shows how the last job ended, with the form for the next range', async () => {
    renderWizard(at, (b) => connected(b).on('GET /api/v1/backfill/jobs/current', { body: { job: doneJob } }));
    expect(await screen.findByText('Backfill finished')).toBeInTheDocument();
    expect(screen.getByText('1,250 of 1,250 records are in QuickBooks.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Preview' })).toBeInTheDocument();
  });

  it('asks to connect first when QuickBooks is not connected', async () => {
    renderWizard(at, (b) =>
      b
        .on('GET /api/v1/connection', { body: disconnectedStatus })
        .on('GET /api/v1/backfill/jobs/current', { body: noJob }),
    );
    expect(await screen.findByText('Connect QuickBooks first')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Preview' })).not.toBeInTheDocument());
  });
});
