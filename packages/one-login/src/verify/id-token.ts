import { createHash } from 'node:crypto';
import { timingSafeEqualString } from '@council-sdk/core';
import { ID_TOKEN_ALGORITHMS } from '../constants.js';
import { IdTokenValidationError, type TokenCheck } from '../errors.js';
import { IdTokenClaims } from '../schemas/claims.js';
import type { PublicJwk } from '../schemas/metadata.js';
import { credentialOf } from '../schemas/vtr.js';
import { checkAudience, checkIssuer, checkTimes, verifyJws } from './jwt.js';

export interface IdTokenChecks {
  issuer: string;
  clientId: string;
  nonce: string;
  /** The vectors of trust requested; `vot` must be the credential part of one of them. */
  vtr: readonly string[];
  maxAge?: number | undefined;
  /** When given and the token has `at_hash`, it must match. */
  accessToken?: string | undefined;
  nowSeconds: number;
  toleranceSeconds: number;
  findKey: (kid: string) => Promise<PublicJwk | undefined>;
}

const fail = (check: TokenCheck, detail: string) => new IdTokenValidationError(check, detail);

/** Validate a One Login ID token exactly as the tech docs require (steps 1-8), plus `at_hash`. */
export async function validateIdToken(idToken: unknown, c: IdTokenChecks): Promise<IdTokenClaims> {
  const { payload } = await verifyJws(idToken, {
    makeError: fail,
    algorithms: ID_TOKEN_ALGORITHMS,
    findKey: c.findKey,
  });
  checkIssuer(payload.iss, c.issuer, fail);
  checkAudience(payload.aud, c.clientId, fail);
  // A token with several audiences must name us as the authorised party (OIDC Core §3.1.3.7 steps 4-5).
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== c.clientId) {
    throw fail('aud', 'a multi-audience token must have azp equal to the client id');
  }
  checkTimes(payload, c, fail, true);
  if (typeof payload.nonce !== 'string' || !timingSafeEqualString(payload.nonce, c.nonce)) {
    throw fail('nonce', 'nonce does not match the one sent');
  }
  const expectedVot = new Set(c.vtr.map(credentialOf));
  if (typeof payload.vot !== 'string' || !expectedVot.has(payload.vot)) {
    throw fail('vot', `vot is not ${[...expectedVot].join(' or ')}`);
  }
  if (c.maxAge !== undefined) {
    if (typeof payload.auth_time !== 'number')
      throw fail('auth_time', 'auth_time is required when max_age is sent');
    if (payload.auth_time < c.nowSeconds - c.maxAge - c.toleranceSeconds) {
      throw fail('auth_time', 'the user authenticated longer ago than max_age');
    }
  }
  if (c.accessToken !== undefined && payload.at_hash !== undefined) {
    const digest = createHash('sha256').update(c.accessToken, 'ascii').digest();
    const expected = Buffer.from(digest.subarray(0, digest.length / 2)).toString('base64url');
    if (typeof payload.at_hash !== 'string' || !timingSafeEqualString(payload.at_hash, expected)) {
      throw fail('at_hash', 'at_hash does not match the access token');
    }
  }
  const parsed = IdTokenClaims.safeParse(payload);
  if (!parsed.success)
    throw fail(
      'claims',
      `claims are malformed (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`,
    );
  return parsed.data;
}
