import type { ThemeTokens } from '@exoserva/contracts';

/** Exoserva's design tokens. The host's CSS uses the same values, and the wizard receives them as ThemeTokens. */
export const hostTheme: Required<ThemeTokens> = {
  colorScheme: 'light',
  colorPrimary: '#2252d6',
  colorPrimaryText: '#ffffff',
  colorBackground: '#f5f6f8',
  colorSurface: '#ffffff',
  colorText: '#141a26',
  colorTextMuted: '#5a6475',
  colorBorder: '#e2e5eb',
  colorDanger: '#c2362b',
  colorSuccess: '#1b7f43',
  colorWarning: '#a35a00',
  fontFamily: "Inter, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
  fontSize: '14px',
  radius: '8px',
  spacing: '8px',
};
