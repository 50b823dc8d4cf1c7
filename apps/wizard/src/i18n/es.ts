import type { MessageKey } from './en.ts';
import { esFirst } from './es/first.ts';
import { esLater } from './es/later.ts';

/**
 * Spanish (Latin American, neutral "tú"), used for every `es-*` locale, in the same two parts as en.ts. Each part
 * `satisfies` its English twin's keys, so a key missing here, or one English no longer has, is a type error: add
 * the Spanish line when you add the English one.
 */
export const es = { ...esFirst, ...esLater } satisfies Record<MessageKey, string>;
