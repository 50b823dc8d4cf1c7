/** Deploy-time settings served next to index.html (same file and fields as apps/host). */
export interface RuntimeConfig {
  wizardRemoteEntry: string;
  bffUrl: string;
  exoservaApiUrl: string;
}

export async function loadRuntimeConfig(url = '/runtime-config.json'): Promise<RuntimeConfig> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const config = (await response.json()) as Record<string, unknown>;
  const keys = ['wizardRemoteEntry', 'bffUrl', 'exoservaApiUrl'] as const;
  for (const key of keys) {
    if (typeof config[key] !== 'string' || !URL.canParse(config[key])) {
      throw new Error(`runtime-config.json: ${key} must be an absolute URL`);
    }
  }
  return config as unknown as RuntimeConfig;
}
