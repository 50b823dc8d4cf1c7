import type { WizardMountProps } from '@exoserva/contracts';
import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { WizardApp } from '../app/wizard-app.tsx';
import { FAKE_BFF_URL, installFakeBff, type FakeBff } from './fake-bff.ts';
import { auditEntries, ownerMe } from './fixtures/connection.ts';

export const BASE_PATH = '/settings/integrations/quickbooks';

/**
 * Renders the whole wizard at `path` (relative to the host page) against a fake BFF that already answers
 * /me as an Owner and the audit log; each test says what the connection looks like.
 */
export function renderWizard(
  path: string,
  setup: (bff: FakeBff) => void,
  props: Partial<WizardMountProps> = {},
) {
  window.history.replaceState(null, '', path);
  const bff = installFakeBff()
    .on('GET /api/v1/me', { body: ownerMe })
    .on('GET /api/v1/audit', { body: { entries: auditEntries } });
  setup(bff);
  const callbacks = {
    onConnected: vi.fn(),
    onDisconnected: vi.fn(),
    onNavigate: vi.fn(),
  };
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const user = userEvent.setup();
  const view = render(
    <WizardApp
      basePath={BASE_PATH}
      bffUrl={FAKE_BFF_URL}
      getSessionToken={() => 'session-token'}
      locale="en-US"
      currency="USD"
      queryClient={queryClient}
      {...callbacks}
      {...props}
    />,
  );
  return { ...view, bff, user, callbacks };
}
