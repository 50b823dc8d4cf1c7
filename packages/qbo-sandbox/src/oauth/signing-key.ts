/**
 * The RS256 key that signs id_tokens, served at /op/v1/jwks. Generated per sandbox (or restored from the
 * state file so id_tokens stay verifiable across restarts).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { base62 } from './random-tokens.ts';

export const ID_TOKEN_ISSUER = 'https://oauth.platform.intuit.com/op/v1';

export interface SigningKeyMaterial {
  kid: string;
  privateKeyPem: string;
}

export class SigningKey {
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly publicJwk: Record<string, unknown>;

  constructor(material?: SigningKeyMaterial) {
    if (material) {
      this.kid = material.kid;
      this.privateKey = createPrivateKey(material.privateKeyPem);
    } else {
      this.kid = `r4p5SbL2jP${base62(8)}`;
      this.privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    }
    const jwk = createPublicKey(this.privateKey).export({ format: 'jwk' });
    this.publicJwk = { ...jwk, kid: this.kid, use: 'sig', alg: 'RS256' };
  }

  material(): SigningKeyMaterial {
    return {
      kid: this.kid,
      privateKeyPem: this.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    };
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [this.publicJwk] };
  }

  /** Intuit's claims: aud is an array, realmid lowercase (REFERENCE §1.6). */
  async signIdToken(claims: {
    clientId: string;
    sub: string;
    realmId: string;
    authTimeMs: number;
    nowMs: number;
  }): Promise<string> {
    const iat = Math.floor(claims.nowMs / 1000);
    return new SignJWT({ realmid: claims.realmId, auth_time: Math.floor(claims.authTimeMs / 1000) })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid })
      .setIssuer(ID_TOKEN_ISSUER)
      .setAudience([claims.clientId])
      .setSubject(claims.sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(this.privateKey);
  }
}
