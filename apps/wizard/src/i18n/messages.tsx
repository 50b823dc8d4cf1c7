import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { en, type MessageKey } from './en.ts';
import { es } from './es.ts';

export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;
export type Catalog = Record<MessageKey, string>;

/**
 * One catalog per language, chosen by the language part of the BCP 47 locale (`es-MX` → es). English is the
 * fallback for any other locale. Add a language: a sibling of es.ts typed `satisfies Record<MessageKey, string>`
 * and one line here.
 */
const CATALOGS: Record<string, Catalog> = { en, es };

export function catalogFor(locale: string | undefined): Catalog {
  const language = (locale ?? 'en').split(/[-_]/)[0]!.toLowerCase();
  return CATALOGS[language] ?? en;
}

/** Looks a key up in the host's overrides first, then the locale's catalog, and fills `{placeholders}`. */
export function createTranslator(overrides: Record<string, string> = {}, locale?: string): Translate {
  const catalog = catalogFor(locale);
  return (key, values) => {
    const template = overrides[key] ?? catalog[key] ?? en[key];
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

const TranslateContext = createContext<Translate>(createTranslator());

export function MessagesProvider({
  overrides,
  locale,
  children,
}: {
  overrides: Record<string, string> | undefined;
  locale?: string;
  children: ReactNode;
}) {
  const t = useMemo(() => createTranslator(overrides, locale), [overrides, locale]);
  return <TranslateContext value={t}>{children}</TranslateContext>;
}

export function useT(): Translate {
  return useContext(TranslateContext);
}
