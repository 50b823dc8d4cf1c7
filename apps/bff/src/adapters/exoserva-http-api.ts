import { Address } from '@exoserva/contracts';
import { z } from 'zod';
import { fail, ok, type Result } from '../http/errors.ts';
import type { ExoservaApi, ExoservaFailure } from '../ports/exoserva-api.ts';

const CustomerRow = z.object({
  id: z.string(),
  displayName: z.string(),
  companyName: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  billingAddress: Address.optional(),
  serviceAddress: Address.optional(),
});
// Accept a bare array or a `{ customers: [...] }` page; the platform API answers either in its versions.
const CustomerList = z.union([z.array(CustomerRow), z.object({ customers: z.array(CustomerRow) })]);
const TaxRateList = z.array(
  z.object({ id: z.string(), name: z.string(), rateMillionths: z.number().int().nonnegative() }),
);

/** The ExoservaApi port over HTTP (`EXOSERVA_API_URL`). Answers are validated; nothing is cached. */
export function exoservaHttpApi(options: {
  baseUrl: string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): ExoservaApi {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function get<S extends z.ZodType>(path: string, schema: S): Promise<Result<z.infer<S>, ExoservaFailure>> {
    if (!options.baseUrl) {
      return fail({ kind: 'not_configured', message: 'EXOSERVA_API_URL is not set' });
    }
    let res: Response;
    try {
      res = await doFetch(`${options.baseUrl.replace(/\/+$/, '')}${path}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      return fail({ kind: 'unavailable', message: 'The Exoserva API could not be reached' });
    }
    if (res.status === 404) {
      return fail({ kind: 'not_found', message: `The Exoserva API has no ${path}`, status: 404 });
    }
    if (!res.ok) {
      return fail({ kind: 'unavailable', message: `The Exoserva API answered ${res.status}`, status: res.status });
    }
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) {
      return fail({ kind: 'invalid_response', message: `The Exoserva API answered ${path} in an unknown shape` });
    }
    return ok(parsed.data);
  }

  const tenantPath = (tenantId: string, rest: string) => `/api/tenants/${encodeURIComponent(tenantId)}/${rest}`;

  return {
    async listCustomers(tenantId) {
      const result = await get(tenantPath(tenantId, 'customers'), CustomerList);
      if (!result.ok) return result;
      return ok(Array.isArray(result.value) ? result.value : result.value.customers);
    },
    listTaxRates: (tenantId) => get(tenantPath(tenantId, 'tax-rates'), TaxRateList),
  };
}
