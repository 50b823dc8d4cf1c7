/** Shared by the accounting tests: a company on a controllable clock, and a change recorder. */
import { createControllableClock, type ControllableClock } from '../clock.ts';
import { Company, type CompanySeed, type EntityChange } from './company.ts';

export const START = Date.parse('2026-03-10T18:00:00Z'); // 10:00 company time, 2026-03-10

export function newCompany(seed: Partial<CompanySeed> = {}): {
  company: Company;
  clock: ControllableClock;
  changes: EntityChange[];
} {
  const clock = createControllableClock();
  clock.set(START);
  const changes: EntityChange[] = [];
  const company = Company.create(
    { realmId: '9341452', companyName: 'Cool Air HVAC', salesTax: true, ...seed },
    { clock, onChange: (c) => changes.push(c) },
  );
  return { company, clock, changes };
}

export function accountId(company: Company, name: string): string {
  const a = company.list('Account').find((r) => r.Name === name);
  if (!a) throw new Error(`no account ${name}`);
  return a.Id as string;
}

export function balance(company: Company, name: string): number {
  return company.get('Account', accountId(company, name))?.CurrentBalance as number;
}

export function itemId(company: Company, name: string): string {
  return company.list('Item').find((r) => r.Name === name)?.Id as string;
}

export function taxCodeId(company: Company, name: string): string {
  return company.list('TaxCode').find((r) => r.Name === name)?.Id as string;
}
