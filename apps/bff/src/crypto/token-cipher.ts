import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../config.ts';

/**
 * AES-256-GCM for tokens at rest. A ciphertext reads `v1.<kid>.<iv>.<ciphertext>.<tag>` (base64url parts).
 * The newest key encrypts; any configured key decrypts, so keys rotate by putting a new one first and
 * dropping the old one once every row was rewritten. `context` (tenant and field) is bound as additional
 * authenticated data, so a ciphertext copied to another tenant or field does not decrypt.
 */
export interface TokenCipher {
  readonly currentKid: string;
  encrypt(plaintext: string, context: string): string;
  decrypt(ciphertext: string, context: string): string;
  /** The key id a ciphertext was written with. */
  kidOf(ciphertext: string): string | undefined;
}

export class TokenDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenDecryptError';
  }
}

export function createTokenCipher(keys: readonly EncryptionKey[]): TokenCipher {
  const newest = keys[0];
  if (!newest) throw new Error('At least one token encryption key is required');
  const byKid = new Map(keys.map((k) => [k.kid, k.key]));
  return {
    currentKid: newest.kid,
    encrypt(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', newest.key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        'v1',
        newest.kid,
        iv.toString('base64url'),
        ct.toString('base64url'),
        tag.toString('base64url'),
      ].join('.');
    },
    decrypt(ciphertext, context) {
      const parts = ciphertext.split('.');
      if (parts.length !== 5 || parts[0] !== 'v1')
        throw new TokenDecryptError('Unknown token ciphertext format');
      const [, kid, iv, ct, tag] = parts as [string, string, string, string, string];
      const key = byKid.get(kid);
      if (!key) throw new TokenDecryptError(`No configured key with id "${kid}"`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new TokenDecryptError(`Token ciphertext failed authentication (key "${kid}")`);
      }
    },
    kidOf(ciphertext) {
      const parts = ciphertext.split('.');
      return parts.length === 5 && parts[0] === 'v1' ? parts[1] : undefined;
    },
  };
}
