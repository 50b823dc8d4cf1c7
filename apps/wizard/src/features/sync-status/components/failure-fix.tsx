import type { SyncFailure } from '@exoserva/contracts';
import { Link } from '@tanstack/react-router';
import type { MessageKey } from '../../../i18n/en.ts';
import { useT } from '../../../i18n/messages.tsx';

/**
 * The guide's plain fixes (GUIDE step 7) in the tenant's language. The three failures the guide names get its
 * exact words; any other code shows the BFF's own title and fix (from sync-core's classifier).
 */
const GUIDE_CODES = [
  'customer_name_conflict',
  'invalid_tax_rate',
  'account_not_found',
  'dependency_missing',
] as const;
type GuideCode = (typeof GUIDE_CODES)[number];
const isGuideCode = (code: string): code is GuideCode => (GUIDE_CODES as readonly string[]).includes(code);

export function FailureFix({ failure }: { failure: SyncFailure }) {
  const t = useT();
  if (!isGuideCode(failure.code)) {
    // The title in the admin's language; the fix is the classifier's own sentence (it names specifics).
    return (
      <p>
        <strong>{t(`syncStatus.code.${failure.code}`)}</strong> — {failure.fix}
      </p>
    );
  }
  const name = typeof failure.details?.name === 'string' ? failure.details.name : null;
  const fixKey: MessageKey =
    failure.code === 'customer_name_conflict' && !name
      ? 'syncStatus.fix.customer_name_conflict.noName'
      : `syncStatus.fix.${failure.code}`;
  // The account-not-found fix names its action once, as the link ("…changed: re-run mapping").
  const [before, after] = t(fixKey, name ? { name } : undefined).split('{remap}');
  return (
    <p>
      <strong>{t(`syncStatus.title.${failure.code}`)}</strong> — {before}
      {after !== undefined && (
        <>
          <Link to="/mapping">{t('syncStatus.fix.remap')}</Link>
          {after}
        </>
      )}
    </p>
  );
}
