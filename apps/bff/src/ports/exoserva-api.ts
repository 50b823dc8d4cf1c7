import type { Address } from '@exoserva/contracts';
import type { Result } from '../http/errors.ts';

/** Why a read from the Exoserva platform API did not succeed. */
export interface ExoservaFailure {
  kind: 'not_configured' | 'unavailable' | 'not_found' | 'invalid_response';
  message: string;
  status?: number;
}

/** A customer as the customer-matching step needs it. */
export interface ExoservaCustomerSummary {
  id: string;
  displayName: string;
  companyName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  billingAddress?: Address | undefined;
  serviceAddress?: Address | undefined;
}

/** A sales tax rate configured in Exoserva. Rate in millionths: 7.25 % = 72500. */
export interface ExoservaTaxRate {
  id: string;
  name: string;
  rateMillionths: number;
}

/**
 * The Exoserva platform API, as the BFF reads it. The adapter is HTTP (`EXOSERVA_API_URL`); tests use an
 * in-memory fake. Methods are added here as features need them.
 */
export interface ExoservaApi {
  listCustomers(tenantId: string): Promise<Result<ExoservaCustomerSummary[], ExoservaFailure>>;
  listTaxRates(tenantId: string): Promise<Result<ExoservaTaxRate[], ExoservaFailure>>;
}
