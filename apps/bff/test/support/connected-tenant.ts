import type { AccountMapping } from '@exoserva/contracts';
import { DEFAULT_APP } from '@exoserva/qbo-sandbox';
import type { Config } from '../../src/config.ts';
import { createTokenCipher } from '../../src/crypto/token-cipher.ts';
import type { Queryable } from '../../src/ports/database.ts';
import { encryptTokens, tokenContext } from '../../src/services/token.service.ts';
import { connectionStore } from '../../src/stores/connection-store.ts';

export interface ConnectedTenant {
  tenantId: string;
  realmId: string;
  companyName: string;
}

/**
 * Stores a QuickBooks connection for `tenantId` with tokens the QBO sandbox mints for `realmId`, the way
 * the OAuth callback stores them (as if the admin had consented). Called again, it reconnects.
 */
export async function connectTenant(
  db: Queryable,
  input: ConnectedTenant & { qboUrl: string; keys: Config['tokenEncryptionKeys'] },
): Promise<void> {
  const res = await fetch(`${input.qboUrl}/_sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ realmId: input.realmId, clientId: DEFAULT_APP.clientId }),
  });
  if (!res.ok) throw new Error(`minting tokens for ${input.realmId}: ${res.status} ${await res.text()}`);
  const minted = (await res.json()) as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
    x_refresh_token_expires_in: number;
  };
  const at = Date.now();
  await connectionStore.saveConnected(db, {
    tenantId: input.tenantId,
    realmId: input.realmId,
    companyName: input.companyName,
    connectedBy: 'usr_olivia',
    now: new Date(at),
    ...encryptTokens(
      createTokenCipher(input.keys),
      {
        accessToken: minted.access_token,
        refreshToken: minted.refresh_token,
        expiresIn: minted.expires_in,
        refreshExpiresIn: minted.x_refresh_token_expires_in,
      },
      at,
      { access: tokenContext.access(input.tenantId), refresh: tokenContext.refresh(input.tenantId) },
    ),
  });
}

/**
 * The account mapping every sync test uses, found by name in the sandbox's seeded chart of accounts (ids shift
 * with the seed: a company with sales tax has one more account before the income accounts); Exoserva's
 * tax_denver maps to the company's "California" code when it has sales tax.
 */
export async function sandboxMapping(qboUrl: string, realmId: string): Promise<AccountMapping> {
  const list = async (entity: string) =>
    (await (await fetch(`${qboUrl}/_sandbox/companies/${realmId}/${entity}`)).json()) as Record<
      string,
      unknown
    >[];
  const [accounts, items, taxCodes] = await Promise.all([list('Account'), list('Item'), list('TaxCode')]);
  const idOf = (records: Record<string, unknown>[], name: string): string => {
    const found = records.find((r) => r.Name === name);
    if (!found) throw new Error(`the sandbox company has no "${name}"`);
    return String(found.Id);
  };
  const account = (name: string) => idOf(accounts, name);
  const california = taxCodes.find((t) => t.Name === 'California');
  return {
    version: 1,
    serviceRevenueAccountId: account('Services'),
    productRevenueAccountId: account('Sales of Product Income'),
    salesTaxPayableAccountId: null,
    discountsAccountId: account('Discounts given'),
    bankDepositAccountId: account('Checking'),
    undepositedFundsAccountId: account('Undeposited Funds'),
    merchantFeesAccountId: account('Bank charges'),
    refundSourceAccountId: account('Checking'),
    tipsPayableAccountId: null,
    payoutAdjustmentsAccountId: account('Bank charges'),
    laborItemId: idOf(items, 'Services'),
    partsItemId: idOf(items, 'Sales'),
    taxCodes: california ? { tax_denver: String(california.Id) } : {},
    paymentRouting: { cash: 'bank', check: 'undeposited_funds' },
    automatedSalesTax: false,
  };
}

/** Saves the mapping and the sync settings the way the mapping screens do. */
export async function configureSync(
  db: Queryable,
  tenantId: string,
  mapping: AccountMapping,
  settings: { autoSync: boolean; customerDirection: 'one_way' | 'two_way' },
): Promise<void> {
  const { version, ...stored } = mapping;
  await db.query(
    `INSERT INTO account_mappings (tenant_id, version, mapping, created_by) VALUES ($1, $2, $3::jsonb, 'test')`,
    [tenantId, version, JSON.stringify(stored)],
  );
  await db.query(
    `INSERT INTO integration_settings (tenant_id, auto_sync, customer_direction) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id) DO UPDATE SET auto_sync = EXCLUDED.auto_sync, customer_direction = EXCLUDED.customer_direction`,
    [tenantId, settings.autoSync, settings.customerDirection],
  );
}
