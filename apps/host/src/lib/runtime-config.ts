/** Deploy-time settings, fetched at boot from whoever serves the host. Nothing here is baked into the build. */
export interface RuntimeConfig {
  wizardRemoteEntry: string;
  bffUrl: string;
  exoservaApiUrl: string;
}

function isAbsoluteUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export function parseRuntimeConfig(value: unknown): RuntimeConfig {
  const config = (value ?? {}) as Record<string, unknown>;
  const bad = (['wizardRemoteEntry', 'bffUrl', 'exoservaApiUrl'] as const).filter(
    (k) => !isAbsoluteUrl(config[k]),
  );
  if (bad.length > 0) throw new Error(`runtime-config.json: ${bad.join(', ')} must be absolute URLs`);
  return {
    wizardRemoteEntry: config.wizardRemoteEntry as string,
    bffUrl: config.bffUrl as string,
    exoservaApiUrl: config.exoservaApiUrl as string,
  };
}

export async function loadRuntimeConfig(url = '/runtime-config.json'): Promise<RuntimeConfig> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return parseRuntimeConfig(await response.json());
}
