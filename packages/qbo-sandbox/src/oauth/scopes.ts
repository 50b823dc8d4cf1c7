/** Intuit's scope strings (intuit-oauth `OAuthClient.scopes`) and how the consent page says them. */
export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

const SCOPE_WORDS: Record<string, string> = {
  [ACCOUNTING_SCOPE]: 'Read and change your Customers, Invoices, Payments, Items and Tax Rates',
  'com.intuit.quickbooks.payment': 'Take payments on your behalf',
  'indirect-tax.tax-calculation.quickbooks': 'Calculate sales tax',
  openid: 'Know who you are when you sign in',
  profile: 'See your name',
  email: 'See your email address',
  phone: 'See your phone number',
  address: 'See your address',
};

export const KNOWN_SCOPES = new Set([
  ...Object.keys(SCOPE_WORDS),
  'payroll.compensation.read',
  'project-management.project',
  'app-foundations.custom-dimensions.read',
  'app-foundations.custom-field-definitions',
  'time-tracking.time-entry',
]);

export function parseScopes(raw: string | undefined): string[] {
  return [...new Set((raw ?? '').split(/[\s+]+/).filter(Boolean))];
}

export function scopeInWords(scope: string): string {
  return SCOPE_WORDS[scope] ?? scope;
}
