import { ErrorEnvelope, errorCodes } from '@exoserva/contracts';
import { z } from 'zod';
import { ERROR_TABLE } from '../http/errors.ts';
import { API_ROUTES, type ApiRoute, type NamedSchema } from './api-registry.ts';

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

const AUTH_TEXT: Record<ApiRoute['auth'], string> = {
  public: 'none',
  operator: 'none, or `Authorization: Bearer <BFF_METRICS_TOKEN>` when that is set',
  session: '`Authorization: Bearer <session JWT>`, any role',
  admin: '`Authorization: Bearer <session JWT>`, role owner or tenant_admin',
  'exoserva-signature':
    '`exoserva-signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` (±5 min)',
  'intuit-signature': '`intuit-signature: base64(HMAC-SHA256(verifier token, raw body))`',
};

/** The failures each kind of route can answer, besides its own (validation, not found…). */
function errorStatuses(route: ApiRoute): number[] {
  const statuses = new Set<number>();
  if (route.body || route.params) statuses.add(400);
  if (route.method !== 'GET') statuses.add(413);
  if (route.auth === 'session' || route.auth === 'admin') [401, 429].forEach((s) => statuses.add(s));
  if (route.auth === 'admin') statuses.add(403);
  if (route.auth === 'operator') statuses.add(401);
  if (route.auth === 'exoserva-signature' || route.auth === 'intuit-signature') statuses.add(401);
  return [...statuses].sort();
}

/**
 * The OpenAPI 3.1 document of the BFF, generated from the API registry (the same contracts schemas the
 * routes parse with). Request bodies are described as accepted (`io: input`: defaults optional), answers
 * as sent.
 */
export function buildOpenApiDocument(options: { publicUrl: string; version?: string }): Json {
  const schemas: Json = { ErrorEnvelope: jsonSchema(ErrorEnvelope, 'output') };
  const ref = (named: NamedSchema, io: 'input' | 'output') => {
    schemas[named.name] ??= jsonSchema(named.schema, io);
    return { $ref: `#/components/schemas/${named.name}` };
  };
  const paths: Record<string, Json> = {};
  for (const route of API_ROUTES) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: Json[] = [];
    for (const [where, obj] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!obj) continue;
      const shape = jsonSchema(obj, 'input') as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, schema] of Object.entries(shape.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (shape.required ?? []).includes(name),
          schema,
        });
      }
    }
    const responses: Json = {};
    for (const [status, r] of Object.entries(route.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema
          ? { content: { 'application/json': { schema: ref(r.schema, 'output') } } }
          : r.contentType
            ? { content: { [r.contentType]: {} } }
            : {}),
      };
    }
    for (const status of errorStatuses(route)) {
      const codes = errorCodes.filter((c) => ERROR_TABLE[c].status === status);
      responses[String(status)] ??= {
        description: `Error envelope (${codes.join(', ')})`,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
      };
    }
    const operation: Json = {
      operationId: `${route.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      summary: route.summary,
      description: `Auth: ${AUTH_TEXT[route.auth]}`,
      tags: [route.tag],
      ...(route.auth === 'session' || route.auth === 'admin'
        ? { security: [{ session: [] }] }
        : { security: [] }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: route.body.name !== 'EmptyRequest',
              content: {
                'application/json': {
                  schema: ref(route.body, 'input'),
                  ...(route.example !== undefined ? { example: route.example } : {}),
                },
              },
            },
          }
        : {}),
      responses,
    };
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Exoserva QuickBooks Online BFF',
      version: options.version ?? '0.1.0',
      description:
        'The backend-for-frontend of the QuickBooks Online integration. Every error is `{ error: { code, message, requestId, details? } }`; the status comes from one table. Generated from the zod schemas in @exoserva/contracts.',
    },
    servers: [{ url: options.publicUrl }],
    components: {
      securitySchemes: { session: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas,
    },
    paths,
  };
}
