import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http, HttpResponse } from 'msw';
import { expect, userEvent, within } from 'storybook/test';
import { bffHandlers, FAKE_BFF_URL } from '../../../test/bff-handlers.ts';
import {
  backfillPreview,
  backfillPreviewEmpty,
  doneJob,
  noJob,
  pausedJob,
  repostJob,
  runningJob,
} from '../../../test/fixtures/backfill.ts';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import type { BackfillCurrentResponse, BackfillPreviewResponse } from '@exoserva/contracts';

/** Bring in past records (issue 8): the range and its preview, a job running, paused, done, and failures. */
const meta = {
  title: 'Wizard/Backfill',
  parameters: { wizardPath: '/backfill' },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const url = (path: string) => `${FAKE_BFF_URL}${path}`;
const scene = (
  current: BackfillCurrentResponse | 'error',
  preview: BackfillPreviewResponse | 'error' = backfillPreview,
) => ({
  wizardPath: '/backfill',
  msw: {
    handlers: [
      http.get(url('/api/v1/backfill/jobs/current'), () =>
        current === 'error'
          ? HttpResponse.json(
              {
                error: {
                  code: 'internal_error',
                  message: 'The BFF answered internal_error.',
                  requestId: 'req-1',
                },
              },
              { status: 500 },
            )
          : HttpResponse.json(current),
      ),
      http.post(url('/api/v1/backfill/preview'), async () => {
        await delay(20);
        return preview === 'error'
          ? HttpResponse.json(
              {
                error: {
                  code: 'qbo_unavailable',
                  message:
                    'QuickBooks did not answer while looking up invoice numbers. Nothing was changed; try again.',
                  requestId: 'req-2',
                },
              },
              { status: 503 },
            )
          : HttpResponse.json(preview);
      }),
      ...bffHandlers({ connection: connectedStatus }),
    ],
  },
});

const askForPreview = async (canvasElement: HTMLElement) => {
  const canvas = within(canvasElement);
  await userEvent.click(await canvas.findByRole('button', { name: 'Preview' }));
  return canvas;
};

export const ChooseRange: Story = { parameters: scene(noJob) };

export const Preview: Story = {
  parameters: scene(noJob),
  play: async ({ canvasElement }) => {
    const canvas = await askForPreview(canvasElement);
    await expect(await canvas.findByRole('button', { name: 'Start backfill (48 records)' })).toBeEnabled();
  },
};

export const EmptyRange: Story = {
  parameters: scene(noJob, backfillPreviewEmpty),
  play: async ({ canvasElement }) => {
    const canvas = await askForPreview(canvasElement);
    await expect(await canvas.findByText('Nothing dated in this range')).toBeInTheDocument();
  },
};

export const PreviewFailed: Story = {
  parameters: scene(noJob, 'error'),
  play: async ({ canvasElement }) => {
    const canvas = await askForPreview(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent('QuickBooks did not answer');
  },
};

export const Running: Story = { parameters: scene({ job: runningJob }) };
export const Paused: Story = { parameters: scene({ job: pausedJob }) };
export const Done: Story = { parameters: scene({ job: doneJob }) };
export const RepostRunning: Story = { parameters: scene({ job: repostJob }) };
export const LoadError: Story = { parameters: scene('error') };
