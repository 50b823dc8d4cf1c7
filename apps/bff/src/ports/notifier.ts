import type { NotificationChannel, NotificationMessage } from '@exoserva/contracts';

/** What one delivery attempt came to. `retryable: false` means trying the same message again cannot help. */
export type DeliveryOutcome = { ok: true } | { ok: false; retryable: boolean; reason: string };

/**
 * Where failure notifications go (issue 7): Exoserva's notification inbox (the shell's bell; the stand-in in
 * development), a signed webhook in deployments that route them elsewhere, or the log when neither is set.
 * Adapters never throw for an expected failure; the delivery loop retries `retryable` ones later. A message's
 * `id` is stable across attempts, so a receiver can drop a repeat.
 */
export interface Notifier {
  readonly channel: NotificationChannel;
  deliver(message: NotificationMessage): Promise<DeliveryOutcome>;
}
