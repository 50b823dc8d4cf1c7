import type { ReactNode } from 'react';
import { AccessDenied } from '../../../components/access-denied.tsx';
import { Loading } from '../../../components/loading.tsx';
import { LoadError } from '../../../components/load-error.tsx';
import type { MessageKey } from '../../../i18n/en.ts';
import { useT } from '../../../i18n/messages.tsx';
import { isForbidden } from '../../../lib/api-client.ts';
import { useMe } from '../api/get-me.ts';

/** Only an Owner or Tenant Administrator sees the integration; everyone else learns why, and who can help. */
export function AccessGate({ children }: { children: ReactNode }) {
  const t = useT();
  const me = useMe();
  if (me.isPending) return <Loading label={t('status.loading')} />;
  if (me.isError) {
    if (isForbidden(me.error)) return <AccessDenied />;
    return <LoadError error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />;
  }
  if (!me.data.canManage) {
    const key = `role.${me.data.role}` as MessageKey;
    const roleLabel = ['owner', 'tenant_admin', 'dispatcher', 'technician'].includes(me.data.role)
      ? t(key)
      : me.data.role;
    return <AccessDenied roleLabel={roleLabel} />;
  }
  return children;
}
