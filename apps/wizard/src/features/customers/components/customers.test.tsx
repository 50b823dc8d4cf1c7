import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import { customerMatches, directionTwoWay, directionUnchosen } from '../../../test/fixtures/mapping.ts';
import { BASE_PATH, renderWizard } from '../../../test/render-wizard.tsx';

type Bff = Parameters<Parameters<typeof renderWizard>[1]>[0];
const connected = (bff: Bff) => bff.on('GET /api/v1/connection', { body: connectedStatus });

describe('Customer sync direction', () => {
  it('preselects one-way as recommended and explains both trade-offs', async () => {
    renderWizard(`${BASE_PATH}/direction`, (b) =>
      connected(b).on('GET /api/v1/customer-direction', { body: directionUnchosen }),
    );
    const oneWay = await screen.findByRole('radio', { name: /One-way: Exoserva → QuickBooks/ });
    expect(oneWay).toBeChecked();
    expect(screen.getByText('Recommended')).toBeInTheDocument();
    expect(screen.getByText(/Exoserva is the source of truth/)).toBeInTheDocument();
    expect(
      screen.getByText(/Invites duplicate customers if your bookkeeper also enters customers in QuickBooks/),
    ).toBeInTheDocument();
    expect(screen.getByText('Not saved yet — one-way is preselected.')).toBeInTheDocument();
  });

  it('saves a two-way choice and offers the matching screen next', async () => {
    const { bff, user } = renderWizard(`${BASE_PATH}/direction`, (b) =>
      connected(b)
        .on('GET /api/v1/customer-direction', { body: directionUnchosen })
        .on('POST /api/v1/customer-direction', { body: directionTwoWay }),
    );
    await user.click(await screen.findByRole('radio', { name: /Two-way/ }));
    await user.click(screen.getByRole('button', { name: 'Save direction' }));
    expect((await screen.findAllByText('Saved: Two-way.'))[0]).toBeInTheDocument();
    expect(bff.calls.find((c) => c.method === 'POST')?.body).toEqual({ direction: 'two_way' });
    expect(screen.getByRole('link', { name: 'Next: match existing customers' })).toBeInTheDocument();
  });

  it('shows a saved choice as saved', async () => {
    renderWizard(`${BASE_PATH}/direction`, (b) =>
      connected(b).on('GET /api/v1/customer-direction', { body: directionTwoWay }),
    );
    expect(await screen.findByRole('radio', { name: /Two-way/ })).toBeChecked();
    expect(screen.getByText('Saved: Two-way.')).toBeInTheDocument();
  });
});

describe('Match existing customers', () => {
  const at = `${BASE_PATH}/direction/matching`;

  it('says it is comparing while the lists load', async () => {
    renderWizard(at, (b) =>
      connected(b).on('GET /api/v1/customer-matches', () => new Promise(() => undefined)),
    );
    expect(await screen.findByText('Comparing customers in Exoserva and QuickBooks…')).toBeInTheDocument();
  });

  it('shows three groups with why each customer matched', async () => {
    renderWizard(at, (b) => connected(b).on('GET /api/v1/customer-matches', { body: customerMatches }));
    const linked = await screen.findByRole('region', { name: /Linked automatically/ });
    const review = screen.getByRole('region', { name: /Needs review/ });
    const create = screen.getByRole('region', { name: /Will be created/ });
    expect(within(linked).getByText('Rosa Alvarez')).toBeInTheDocument();
    expect(within(linked).getByText('Same email')).toBeInTheDocument();
    expect(within(linked).getByLabelText('QuickBooks customer for Rosa Alvarez')).toHaveValue('58');
    // Review rows wait for a decision: they would be created until accepted.
    expect(within(review).getByLabelText('QuickBooks customer for Harbor Dental')).toHaveValue('');
    expect(within(create).getByLabelText('QuickBooks customer for Brand New Customer')).toHaveValue('');
    expect(screen.getByText('1 will be linked · 3 will be created')).toBeInTheDocument();
  });

  it('accepts every suggested link in bulk, takes a per-row override, and stores the decisions', async () => {
    const { bff, user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/customer-matches', { body: customerMatches })
        .on('POST /api/v1/customer-matches', { body: { linked: 3, willBeCreated: 1 } }),
    );
    const review = await screen.findByRole('region', { name: /Needs review/ });
    await user.click(within(review).getByRole('button', { name: 'Accept all 2 suggested links' }));
    expect(within(review).getByLabelText('QuickBooks customer for Harbor Dental')).toHaveValue('59');
    expect(within(review).getAllByText('Accepted')).toHaveLength(2);
    // Override: Harbor Dental is really "Harbor Dental Group".
    await user.selectOptions(within(review).getByLabelText('QuickBooks customer for Harbor Dental'), '61');
    await user.click(screen.getByRole('button', { name: 'Save matches' }));
    expect(
      await screen.findByText('3 customers linked to QuickBooks; 1 will be created by the first sync.'),
    ).toBeInTheDocument();
    // A way forward, not a dead end (issue 21).
    expect(screen.getByRole('link', { name: 'Next: run the test sync' })).toBeVisible();
    await waitFor(() =>
      expect(bff.calls.find((c) => c.method === 'POST')?.body).toEqual({
        decisions: [
          { exoservaId: 'cus_rosa', qboId: '58' },
          { exoservaId: 'cus_harbor', qboId: '61' },
          { exoservaId: 'cus_kim', qboId: '60' },
          { exoservaId: 'cus_new', qboId: null },
        ],
      }),
    );
  });

  it('says when there is nothing to match', async () => {
    renderWizard(at, (b) =>
      connected(b).on('GET /api/v1/customer-matches', { body: { rows: [], qboCustomers: [] } }),
    );
    expect(await screen.findByText(/no customers in Exoserva yet/)).toBeInTheDocument();
  });
});
