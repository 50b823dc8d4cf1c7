import type { LogLevel } from '../config.ts';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds `fields` (e.g. the request id) to every line. */
  child(fields: LogFields): Logger;
}

/** Where finished lines go: stdout in production, an array in tests. */
export type LogSink = (line: string) => void;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

// Keys whose values are secrets whatever they hold. `code` and `state` are the OAuth callback's.
const SECRET_KEY =
  /(token|secret|password|authorization|cookie|nonce|ticket|api[-_]?key|private[-_]?key|^code$|^state$|^key$)/i;
// Values that look like secrets even under an innocent key.
const SECRET_VALUE_PATTERNS: RegExp[] = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\bBasic\s+[A-Za-z0-9+/=]{8,}/gi,
  /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g,
  /([?&](?:code|state|ticket|token|access_token|refresh_token)=)[^&\s"]+/gi,
];
export const REDACTED = '[redacted]';

export interface Redactor {
  (value: unknown): unknown;
}

/**
 * Builds the redaction layer every log line passes through: secret-named keys are replaced, strings are
 * scrubbed of bearer/basic credentials, JWT-shaped values, OAuth query parameters and any configured
 * secret value (client secret, session secret, encryption keys).
 */
export function createRedactor(knownSecrets: readonly string[] = []): Redactor {
  const secrets = knownSecrets.filter((s) => s.length >= 8);
  const scrubString = (s: string): string => {
    let out = s;
    for (const pattern of SECRET_VALUE_PATTERNS) {
      out = out.replace(pattern, (match, prefix: unknown) =>
        typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}${REDACTED}` : REDACTED,
      );
    }
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out;
  };
  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return scrubString(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > 6 || seen.has(value)) return '[truncated]';
    seen.add(value);
    if (value instanceof Error) {
      return {
        name: value.name,
        message: scrubString(value.message),
        ...(value.stack ? { stack: scrubString(value.stack) } : {}),
      };
    }
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        SECRET_KEY.test(k) && v !== null && v !== undefined && typeof v !== 'boolean'
          ? REDACTED
          : walk(v, depth + 1, seen);
    }
    return out;
  };
  return (value) => walk(value, 0, new WeakSet());
}

export interface LoggerOptions {
  level: LogLevel;
  sink?: LogSink;
  now?: () => number;
  redact?: Redactor;
  base?: LogFields;
}

/** One JSON object per line: `{time, level, event, ...fields}`, every field redacted first. */
export function createLogger(options: LoggerOptions): Logger {
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const redact = options.redact ?? createRedactor();
  const threshold = RANK[options.level];

  const make = (base: LogFields): Logger => {
    const write = (level: Exclude<LogLevel, 'silent'>, event: string, fields?: LogFields) => {
      if (RANK[level] < threshold) return;
      const record = redact({ ...base, ...fields }) as LogFields;
      let line: string;
      try {
        line = JSON.stringify({ time: new Date(now()).toISOString(), level, event, ...record });
      } catch {
        line = JSON.stringify({
          time: new Date(now()).toISOString(),
          level,
          event,
          note: 'unserializable fields',
        });
      }
      sink(line);
    };
    return {
      debug: (event, fields) => write('debug', event, fields),
      info: (event, fields) => write('info', event, fields),
      warn: (event, fields) => write('warn', event, fields),
      error: (event, fields) => write('error', event, fields),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}
