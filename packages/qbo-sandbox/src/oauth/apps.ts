/**
 * Apps registered with the sandbox, as an Intuit developer account holds them: credentials, the exact
 * redirect URIs, and webhook settings.
 */
import { z } from 'zod';

export const appRegistrationSchema = z.object({
  clientId: z.string().min(1).max(200),
  clientSecret: z.string().min(1).max(200),
  redirectUris: z.array(z.url()).min(1),
  webhookUrl: z.url().optional(),
  verifierToken: z.string().min(1).optional(),
  webhookFormat: z.enum(['legacy', 'cloudevents']).optional(),
});

export type AppRegistration = z.infer<typeof appRegistrationSchema>;

export const DEFAULT_APP: AppRegistration = {
  clientId: 'exoserva-dev-client',
  clientSecret: 'exoserva-dev-secret',
  redirectUris: ['http://localhost:8787/api/v1/oauth/callback'],
  verifierToken: 'exoserva-dev-verifier-token',
  webhookFormat: 'cloudevents',
};

export class AppRegistry {
  private readonly apps = new Map<string, AppRegistration>();

  constructor(
    initial: AppRegistration[],
    private readonly onChange: () => void = () => {},
  ) {
    for (const app of initial) this.apps.set(app.clientId, { ...app });
  }

  /** Creates or replaces the app with this clientId. */
  upsert(app: AppRegistration): AppRegistration {
    const stored = { ...app, redirectUris: [...app.redirectUris] };
    this.apps.set(app.clientId, stored);
    this.onChange();
    return stored;
  }

  get(clientId: string): AppRegistration | undefined {
    return this.apps.get(clientId);
  }

  list(): AppRegistration[] {
    return [...this.apps.values()];
  }

  /** The app only when the secret matches too: what Basic auth on the token endpoint checks. */
  authenticate(clientId: string, clientSecret: string): AppRegistration | undefined {
    const app = this.apps.get(clientId);
    return app && app.clientSecret === clientSecret ? app : undefined;
  }

  replaceAll(apps: AppRegistration[]): void {
    this.apps.clear();
    for (const app of apps) this.apps.set(app.clientId, { ...app });
    this.onChange();
  }
}
