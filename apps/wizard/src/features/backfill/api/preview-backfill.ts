import { backfillApi, BackfillPreviewResponse, type BackfillRangeRequest } from '@exoserva/contracts';
import { useMutation } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';

export function previewBackfill(
  api: ApiClient,
  body: BackfillRangeRequest,
): Promise<BackfillPreviewResponse> {
  return api.request(backfillApi.preview.path, { method: 'POST', body, schema: BackfillPreviewResponse });
}

/** A preview reads both systems on demand (it can take a few seconds), so it is asked for, not cached. */
export function usePreviewBackfill() {
  const { api } = useWizardEnv();
  return useMutation({ mutationFn: (body: BackfillRangeRequest) => previewBackfill(api, body) });
}
