import type { AuthorizeRequest, AuthorizeResponse as Authorized } from '@exoserva/contracts';
import { useMutation } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { AuthorizeResponse, firstStepPaths, OAuthResultParam } from '../../../lib/first-step-contract.ts';

/** Where Intuit's round trip should land: this very page, minus the result of an earlier attempt. */
export function currentReturnTo(href: string = window.location.href): string {
  const url = new URL(href);
  for (const param of Object.values(OAuthResultParam)) url.searchParams.delete(param);
  return url.href;
}

export function authorize(api: ApiClient, request: AuthorizeRequest): Promise<Authorized> {
  return api.request(firstStepPaths.authorize, {
    method: 'POST',
    body: request,
    schema: AuthorizeResponse,
    // The answer sets the cookie that binds the flow to this browser: only it can use the link (ADR 0013).
    credentials: 'include',
  });
}

export function useAuthorize() {
  const { api } = useWizardEnv();
  return useMutation({
    mutationFn: (mode: AuthorizeRequest['mode']) => authorize(api, { returnTo: currentReturnTo(), mode }),
  });
}
