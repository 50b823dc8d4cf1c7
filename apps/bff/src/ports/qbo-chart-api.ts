import type { ChartAccount, ChartItem, ChartTaxCode, ItemKind, QboAccountType } from '@exoserva/contracts';
import type { Result } from '../http/errors.ts';
import type { QboFailure } from './qbo-api.ts';

/** Which company, with which access token. */
export interface QboCompanyAccess {
  realmId: string;
  accessToken: string;
}

export interface ChartCustomer {
  id: string;
  displayName: string;
  companyName: string | null;
  email: string | null;
  phone: string | null;
  address: { line1: string; city: string | null; postalCode: string | null } | null;
}

export interface ChartItemWithState extends ChartItem {
  active: boolean;
}

export interface TaxSettings {
  /** Preferences.TaxPrefs.UsingSalesTax */
  enabled: boolean;
  /** Preferences.TaxPrefs.PartnerTaxEnabled: Automated Sales Tax decides codes and amounts. */
  automated: boolean;
}

/**
 * The parts of a company's books the mapping and matching steps read and write, in the product's words. The
 * adapter is node-quickbooks. Lists include inactive entries (the caller decides what inactive means).
 */
export interface QboChartApi {
  listAccounts(access: QboCompanyAccess): Promise<Result<ChartAccount[], QboFailure>>;
  /** Service and NonInventory items only (the kinds that carry labor and parts lines). */
  listItems(access: QboCompanyAccess): Promise<Result<ChartItemWithState[], QboFailure>>;
  /** Active sales tax codes with their combined rate; the pseudo codes TAX and NON are left out. */
  listTaxCodes(access: QboCompanyAccess): Promise<Result<ChartTaxCode[], QboFailure>>;
  getTaxSettings(access: QboCompanyAccess): Promise<Result<TaxSettings, QboFailure>>;
  /** Active customers. */
  listCustomers(access: QboCompanyAccess): Promise<Result<ChartCustomer[], QboFailure>>;
  createAccount(
    access: QboCompanyAccess,
    input: { name: string; type: QboAccountType; subtype: string; requestId: string },
  ): Promise<Result<ChartAccount, QboFailure>>;
  createItem(
    access: QboCompanyAccess,
    input: { name: string; kind: ItemKind; incomeAccountId: string; requestId: string },
  ): Promise<Result<ChartItemWithState, QboFailure>>;
  /**
   * A sales tax code with one rate of this name and percentage (Intuit's tax service), filed with the company's
   * first active tax agency; a company with no agency gets a failure saying to set up sales tax first.
   */
  createTaxCode(
    access: QboCompanyAccess,
    input: { name: string; rateMillionths: number; requestId: string },
  ): Promise<Result<ChartTaxCode, QboFailure>>;
}
