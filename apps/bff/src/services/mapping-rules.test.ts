import { REQUIRED_CONCEPTS, type ChartAccount } from '@exoserva/contracts';
import { describe, expect, it } from 'vitest';
import { defaultChart } from '../../test/support/mapping-fakes.ts';
import {
  accountProblem,
  compatibleAccounts,
  INVALID_TAX_RATE_MESSAGE,
  missingPrerequisites,
  suggestAccounts,
  suggestItem,
  suggestTaxCode,
  validateMapping,
} from './mapping-rules.ts';

const acct = (
  id: string,
  name: string,
  type: ChartAccount['type'],
  subtype: string | null = null,
  active = true,
) => ({
  id,
  name,
  type,
  subtype,
  active,
});

const validRequest = {
  accounts: {
    service_revenue: '10',
    product_revenue: '11',
    sales_tax_payable: '7',
    discounts: '12',
    bank_deposit: '1',
    undeposited_funds: '4',
    merchant_fees: '15',
    refund_source: '1',
    tips_payable: null,
    payout_adjustments: '15',
  },
  laborItemId: '1',
  partsItemId: '3',
  taxCodes: { tax_denver: '3', tax_state: '4' },
};
const rates = [
  { id: 'tax_denver', name: 'Denver combined' },
  { id: 'tax_state', name: 'State only' },
];

describe('type filters', () => {
  it('offers only active accounts of the concept’s QuickBooks types', () => {
    const accounts = [
      acct('1', 'Checking', 'Bank'),
      acct('2', 'Old bank', 'Bank', null, false),
      acct('3', 'Services', 'Income'),
      acct('4', 'Undeposited Funds', 'Other Current Asset'),
    ];
    expect(compatibleAccounts('bank_deposit', accounts).map((a) => a.id)).toEqual(['1']);
    expect(compatibleAccounts('service_revenue', accounts).map((a) => a.id)).toEqual(['3']);
    // Refunds may leave a bank or an other-current-asset account (RefundReceipt.DepositToAccountRef).
    expect(compatibleAccounts('refund_source', accounts).map((a) => a.id)).toEqual(['1', '4']);
  });
});

describe('suggestions', () => {
  it('pre-selects every concept of a new company’s chart and says why', () => {
    const s = suggestAccounts(defaultChart().accounts);
    expect(s).toEqual({
      service_revenue: { accountId: '10', reason: 'detail_type' },
      product_revenue: { accountId: '11', reason: 'detail_type' },
      sales_tax_payable: { accountId: '7', reason: 'detail_type' },
      discounts: { accountId: '12', reason: 'detail_type' },
      bank_deposit: { accountId: '1', reason: 'detail_type' },
      undeposited_funds: { accountId: '4', reason: 'detail_type' },
      merchant_fees: { accountId: '15', reason: 'detail_type' },
      refund_source: { accountId: '1', reason: 'same_as_bank' },
      tips_payable: null,
      payout_adjustments: { accountId: '15', reason: 'same_as_fees' },
    });
  });

  it('finds a liability named for tips, and an expense named for disputes, never the sales tax account', () => {
    const s = suggestAccounts([
      acct('7', 'Sales Tax Payable', 'Other Current Liability', 'SalesTaxPayable'),
      acct('8', 'Tips Payable', 'Other Current Liability'),
      acct('15', 'Bank charges', 'Expense', 'BankCharges'),
      acct('17', 'Chargebacks', 'Expense'),
    ]);
    expect(s.tips_payable).toEqual({ accountId: '8', reason: 'name' });
    expect(s.payout_adjustments).toEqual({ accountId: '17', reason: 'name' });
  });

  it('prefers an account named for card fees over generic bank charges', () => {
    const s = suggestAccounts([
      acct('15', 'Bank charges', 'Expense', 'BankCharges'),
      acct('16', 'Merchant Fees', 'Expense'),
    ]);
    expect(s.merchant_fees).toEqual({ accountId: '16', reason: 'name' });
  });

  it('matches by name when the detail type is generic', () => {
    const s = suggestAccounts([
      acct('20', 'Labor Income', 'Income', 'OtherPrimaryIncome'),
      acct('21', 'Parts & Materials', 'Income', 'OtherPrimaryIncome'),
      acct('22', 'Operating Checking', 'Bank', 'CashOnHand'),
    ]);
    expect(s.service_revenue).toEqual({ accountId: '20', reason: 'name' });
    expect(s.product_revenue).toEqual({ accountId: '21', reason: 'name' });
    expect(s.bank_deposit).toEqual({ accountId: '22', reason: 'name' });
  });

  it('never suggests the same account for service and product revenue, nor a revenue account for discounts', () => {
    const s = suggestAccounts([acct('30', 'Service and Parts Sales', 'Income', 'ServiceFeeIncome')]);
    expect(s.service_revenue?.accountId).toBe('30');
    expect(s.product_revenue).toBeNull();
    expect(s.discounts).toBeNull();
  });

  it('takes a lone bank account, but never guesses a lone income account', () => {
    const s = suggestAccounts([
      acct('1', 'Wells Fargo', 'Bank', 'CashOnHand'),
      acct('2', 'Sales', 'Income', 'OtherPrimaryIncome'),
    ]);
    expect(s.bank_deposit).toEqual({ accountId: '1', reason: 'only_compatible' });
    expect(s.service_revenue).toBeNull();
  });

  it('suggests items that post to the chosen income account, and tax codes with the same rate', () => {
    const { items, taxCodes } = defaultChart();
    expect(suggestItem('labor', '10', items)).toBe('1');
    expect(suggestItem('parts', '11', items)).toBe('3');
    expect(suggestItem('parts', '10', items)).toBeNull();
    expect(suggestTaxCode({ name: 'Denver combined', rateMillionths: 81_500 }, taxCodes)).toBe('3');
    expect(suggestTaxCode({ name: 'Oakland', rateMillionths: 102_500 }, taxCodes)).toBeNull();
  });
});

describe('prerequisites', () => {
  it('names each required concept that has no compatible active account', () => {
    const accounts = defaultChart().accounts.filter((a) => a.type !== 'Other Current Liability');
    accounts.push(acct('99', 'Old Checking', 'Bank', 'Checking', false));
    expect(missingPrerequisites(REQUIRED_CONCEPTS, accounts)).toEqual(['sales_tax_payable']);
    expect(
      missingPrerequisites(
        REQUIRED_CONCEPTS,
        accounts.filter((a) => a.type !== 'Bank'),
      ),
    ).toEqual(['sales_tax_payable', 'bank_deposit']);
  });
});

describe('saved accounts that changed in QuickBooks', () => {
  const accounts = [
    acct('1', 'Checking', 'Bank'),
    acct('2', 'Old', 'Bank', null, false),
    acct('3', 'Services', 'Income'),
  ];
  it('tells deleted, inactive, retyped and renamed apart', () => {
    expect(accountProblem('bank_deposit', '9', 'Checking', accounts)).toBe('not_found');
    expect(accountProblem('bank_deposit', '2', 'Old', accounts)).toBe('inactive');
    expect(accountProblem('bank_deposit', '3', 'Services', accounts)).toBe('wrong_type');
    expect(accountProblem('bank_deposit', '1', 'Operating', accounts)).toBe('renamed');
    expect(accountProblem('bank_deposit', '1', 'Checking', accounts)).toBeNull();
  });
});

describe('validation at save', () => {
  it('accepts a mapping that fits the live books', () => {
    expect(validateMapping(validRequest, defaultChart(), rates)).toEqual([]);
  });

  it('lets a client that predates disputes leave them out: they post with the merchant fees', () => {
    const { payout_adjustments: _omitted, ...older } = validRequest.accounts;
    expect(validateMapping({ ...validRequest, accounts: older }, defaultChart(), rates)).toEqual([]);
    // The fallback is checked like a choice: merchant fees on an income account is refused for both.
    const problems = validateMapping(
      { ...validRequest, accounts: { ...older, merchant_fees: '10' } },
      defaultChart(),
      rates,
    );
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['accounts.merchant_fees', 'account_wrong_type'],
      ['accounts.payout_adjustments', 'account_wrong_type'],
    ]);
  });

  it('refuses a missing, inactive or wrongly typed account', () => {
    const live = defaultChart();
    live.accounts = live.accounts.map((a) => (a.id === '4' ? { ...a, active: false } : a));
    const problems = validateMapping(
      {
        ...validRequest,
        accounts: {
          ...validRequest.accounts,
          bank_deposit: '10',
          service_revenue: '404',
          undeposited_funds: '4',
        },
      },
      live,
      rates,
    );
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['accounts.service_revenue', 'account_not_found'],
      ['accounts.bank_deposit', 'account_wrong_type'],
      ['accounts.undeposited_funds', 'account_inactive'],
      // The labor item posts to 10, not to the (missing) account 404.
      ['laborItemId', 'item_wrong_account'],
    ]);
  });

  it('refuses items of the wrong kind or posting elsewhere', () => {
    const problems = validateMapping(
      { ...validRequest, laborItemId: '3', partsItemId: '77' },
      defaultChart(),
      rates,
    );
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['laborItemId', 'item_wrong_type'],
      ['partsItemId', 'item_not_found'],
    ]);
  });

  it('blocks an unmapped or unknown tax rate with the guide’s words', () => {
    const problems = validateMapping({ ...validRequest, taxCodes: { tax_denver: '999' } }, defaultChart(), [
      ...rates,
      { id: 'tax_oak', name: 'Oakland' },
    ]);
    expect(problems.map((p) => p.field)).toEqual([
      'taxCodes.tax_denver',
      'taxCodes.tax_state',
      'taxCodes.tax_oak',
    ]);
    expect(new Set(problems.map((p) => p.message))).toEqual(new Set([INVALID_TAX_RATE_MESSAGE]));
    expect(INVALID_TAX_RATE_MESSAGE).toBe(
      'Invalid tax rate — create the matching rate in QuickBooks, then retry',
    );
  });
});
