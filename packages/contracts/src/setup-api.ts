import { z } from 'zod';

/**
 * Where the admin stands in the guide's setup: which steps are done, so the wizard's step list can mark them and
 * each page can offer the next one. Admins only; read from the BFF's own tables (no QuickBooks call).
 */
export const setupApi = {
  progress: { method: 'GET', path: '/api/v1/setup/progress' },
} as const;

export const SetupProgressResponse = z.object({
  connected: z.boolean(),
  /** `needs_attention`: saved, but the mapping page last found a mapped account, item or tax code gone. */
  mapping: z.enum(['todo', 'done', 'needs_attention']),
  direction: z.enum(['todo', 'done']),
  /** `todo` also after a re-map: the guide asks for a test of the mapping in force. */
  testSync: z.enum(['todo', 'passed', 'failed']),
  autoSync: z.enum(['off', 'on']),
});
export type SetupProgressResponse = z.infer<typeof SetupProgressResponse>;
