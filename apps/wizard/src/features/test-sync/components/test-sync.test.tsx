import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply } from '../../../test/fake-bff.ts';
import { connectedStatus, disconnectedStatus } from '../../../test/fixtures/connection.ts';
import {
  autoSyncLocked,
  autoSyncUnlocked,
  cleanedRun,
  passedRun,
  runningRun,
  testSyncFailedMapping,
  testSyncFailedSync,
  testSyncIdle,
  testSyncPassed,
  testSyncRunning,
} from '../../../test/fixtures/test-sync.ts';
import { BASE_PATH, renderWizard } from '../../../test/render-wizard.tsx';
import { parseAmountToCents } from './test-sync-format.ts';

type Bff = Parameters<Parameters<typeof renderWizard>[1]>[0];
const connected = (bff: Bff) => bff.on('GET /api/v1/connection', { body: connectedStatus });

describe('the test sync step', () => {
  it('runs the test with $1.00 and shows each step live until it passes', async () => {
    let readsAfterStart = 0;
    const { bff, user } = renderWizard(`${BASE_PATH}/test-sync`, (b) =>
      connected(b)
        .on('GET /api/v1/test-sync', () => {
          // Idle until the start, then the run moving through its steps, then passed: what polling sees.
          if (!b.calls.some((c) => c.method === 'POST')) return { body: testSyncIdle };
          readsAfterStart += 1;
          return { body: readsAfterStart === 1 ? testSyncRunning(3) : testSyncPassed };
        })
        .on('POST /api/v1/test-sync/runs', { status: 201, body: runningRun(0) }),
    );
    await user.click(await screen.findByRole('button', { name: 'Run the test sync' }));
    await waitFor(() =>
      expect(bff.calls.find((c) => c.path === '/api/v1/test-sync/runs')?.body).toEqual({ amountCents: 100 }),
    );
    const steps = await screen.findByRole('list', { name: 'Test sync steps' });
    expect(within(steps).getAllByRole('listitem')).toHaveLength(9);
    await waitFor(() => expect(screen.getByText('Test sync passed')).toBeInTheDocument(), { timeout: 4000 });
    expect(within(steps).getAllByText('Passed')).toHaveLength(9);
    expect(screen.getByText('Services moved by exactly $1.00')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Turn on auto-sync' })).toHaveAttribute(
      'href',
      `${BASE_PATH}/auto-sync`,
    );
  });

  it('says which step is in progress in words, not only with a spinner', async () => {
    renderWizard(`${BASE_PATH}/test-sync`, (b) =>
      connected(b).on('GET /api/v1/test-sync', { body: testSyncRunning(3) }),
    );
    const sync = (await screen.findByText('Sync Now for exactly these records')).closest('li') as HTMLElement;
    expect(sync).toHaveTextContent('In progress');
    expect(screen.queryByRole('button', { name: /Run the test/ })).not.toBeInTheDocument();
  });

  it('refuses $0.00 with the guide’s reason', async () => {
    const { user } = renderWizard(`${BASE_PATH}/test-sync`, (b) =>
      connected(b)
        .on('GET /api/v1/test-sync', { body: testSyncIdle })
        .on('POST /api/v1/test-sync/runs', {
          status: 400,
          body: {
            error: {
              code: 'validation_failed',
              message: 'Always test with $1.00',
              requestId: 'r1',
              details: { reason: 'zero_amount' },
            },
          },
        }),
    );
    const amount = await screen.findByLabelText('Test amount');
    await user.clear(amount);
    await user.type(amount, '0');
    await user.click(screen.getByRole('button', { name: 'Run the test sync' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'some QuickBooks versions reject zero-dollar invoices outright',
    );
  });

  it('names the mapping entry to fix and links to the Field Mapping page', async () => {
    renderWizard(`${BASE_PATH}/test-sync`, (b) =>
      connected(b).on('GET /api/v1/test-sync', { body: testSyncFailedMapping }),
    );
    const income = (await screen.findByText('Services moved by exactly $1.00')).closest('li') as HTMLElement;
    expect(income).toHaveTextContent('Failed');
    expect(income).toHaveTextContent(
      'Services moved by $0.00 instead of $1.00. The amount went to Sales of Product Income instead.',
    );
    expect(income).toHaveTextContent(
      'Fix the mapping entry “Labor item (carries the Service Revenue lines)”',
    );
    expect(within(income).getByRole('link', { name: 'Open Field Mapping' })).toHaveAttribute(
      'href',
      `${BASE_PATH}/mapping`,
    );
    expect(screen.getByText('Test sync failed')).toBeInTheDocument();
  });

  it('shows the sync engine’s plain fix when a record could not be sent, and skips the checks', async () => {
    renderWizard(`${BASE_PATH}/test-sync`, (b) =>
      connected(b).on('GET /api/v1/test-sync', { body: testSyncFailedSync }),
    );
    expect(
      await screen.findByText(/Customer name conflict\. A customer named 'Test Customer ZZ'/),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Skipped')).toHaveLength(5);
  });

  it('cleans up and says exactly what it did on each side', async () => {
    const { bff, user } = renderWizard(`${BASE_PATH}/test-sync`, (b) =>
      connected(b)
        .on('GET /api/v1/test-sync', () => ({
          body: b.calls.some((c) => c.path.endsWith('/cleanup'))
            ? { ...testSyncPassed, run: cleanedRun }
            : testSyncPassed,
        }))
        .on(`POST /api/v1/test-sync/runs/${passedRun.id}/cleanup`, { body: cleanedRun }),
    );
    const cleanupButton = await screen.findByRole('button', { name: 'Clean up test records' });
    expect(screen.getByText(/Clean up the test records, then turn on auto-sync/)).toBeInTheDocument();
    // While the last test's records remain, a new test would clash: the clean-up comes first.
    expect(screen.queryByRole('button', { name: 'Run the test again' })).not.toBeInTheDocument();
    await user.click(cleanupButton);
    expect(await screen.findByText('Test records cleaned up')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run the test again' })).toBeInTheDocument();
    // Done: the pass no longer asks for a clean-up.
    expect(screen.queryByText(/Clean up the test records, then/)).not.toBeInTheDocument();
    expect(screen.getByText(/the test records are gone from both sides/)).toBeInTheDocument();
    expect(
      screen.getByText(
        'QuickBooks: customer Test Customer ZZ — made inactive (QuickBooks cannot delete customers)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('QuickBooks: invoice ZZTEST-3F0C9A52 — deleted')).toBeInTheDocument();
    expect(screen.getByText('Exoserva: payment $1.00 — deleted')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Clean up/ })).not.toBeInTheDocument();
    expect(bff.calls.filter((c) => c.path.endsWith('/cleanup'))).toHaveLength(1);
  });

  it('asks to connect first when QuickBooks is not connected', async () => {
    renderWizard(`${BASE_PATH}/test-sync`, (b) =>
      b
        .on('GET /api/v1/connection', { body: disconnectedStatus })
        .on('GET /api/v1/test-sync', { body: testSyncIdle }),
    );
    expect(await screen.findByText('Connect QuickBooks first')).toBeInTheDocument();
  });
});

describe('the auto-sync step', () => {
  it('turns auto-sync on directly once a test passed', async () => {
    const { bff, user } = renderWizard(`${BASE_PATH}/auto-sync`, (b) =>
      connected(b)
        // What the BFF says after the change: auto-sync on.
        .on('GET /api/v1/test-sync', () => ({
          body: { ...autoSyncUnlocked, autoSync: b.calls.some((c) => c.method === 'PUT') },
        }))
        .on('PUT /api/v1/sync/settings', { body: { autoSync: true } }),
    );
    const toggle = await screen.findByRole('switch', { name: 'Auto-sync' });
    await user.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute('aria-checked', 'true'));
    expect(bff.calls.find((c) => c.method === 'PUT')?.body).toEqual({ autoSync: true });
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('needs an explicit override before a passing test, and sends it', async () => {
    const { bff, user } = renderWizard(`${BASE_PATH}/auto-sync`, (b) =>
      connected(b)
        .on('GET /api/v1/test-sync', { body: autoSyncLocked })
        .on('PUT /api/v1/sync/settings', { body: { autoSync: true } }),
    );
    expect(await screen.findByText('No passing test sync yet')).toBeInTheDocument();
    await user.click(screen.getByRole('switch', { name: 'Auto-sync' }));
    const dialog = await screen.findByRole('alertdialog', {
      name: 'Turn on auto-sync without a passing test?',
    });
    expect(bff.calls.some((c) => c.method === 'PUT')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Turn on anyway' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(bff.calls.find((c) => c.method === 'PUT')?.body).toEqual({ autoSync: true, override: true });
  });

  it('keeps the dialog open and says why when the BFF refuses', async () => {
    const { user } = renderWizard(`${BASE_PATH}/auto-sync`, (b) =>
      connected(b)
        .on('GET /api/v1/test-sync', { body: autoSyncLocked })
        .on('PUT /api/v1/sync/settings', errorReply('forbidden', 403, 'Only an Owner may do that')),
    );
    await user.click(await screen.findByRole('switch', { name: 'Auto-sync' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Turn on anyway' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Only an Owner may do that');
  });
});

describe('parseAmountToCents', () => {
  it('reads dollars and cents exactly, and refuses what is not an amount', () => {
    expect(parseAmountToCents('1.00')).toBe(100);
    expect(parseAmountToCents('$1')).toBe(100);
    expect(parseAmountToCents('0')).toBe(0);
    expect(parseAmountToCents('12.5')).toBe(1250);
    expect(parseAmountToCents('0.1')).toBe(10);
    expect(parseAmountToCents('abc')).toBeNull();
    expect(parseAmountToCents('1.234')).toBeNull();
    expect(parseAmountToCents('-1')).toBeNull();
  });
});
