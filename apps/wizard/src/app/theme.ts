import type { ThemeTokens } from '@exoserva/contracts';
import type { CSSProperties } from 'react';

const TOKEN_TO_VAR: Record<Exclude<keyof ThemeTokens, 'colorScheme'>, string> = {
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

/** Host tokens become CSS custom properties on the wizard's root; unset ones keep the stylesheet defaults. */
export function themeToStyle(theme: ThemeTokens | undefined): CSSProperties {
  const style: Record<string, string> = {};
  if (!theme) return style;
  for (const [token, cssVar] of Object.entries(TOKEN_TO_VAR)) {
    const value = theme[token as keyof typeof TOKEN_TO_VAR];
    if (value) style[cssVar] = value;
  }
  if (theme.colorScheme) style.colorScheme = theme.colorScheme;
  return style as CSSProperties;
}
