import { describe, expect, it } from 'vitest';
import { createLogger, createRedactor, REDACTED } from './logger.ts';

describe('logger', () => {
  it('writes one JSON line per event with the child fields on every line', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', sink: (l) => lines.push(l), now: () => 0 }).child({
      requestId: 'r1',
    });
    log.info('one', { a: 1 });
    log.debug('hidden');
    log.warn('two');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { time: '1970-01-01T00:00:00.000Z', level: 'info', event: 'one', requestId: 'r1', a: 1 },
      { time: '1970-01-01T00:00:00.000Z', level: 'warn', event: 'two', requestId: 'r1' },
    ]);
  });

  it('redacts secret-named fields, bearer and basic credentials, JWTs, OAuth query values and known secrets', () => {
    const redact = createRedactor(['super-secret-client-value']);
    const out = redact({
      accessToken: 'at',
      refresh_token: 'rt',
      headers: { Authorization: 'Bearer xyz', cookie: 'a=b' },
      code: 'auth-code',
      state: 'st',
      ok: true,
      message:
        'sent Bearer abc.def to https://x.test/cb?code=C0DE&state=S7&realmId=1 with basic Basic dXNlcjpwYXNz',
      jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      note: 'client secret super-secret-client-value leaked',
      nested: [{ id_token: 'x' }],
      hasToken: false,
    }) as Record<string, unknown>;
    const text = JSON.stringify(out);
    for (const secret of [
      '"at"',
      '"rt"',
      'xyz',
      'a=b',
      'auth-code',
      '"st"',
      'abc.def',
      'C0DE',
      'S7',
      'dXNlcjpwYXNz',
      'eyJ',
      'super-secret-client-value',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('realmId=1');
    expect(out.ok).toBe(true);
    expect(out.hasToken).toBe(false);
    expect(out.accessToken).toBe(REDACTED);
  });

  it('scrubs error messages and stacks', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', sink: (l) => lines.push(l) });
    log.error('boom', { error: new Error('failed with Bearer secret-token-value') });
    expect(lines[0]).not.toContain('secret-token-value');
    expect(JSON.parse(lines[0] as string).error.stack).toContain('Error');
  });
});
