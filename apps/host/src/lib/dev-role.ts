import { SESSION_ROLES, type SessionRole } from './session.ts';

const KEY = 'exoserva.devRole';

/**
 * The demo shell's role switch survives a reload (issue 21: it reset to Owner, so a newcomer testing the
 * Technician's view lost it on the first refresh). Per browser, like the real platform's sign-in would be.
 */
export function rememberedRole(storage: Pick<Storage, 'getItem'> = window.localStorage): SessionRole {
  try {
    const role = storage.getItem(KEY);
    return (SESSION_ROLES as readonly string[]).includes(role ?? '') ? (role as SessionRole) : 'owner';
  } catch {
    return 'owner';
  }
}

export function rememberRole(
  role: SessionRole,
  storage: Pick<Storage, 'setItem'> = window.localStorage,
): void {
  try {
    storage.setItem(KEY, role);
  } catch {
    // Private mode: the switch lasts for this page only.
  }
}
