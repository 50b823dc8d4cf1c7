import { TEST_SYNC_STEPS, type TestSyncCurrentResponse, type TestSyncRun } from '@exoserva/contracts';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http, HttpResponse } from 'msw';
import { expect, userEvent, within } from 'storybook/test';
import { bffHandlers, FAKE_BFF_URL } from '../../../test/bff-handlers.ts';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import {
  cleanedRun,
  cleanupIncompleteRun,
  testSyncCleaned,
  testSyncCleanupIncomplete,
  testSyncFailedMapping,
  testSyncFailedSync,
  testSyncIdle,
  testSyncPassed,
  testSyncRunning,
} from '../../../test/fixtures/test-sync.ts';

/** The test sync (GUIDE step 5): idle, each step running, passed, failed with its fix, refused $0, clean-up. */
const meta = {
  title: 'Wizard/Test sync',
  parameters: { wizardPath: '/test-sync' },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const url = (path: string) => `${FAKE_BFF_URL}${path}`;
const envelope = (code: string, message: string, details: unknown, status: number) =>
  HttpResponse.json({ error: { code, message, requestId: 'req-story', details } }, { status });

const scene = (
  current: TestSyncCurrentResponse,
  options: { start?: 'zero_refused'; cleanup?: TestSyncRun | 'never' } = {},
) => ({
  wizardPath: '/test-sync',
  msw: {
    handlers: [
      http.get(url('/api/v1/test-sync'), () => HttpResponse.json(current)),
      http.post(url('/api/v1/test-sync/runs'), async () => {
        await delay(20);
        return options.start === 'zero_refused'
          ? envelope(
              'validation_failed',
              'Always test with $1.00, never $0.00.',
              { reason: 'zero_amount' },
              400,
            )
          : envelope('conflict', 'A test sync is already running.', { reason: 'run_in_progress' }, 409);
      }),
      http.post(url('/api/v1/test-sync/runs/:id/cleanup'), async () => {
        if (options.cleanup === 'never') await delay('infinite');
        return HttpResponse.json(options.cleanup ?? cleanedRun);
      }),
      ...bffHandlers({ connection: connectedStatus }),
    ],
  },
});

export const Idle: Story = { parameters: scene(testSyncIdle) };

const running = (index: number): Story => ({ parameters: scene(testSyncRunning(index)) });
export const RunningCreateCustomer = running(TEST_SYNC_STEPS.indexOf('create_customer'));
export const RunningCreateInvoice = running(TEST_SYNC_STEPS.indexOf('create_invoice'));
export const RunningMarkPaid = running(TEST_SYNC_STEPS.indexOf('mark_paid'));
export const RunningSyncNow = running(TEST_SYNC_STEPS.indexOf('sync_now'));
export const RunningVerifyCustomer = running(TEST_SYNC_STEPS.indexOf('verify_customer'));
export const RunningVerifyInvoice = running(TEST_SYNC_STEPS.indexOf('verify_invoice'));
export const RunningVerifyPayment = running(TEST_SYNC_STEPS.indexOf('verify_payment'));
export const RunningVerifyIncome = running(TEST_SYNC_STEPS.indexOf('verify_income'));
export const RunningVerifyDeposit = running(TEST_SYNC_STEPS.indexOf('verify_deposit'));

export const Passed: Story = {
  parameters: scene(testSyncPassed),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('Test sync passed')).toBeInTheDocument();
    await expect(canvas.getByRole('link', { name: 'Turn on auto-sync' })).toBeInTheDocument();
  },
};

export const FailedWithMappingHint: Story = {
  parameters: scene(testSyncFailedMapping),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(
        'Fix the mapping entry “Labor item (carries the Service Revenue lines)”, then run the test again.',
      ),
    ).toBeInTheDocument();
    await expect(canvas.getByRole('link', { name: 'Open Field Mapping' })).toBeInTheDocument();
  },
};

export const FailedToSync: Story = { parameters: scene(testSyncFailedSync) };

export const RefusedZeroDollars: Story = {
  parameters: scene(testSyncIdle, { start: 'zero_refused' }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const amount = await canvas.findByLabelText('Test amount');
    await userEvent.clear(amount);
    await userEvent.type(amount, '0.00');
    await userEvent.click(canvas.getByRole('button', { name: 'Run the test sync' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('A $0.00 test is refused');
  },
};

export const Cleaning: Story = {
  parameters: scene(testSyncPassed, { cleanup: 'never' }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Clean up test records' }));
    await expect(await canvas.findByRole('button', { name: 'Cleaning up…' })).toBeDisabled();
  },
};

export const Cleaned: Story = { parameters: scene(testSyncCleaned) };
export const CleanupIncomplete: Story = {
  parameters: scene(testSyncCleanupIncomplete, { cleanup: cleanupIncompleteRun }),
};
