import type { ThemeTokens } from '@exoserva/contracts';
import { QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { WizardApp } from '../app/wizard-app.tsx';
import { FAKE_BFF_URL } from './bff-handlers.ts';

export type StoryTheme = 'light' | 'dark' | 'brand';

/** The toolbar's themes: the wizard's own defaults, its dark scheme, and a host brand passing every token. */
export const STORY_THEMES: Record<StoryTheme, { tokens: ThemeTokens | undefined; canvas: string }> = {
  light: { tokens: undefined, canvas: '#f6f7f9' },
  dark: { tokens: { colorScheme: 'dark' }, canvas: '#0b0f15' },
  brand: {
    tokens: {
      colorScheme: 'light',
      colorPrimary: '#6d28d9',
      colorPrimaryText: '#ffffff',
      colorBackground: '#f5f3ff',
      colorSurface: '#ffffff',
      colorText: '#1e1b4b',
      colorTextMuted: '#57527a',
      colorBorder: '#ddd6fe',
      colorDanger: '#b42318',
      colorSuccess: '#067647',
      colorWarning: '#93370d',
      fontFamily: "Georgia, 'Times New Roman', serif",
      fontSize: '15px',
      radius: '2px',
      spacing: '9px',
    },
    canvas: '#f5f3ff',
  },
};

/**
 * The whole wizard as a story renders it: its real providers and router, started at `path` on a memory history
 * (Storybook's iframe URL is left alone), talking to the MSW BFF at FAKE_BFF_URL, no retries so error states
 * show at once.
 */
export function WizardStory({
  path,
  theme,
  locale,
  width,
}: {
  path: string;
  theme: StoryTheme;
  locale: string;
  width?: number;
}) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } }),
  );
  const { tokens, canvas } = STORY_THEMES[theme];
  return (
    <div style={{ background: canvas, padding: 24, minHeight: '100vh', boxSizing: 'border-box' }}>
      <div style={width ? { maxWidth: width } : undefined}>
        <WizardApp
          basePath="/settings/integrations/quickbooks"
          initialPath={path}
          bffUrl={FAKE_BFF_URL}
          getSessionToken={() => 'story-session-token'}
          theme={tokens}
          locale={locale}
          currency={locale.startsWith('es-MX') ? 'MXN' : 'USD'}
          queryClient={queryClient}
        />
      </div>
    </div>
  );
}
