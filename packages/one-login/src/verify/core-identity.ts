import { CoreIdentityValidationError, type TokenCheck } from '../errors.js';
import { type BirthDate, CoreIdentityClaims, type Name } from '../schemas/claims.js';
import type { DidVerificationMethod } from '../schemas/metadata.js';
import { checkAudience, checkIssuer, checkTimes, readHeader, verifyJws } from './jwt.js';

export interface CoreIdentityChecks {
  issuer: string;
  clientId: string;
  sub: string;
  /** The identity level asked for (`P1`, `P2`...): a JWT proving less is refused. */
  vot: IdentityLevel;
  nowSeconds: number;
  toleranceSeconds: number;
  /** The DID document (fetched from the fixed URL only), refreshed once if `kid` is unknown. */
  findMethod: (kid: string) => Promise<{ documentId: string; method: DidVerificationMethod | undefined }>;
}

/** A verified identity. Absent names or birth dates mean that part of the identity is not proven. */
export interface CoreIdentity {
  sub: string;
  /** The identity level achieved, e.g. `P2`. */
  vot: string;
  vtm: string | undefined;
  names: Name[];
  birthDates: BirthDate[];
  /** The current name (the one without `validUntil`), split into given names and family name. */
  currentName: { givenNames: string[]; familyName: string; fullName: string } | undefined;
  /** The first birth date (`YYYY-MM-DD`). */
  birthDate: string | undefined;
  claims: CoreIdentityClaims;
}

const fail = (check: TokenCheck, detail: string) => new CoreIdentityValidationError(check, detail);

/** One Login's levels of identity confidence, lowest first (`P0` means no identity was proven). */
export const IDENTITY_LEVELS = ['P0', 'P1', 'P2', 'P3', 'P4'] as const;
export type IdentityLevel = (typeof IDENTITY_LEVELS)[number];

export function isIdentityLevel(value: unknown): value is IdentityLevel {
  return typeof value === 'string' && (IDENTITY_LEVELS as readonly string[]).includes(value);
}

export async function validateCoreIdentity(jwt: unknown, c: CoreIdentityChecks): Promise<CoreIdentity> {
  const header = await readHeader(jwt, fail);
  if (header.alg !== 'ES256') throw fail('alg', 'core identity JWTs must be ES256');
  const kid = header.kid;
  if (typeof kid !== 'string' || !kid.includes('#'))
    throw fail('kid', 'kid must be a DID URL (controller#key)');
  const controller = kid.slice(0, kid.indexOf('#'));

  let documentId: string | undefined;
  const { payload } = await verifyJws(jwt, {
    makeError: fail,
    algorithms: ['ES256'],
    findKey: async (k) => {
      const found = await c.findMethod(k);
      documentId = found.documentId;
      // The key's controller, as named in the kid and in the document, must be the document itself: a kid naming
      // another DID must never make us trust a key that document lists.
      if (controller !== found.documentId)
        throw fail('controller', 'the kid names a different controller than the DID document');
      if (found.method && found.method.controller !== found.documentId) {
        throw fail('controller', 'the key is controlled by another DID');
      }
      return found.method?.publicKeyJwk;
    },
  });
  if (documentId === undefined) throw fail('kid', 'no DID document');

  checkIssuer(payload.iss, c.issuer, fail);
  checkAudience(payload.aud, c.clientId, fail);
  if (typeof payload.sub !== 'string' || payload.sub !== c.sub)
    throw fail('sub', 'sub is not the signed-in user');
  checkTimes(payload, c, fail, false);
  // The JWT is signed, but it may prove a lower level than this service asked for (a P1 identity where P2 is
  // required): the level is part of the answer, so it is checked like any other claim.
  const vot = payload.vot;
  if (!isIdentityLevel(vot)) throw fail('vot', 'vot is not an identity level (P0-P4)');
  if (IDENTITY_LEVELS.indexOf(vot) < IDENTITY_LEVELS.indexOf(c.vot)) {
    throw fail('vot', `the identity was proven to ${vot}, below the ${c.vot} asked for`);
  }
  const parsed = CoreIdentityClaims.safeParse(payload);
  if (!parsed.success) {
    throw fail(
      'claims',
      `claims are malformed (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`,
    );
  }
  const claims = parsed.data;
  const names = claims.vc.credentialSubject.name;
  const birthDates = claims.vc.credentialSubject.birthDate;
  return {
    sub: claims.sub,
    vot: claims.vot,
    vtm: claims.vtm,
    names,
    birthDates,
    currentName: currentName(names),
    birthDate: birthDates[0]?.value,
    claims,
  };
}

function currentName(names: Name[]): CoreIdentity['currentName'] {
  const name = names.find((n) => !n.validUntil) ?? names[0];
  if (!name) return undefined;
  const givenNames = name.nameParts.filter((p) => p.type === 'GivenName').map((p) => p.value);
  const familyName = name.nameParts
    .filter((p) => p.type === 'FamilyName')
    .map((p) => p.value)
    .join(' ');
  return { givenNames, familyName, fullName: [...givenNames, familyName].filter(Boolean).join(' ') };
}
