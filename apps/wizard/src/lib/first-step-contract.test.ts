import * as contracts from '@exoserva/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditEntries, connectedStatus, ownerMe } from '../test/fixtures/connection.ts';
import * as copy from './first-step-contract.ts';

// The copies' JSON Schema must equal the contract's: same fields, same optional/nullable, same formats (date-time,
// uri), same integer and minimum checks, same enum members. A difference names the copy to update.
describe('the first step’s zod/mini copies of the contracts', () => {
  for (const [name, mirror] of Object.entries(copy.FIRST_STEP_SCHEMAS)) {
    it(`${name} validates exactly what the contract validates`, () => {
      const contract = contracts[name as keyof typeof copy.FIRST_STEP_SCHEMAS];
      expect(z.toJSONSchema(mirror, { io: 'output' })).toEqual(z.toJSONSchema(contract, { io: 'output' }));
    });
  }

  it('accepts the contract-typed fixtures and refuses what the contract refuses', () => {
    expect(copy.MeResponse.safeParse(ownerMe).success).toBe(true);
    expect(copy.ConnectionStatusResponse.safeParse(connectedStatus).success).toBe(true);
    expect(copy.AuditResponse.safeParse({ entries: auditEntries }).success).toBe(true);
    const badDate = { ...connectedStatus, connectedAt: 'yesterday' };
    expect(contracts.ConnectionStatusResponse.safeParse(badDate).success).toBe(false);
    expect(copy.ConnectionStatusResponse.safeParse(badDate).success).toBe(false);
  });

  it('keeps the constants the contract defines', () => {
    expect(copy.OAuthResultParam).toEqual(contracts.OAuthResultParam);
    expect(copy.REQUESTED_ACCESS).toEqual(contracts.REQUESTED_ACCESS);
    expect(copy.errorCodes).toEqual(contracts.errorCodes);
    const { me, held, releaseHeld, setupProgress, ...connectionPaths } = copy.firstStepPaths;
    for (const [key, path] of Object.entries(connectionPaths)) {
      expect(contracts.connectionApi[key as keyof typeof connectionPaths].path).toBe(path);
    }
    expect(contracts.syncApi.held.path).toBe(held);
    expect(contracts.syncApi.releaseHeld.path).toBe(releaseHeld);
    expect(me).toBe('/api/v1/me');
    expect(contracts.setupApi.progress.path).toBe(setupProgress);
  });
});
