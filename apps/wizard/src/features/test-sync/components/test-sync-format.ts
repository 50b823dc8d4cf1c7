import type { TestSyncProblem, TestSyncRun, TestSyncStep } from '@exoserva/contracts';
import { TEST_CUSTOMER_NAME } from '@exoserva/contracts';
import type { MessageKey } from '../../../i18n/en.ts';
import type { Translate } from '../../../i18n/messages.tsx';

type Money = (cents: number) => string;

/** "1.00", "$1", "1" → cents; null when it is not an amount. Integer math: no float ever touches money. */
export function parseAmountToCents(text: string): number | null {
  const m = /^\s*\$?\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** The step's label, with the accounts the run watches once it knows them. */
export function stepLabel(step: TestSyncStep, run: TestSyncRun | null, t: Translate, money: Money): string {
  const amount = money(run?.amountCents ?? 100);
  switch (step.id) {
    case 'create_customer':
      return t('testSync.step.create_customer', { name: TEST_CUSTOMER_NAME });
    case 'verify_income':
      return t('testSync.step.verify_income', {
        account: run?.accounts.income?.name || t('testSync.account.income'),
        amount,
      });
    case 'verify_deposit':
      return t('testSync.step.verify_deposit', {
        account: run?.accounts.deposit?.name || t('testSync.account.deposit'),
        amount,
      });
    case 'verify_payment':
      return t('testSync.step.verify_payment', { zero: money(0) });
    default:
      return t(`testSync.step.${step.id}` as MessageKey, { amount });
  }
}

/** What went wrong, in the admin's language, from the problem's code and numbers. */
export function problemText(
  problem: TestSyncProblem,
  step: TestSyncStep,
  run: TestSyncRun,
  t: Translate,
  money: Money,
) {
  const actual = problem.actualCents === undefined ? '?' : money(problem.actualCents);
  const expected = problem.expectedCents === undefined ? '?' : money(problem.expectedCents);
  switch (problem.code) {
    case 'sync_failed':
      return problem.syncFailure
        ? t('testSync.problem.sync_failed', {
            title: problem.syncFailure.title,
            fix: problem.syncFailure.fix,
          })
        : t('testSync.problem.exoserva_failed');
    case 'amount_mismatch':
    case 'balance_not_zero':
      return t(`testSync.problem.${problem.code}`, { actual, expected });
    case 'wrong_account':
      return t('testSync.problem.wrong_account', {
        actualAccount: problem.actualAccount?.name ?? '?',
        expectedAccount: problem.expectedAccount?.name ?? '?',
      });
    case 'balance_moved_wrong': {
      const account =
        problem.expectedAccount?.name ??
        (step.id === 'verify_income' ? run.accounts.income?.name : run.accounts.deposit?.name) ??
        '?';
      const moved = t('testSync.problem.balance_moved_wrong', { account, actual, expected });
      return problem.actualAccount
        ? `${moved} ${t('testSync.problem.wentTo', { account: problem.actualAccount.name })}`
        : moved;
    }
    default:
      return t(`testSync.problem.${problem.code}`);
  }
}
