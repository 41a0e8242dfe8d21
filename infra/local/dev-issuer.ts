import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

/** The claims an ID token carries here, as Cognito puts them in its ID tokens. */
export interface DevIdentity {
  readonly userId: string;
  readonly email: string;
  readonly firmId: string;
  readonly userType: 'firm' | 'client';
}

export interface DevIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** The public keys, served at `/.well-known/jwks.json` like Cognito's `jwks.json`. */
  readonly jwks: { keys: JWK[] };
  sign(identity: DevIdentity, ttlSeconds?: number): Promise<string>;
}

export const DEV_AUDIENCE = 'samenwerken-local';

/**
 * A local stand-in for the Cognito user pool's token issuer: an RS256 key pair (kept under
 * `dir` so tokens survive restarts, or in memory when `dir` is null) signing ID tokens with
 * the same claims. The API verifies them through JWKS, as API Gateway's JWT authorizer does.
 */
export async function devIssuer(issuer: string, dir: string | null): Promise<DevIssuer> {
  const file = dir ? join(dir, 'signing-key.jwk.json') : undefined;
  let privateJwk: JWK | undefined;
  if (file)
    privateJwk = await readFile(file, 'utf8').then(
      (s) => JSON.parse(s) as JWK,
      () => undefined,
    );
  if (!privateJwk) {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    privateJwk = {
      ...(await exportJWK(privateKey)),
      kid: `local-${Date.now().toString(36)}`,
      alg: 'RS256',
      use: 'sig',
    };
    if (file && dir) {
      await mkdir(dir, { recursive: true });
      await writeFile(file, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const key = await importJWK(privateJwk, 'RS256');
  return {
    issuer,
    audience: DEV_AUDIENCE,
    jwks: { keys: [publicJwk] },
    sign: (identity, ttlSeconds = 3600) =>
      new SignJWT({
        email: identity.email,
        token_use: 'id',
        'custom:firm_id': identity.firmId,
        'custom:user_type': identity.userType,
      })
        .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid ?? 'local' })
        .setSubject(identity.userId)
        .setIssuer(issuer)
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
  };
}
