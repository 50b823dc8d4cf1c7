import { SyncRecordKind } from '@exoserva/contracts';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { timelineQueryOptions } from '../features/sync-status/api/get-timeline.ts';
import { RecordTimeline } from '../features/sync-status/components/record-timeline.tsx';

const Params = z.object({ kind: SyncRecordKind, id: z.string().min(1).max(128) });

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
