import type { ReconciliationOverview, ReconciliationReport } from '@exoserva/contracts';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http, HttpResponse } from 'msw';
import { expect, userEvent, within } from 'storybook/test';
import { bffHandlers, FAKE_BFF_URL } from '../../../test/bff-handlers.ts';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import {
  discrepanciesReport,
  emptyReport,
  firstOverview,
  longReport,
  matchingReport,
  overview,
  pendingReport,
} from '../../../test/fixtures/reconciliation.ts';

/** Step 7, monthly reconciliation, in every state. Data: the contract fixtures, served by MSW. */
const meta = {
  title: 'Wizard/Reconciliation step',
  parameters: { wizardPath: '/reconciliation' },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

type Answer = ReconciliationReport | 'never' | 'error';

const withReport = (report: Answer, over: ReconciliationOverview | 'never' = overview) => ({
  wizardPath: '/reconciliation',
  msw: {
    handlers: [
      http.get(`${FAKE_BFF_URL}/api/v1/reconciliation`, async () => {
        if (over === 'never') await delay('infinite');
        return HttpResponse.json(over);
      }),
      http.post(`${FAKE_BFF_URL}/api/v1/reconciliation/runs`, async () => {
        if (report === 'never') await delay('infinite');
        if (report === 'error') {
          return HttpResponse.json(
            {
              error: {
                code: 'qbo_unavailable',
                message: 'QuickBooks did not answer.',
                requestId: 'req-story',
              },
            },
            { status: 503 },
          );
        }
        return HttpResponse.json(report);
      }),
      http.post(`${FAKE_BFF_URL}/api/v1/sync/records/:kind/:id/run`, () => HttpResponse.json({ queued: 1 })),
      http.post(`${FAKE_BFF_URL}/api/v1/reconciliation/records/:kind/:id/resync`, () =>
        HttpResponse.json({ queued: 1 }),
      ),
      http.post(`${FAKE_BFF_URL}/api/v1/reconciliation/links`, () => HttpResponse.json({ queued: 1 })),
      ...bffHandlers({ connection: connectedStatus }),
    ],
  },
});

export const Matching: Story = { parameters: withReport(matchingReport) };
export const Discrepancies: Story = {
  parameters: withReport(discrepanciesReport),
  play: async ({ canvasElement, globals }) => {
    if (globals.role === 'technician') return;
    const canvas = within(canvasElement);
    const retry = await canvas.findByRole('button', { name: /INV-1042/ });
    await userEvent.click(retry);
    await expect(await canvas.findByText(/Queued to sync|En cola para sincronizar/)).toBeVisible();
  },
};
export const LoadingOverview: Story = { parameters: withReport(matchingReport, 'never') };
export const Reconciling: Story = { parameters: withReport('never') };
export const QuickBooksDown: Story = { parameters: withReport('error') };
/** Reconciled while records of the month were still syncing: that is said before the verdict. */
export const StillSyncing: Story = { parameters: withReport(pendingReport) };
export const EmptyMonth: Story = { parameters: withReport(emptyReport) };
export const FirstMonth: Story = { parameters: withReport(discrepanciesReport, firstOverview) };
export const LongLists: Story = { parameters: withReport(longReport) };
