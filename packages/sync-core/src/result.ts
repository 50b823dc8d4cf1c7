import type { SyncFailure, SyncFailureCode, SyncFailureKind } from '@exoserva/contracts';

/** Expected failures are values (STYLE): a mapper either gives a payload or says why not. */
export type Result<T> = { ok: true; value: T } | { ok: false; failure: SyncFailure };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(failure: SyncFailure): Result<T> {
  return { ok: false, failure };
}

export function failure(
  kind: SyncFailureKind,
  code: SyncFailureCode,
  title: string,
  fix: string,
  extra: Omit<SyncFailure, 'kind' | 'code' | 'title' | 'fix'> = {},
): SyncFailure {
  return { kind, code, title, fix, ...extra };
}
