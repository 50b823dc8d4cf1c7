import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { en, type MessageKey } from './en.ts';

export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** Looks a key up in the host's overrides first, then English, and fills `{placeholders}`. */
export function createTranslator(overrides: Record<string, string> = {}): Translate {
  return (key, values) => {
    const template = overrides[key] ?? en[key];
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

const TranslateContext = createContext<Translate>(createTranslator());

export function MessagesProvider({
  overrides,
  children,
}: {
  overrides: Record<string, string> | undefined;
  children: ReactNode;
}) {
  const t = useMemo(() => createTranslator(overrides), [overrides]);
  return <TranslateContext value={t}>{children}</TranslateContext>;
}

export function useT(): Translate {
  return useContext(TranslateContext);
}
