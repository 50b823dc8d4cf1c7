import { describe, expect, it } from 'vitest';
import { rememberedRole, rememberRole } from './dev-role.ts';

describe('the demo shell remembers the role switch', () => {
  it('signs in as the role chosen last, and as Owner when nothing (or nonsense) was stored', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(rememberedRole(storage)).toBe('owner');
    rememberRole('tenant_admin', storage);
    expect(rememberedRole(storage)).toBe('tenant_admin');
    store.set('exoserva.devRole', 'superuser');
    expect(rememberedRole(storage)).toBe('owner');
  });
});
