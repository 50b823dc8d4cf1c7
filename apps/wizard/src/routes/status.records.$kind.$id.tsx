import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod/mini';
import { timelineQueryOptions } from '../features/sync-status/api/get-timeline.ts';
import { RecordTimeline } from '../features/sync-status/components/record-timeline.tsx';
import { SyncRecordKind } from '../lib/first-step-contract.ts';

// zod/mini and the first step's copy of SyncRecordKind: route params are parsed in the first chunk (ADR 0011).
const Params = z.object({ kind: SyncRecordKind, id: z.string().check(z.minLength(1), z.maxLength(128)) });

// Step 7: one record's timeline, by its Exoserva id (from the Failed list or the search box).
export const Route = createFileRoute('/status/records/$kind/$id')({
  params: { parse: (raw) => Params.parse(raw), stringify: (p) => p },
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(timelineQueryOptions(context.api, params.kind, params.id));
  },
  component: TimelineRoute,
});

function TimelineRoute() {
  const { kind, id } = Route.useParams();
  return <RecordTimeline kind={kind} id={id} />;
}
