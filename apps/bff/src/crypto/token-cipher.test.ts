import { describe, expect, it } from 'vitest';
import { createTokenCipher, TokenDecryptError } from './token-cipher.ts';

const key = (n: number) => Buffer.alloc(32, n);

describe('token cipher', () => {
  it('round-trips a token and never stores it in the clear', () => {
    const cipher = createTokenCipher([{ kid: 'k1', key: key(1) }]);
    const sealed = cipher.encrypt('refresh-token-value', 'connection:t1:refresh');
    expect(sealed).not.toContain('refresh-token-value');
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(cipher.decrypt(sealed, 'connection:t1:refresh')).toBe('refresh-token-value');
  });

  it('uses a fresh IV every time', () => {
    const cipher = createTokenCipher([{ kid: 'k1', key: key(1) }]);
    expect(cipher.encrypt('same', 'c')).not.toBe(cipher.encrypt('same', 'c'));
  });

  it('refuses a ciphertext moved to another tenant or field', () => {
    const cipher = createTokenCipher([{ kid: 'k1', key: key(1) }]);
    const sealed = cipher.encrypt('secret', 'connection:t1:refresh');
    expect(() => cipher.decrypt(sealed, 'connection:t2:refresh')).toThrow(TokenDecryptError);
    expect(() => cipher.decrypt(sealed, 'connection:t1:access')).toThrow(TokenDecryptError);
  });

  it('detects tampering', () => {
    const cipher = createTokenCipher([{ kid: 'k1', key: key(1) }]);
    const parts = cipher.encrypt('secret', 'c').split('.');
    parts[3] = Buffer.from('tampered!').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'c')).toThrow(TokenDecryptError);
  });

  it('rotates keys: the newest encrypts, older ones still decrypt, removed ones do not', () => {
    const old = createTokenCipher([{ kid: 'old', key: key(1) }]);
    const sealedOld = old.encrypt('token', 'c');
    const rotated = createTokenCipher([
      { kid: 'new', key: key(2) },
      { kid: 'old', key: key(1) },
    ]);
    expect(rotated.decrypt(sealedOld, 'c')).toBe('token');
    const sealedNew = rotated.encrypt('token', 'c');
    expect(rotated.kidOf(sealedNew)).toBe('new');
    const retired = createTokenCipher([{ kid: 'new', key: key(2) }]);
    expect(retired.decrypt(sealedNew, 'c')).toBe('token');
    expect(() => retired.decrypt(sealedOld, 'c')).toThrow(/No configured key with id "old"/);
  });
});
