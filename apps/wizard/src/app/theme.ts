import type { ThemeTokens } from '@exoserva/contracts';
import type { CSSProperties } from 'react';

/** Every ThemeTokens field but the scheme maps to one custom property; wizard.css holds the defaults. */
export const TOKEN_TO_VAR: Record<Exclude<keyof ThemeTokens, 'colorScheme'>, string> = {
  colorPrimary: '--exq-color-primary',
  colorPrimaryText: '--exq-color-primary-text',
  colorBackground: '--exq-color-background',
  colorSurface: '--exq-color-surface',
  colorText: '--exq-color-text',
  colorTextMuted: '--exq-color-text-muted',
  colorBorder: '--exq-color-border',
  colorDanger: '--exq-color-danger',
  colorSuccess: '--exq-color-success',
  colorWarning: '--exq-color-warning',
  fontFamily: '--exq-font-family',
  fontSize: '--exq-font-size',
  radius: '--exq-radius',
  spacing: '--exq-spacing',
};

/**
 * Host tokens become CSS custom properties on the wizard's root; unset ones keep the stylesheet defaults. The
 * scheme is an attribute (`data-exq-scheme`) so the stylesheet can switch every default to its dark value at
 * once, while colors the host does pass still win (inline custom properties beat the stylesheet).
 */
export function themeToStyle(theme: ThemeTokens | undefined): CSSProperties {
  const style: Record<string, string> = {};
  if (!theme) return style;
  for (const [token, cssVar] of Object.entries(TOKEN_TO_VAR)) {
    const value = theme[token as keyof typeof TOKEN_TO_VAR];
    if (value) style[cssVar] = value;
  }
  return style as CSSProperties;
}

export function colorSchemeOf(theme: ThemeTokens | undefined): 'light' | 'dark' {
  return theme?.colorScheme === 'dark' ? 'dark' : 'light';
}
