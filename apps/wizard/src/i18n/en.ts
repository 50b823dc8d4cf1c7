import { enFirst } from './en/first.ts';
import { enLater } from './en/later.ts';

/**
 * Every user-facing string of the wizard, keyed; placeholders are `{name}`. A host may override any key through
 * the `messages` mount prop; es.ts holds the same keys in Spanish (a missing one fails typecheck).
 *
 * The strings live in two parts per language so the first step carries only its own (ADR 0011): en/first.ts
 * (the shell, Connect, Activity) and en/later.ts (mapping onwards). This module joins them for tests, stories and
 * types; the wizard itself fetches the parts through messages.tsx and never imports it at run time.
 */
export const en = { ...enFirst, ...enLater } as const;

export type FirstMessageKey = keyof typeof enFirst;
export type LaterMessageKey = keyof typeof enLater;
export type MessageKey = FirstMessageKey | LaterMessageKey;
