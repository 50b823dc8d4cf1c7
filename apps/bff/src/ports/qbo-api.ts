import type { Result } from '../http/errors.ts';

export interface QboFailure {
  kind: 'unauthorized' | 'unavailable' | 'throttled' | 'fault';
  message: string;
  status?: number;
  faultCode?: string;
}

/** The QuickBooks Online Accounting API, in the product's words. The adapter is node-quickbooks. */
export interface QboApi {
  getCompanyInfo(input: {
    realmId: string;
    accessToken: string;
  }): Promise<Result<{ companyName: string }, QboFailure>>;
}
