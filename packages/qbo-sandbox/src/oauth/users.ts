/**
 * The people who can sign in on the consent page. Fixed, like the users of an Intuit developer
 * sandbox: the admin can connect any company, the bookkeeper can sign in but is refused.
 */
export interface SandboxUser {
  sub: string;
  email: string;
  password: string;
  givenName: string;
  familyName: string;
  phoneNumber: string;
  /** Admins of every sandbox company may connect apps; others are refused (Intuit requires an admin). */
  companyAdmin: boolean;
}

export const SANDBOX_USERS: readonly SandboxUser[] = [
  {
    sub: '8f2c1a9e-4d6b-4e0f-9a51-3c7d2b6e1f01',
    email: 'admin@sandbox.test',
    password: 'sandbox',
    givenName: 'Sam',
    familyName: 'Admin',
    phoneNumber: '+1 5555550100',
    companyAdmin: true,
  },
  {
    sub: '5b7e3d21-9c4a-4f8e-b6d0-2a1f9e8c7d02',
    email: 'bookkeeper@sandbox.test',
    password: 'sandbox',
    givenName: 'Bea',
    familyName: 'Bookkeeper',
    phoneNumber: '+1 5555550101',
    companyAdmin: false,
  },
];

export const DEFAULT_ADMIN = SANDBOX_USERS[0] as SandboxUser;

export function findUserByEmail(email: string): SandboxUser | undefined {
  const wanted = email.trim().toLowerCase();
  return SANDBOX_USERS.find((u) => u.email === wanted);
}

export function findUserBySub(sub: string): SandboxUser | undefined {
  return SANDBOX_USERS.find((u) => u.sub === sub);
}
