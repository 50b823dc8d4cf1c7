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
 * The account mapping every sync test uses, with ids from the sandbox's seeded chart of accounts; Exoserva's
 * tax_denver maps to the company's "California" code when it has sales tax.
 */
export async function sandboxMapping(qboUrl: string, realmId: string): Promise<AccountMapping> {
  const taxCodes = (await (await fetch(`${qboUrl}/_sandbox/companies/${realmId}/TaxCode`)).json()) as Record<
    string,
    unknown
  >[];
  const california = taxCodes.find((t) => t.Name === 'California');
  return {
    version: 1,
    serviceRevenueAccountId: '9',
    productRevenueAccountId: '10',
    salesTaxPayableAccountId: null,
    discountsAccountId: '11',
    bankDepositAccountId: '1',
    undepositedFundsAccountId: '4',
    merchantFeesAccountId: '14',
    refundSourceAccountId: '1',
    laborItemId: '1',
    partsItemId: '3',
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
