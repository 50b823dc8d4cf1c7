import type { SetupProgressResponse } from '@exoserva/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { MessageKey } from '../../../i18n/en.ts';
import { useT } from '../../../i18n/messages.tsx';
import { setupProgressQueryOptions } from '../../../lib/setup-progress.ts';

type Next = { to: '/mapping' | '/direction' | '/test-sync' | '/auto-sync' | '/status'; label: MessageKey };

/** The first step of the guide not done yet: where the admin goes from here. */
export function nextStep(progress: SetupProgressResponse): Next {
  if (progress.mapping !== 'done') return { to: '/mapping', label: 'next.mapping' };
  if (progress.direction !== 'done') return { to: '/direction', label: 'next.direction' };
  if (progress.testSync !== 'passed') return { to: '/test-sync', label: 'next.testSync' };
  if (progress.autoSync !== 'on') return { to: '/auto-sync', label: 'next.autoSync' };
  return { to: '/status', label: 'next.status' };
}

/**
 * "Next: map your chart of accounts" — after connecting and on every later visit to Connect, the one obvious
 * action (guide step 3: after connecting, the Field Mapping page).
 */
export function NextStep() {
  const t = useT();
  const { api } = useWizardEnv();
  const progress = useQuery(setupProgressQueryOptions(api));
  if (!progress.data) return null;
  const next = nextStep(progress.data);
  return (
    <Link to={next.to} className="exq-button exq-button--primary">
      {t(next.label)}
    </Link>
  );
}
