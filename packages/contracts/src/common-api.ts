import { z } from 'zod';

/**
 * The body of a POST / PUT / DELETE that carries no data (disconnect, cancel a switch, Sync Now): nothing,
 * or `{}`. Anything else is refused, so a garbled request never triggers the action.
 */
export const EmptyRequest = z.object({}).strict();
export type EmptyRequest = z.infer<typeof EmptyRequest>;

/** What the Intuit webhook receiver answers: how many QuickBooks customer changes were queued. */
export const IntuitWebhookAck = z.object({ queued: z.number().int().nonnegative() });
export type IntuitWebhookAck = z.infer<typeof IntuitWebhookAck>;
