/**
 * Vectors of trust, parsed as One Login parses them: govuk-one-login/authentication-api
 * orchestration-shared/.../entity/VectorOfTrust.java (`parseFromAuthRequestAttribute`), LevelOfConfidence.java and
 * CredentialTrustLevel.java. Implemented here, apart from the SDK's own vtr helpers, so an SDK bug cannot hide behind
 * the same bug in the fake.
 */

export interface Vector {
  /** `Cl` or `Cl.Cm`. */
  credential: 'Cl' | 'Cl.Cm';
  /** `P0`..`P3`, when the vector has an identity component. */
  level?: string;
}

/** Levels One Login accepts (LevelOfConfidence: P4 exists but is not supported). */
const SUPPORTED_LEVELS = ['P0', 'P1', 'P2', 'P3'];
const CREDENTIAL_LEVELS = ['Cl', 'Cl.Cm'] as const;

/** Thrown for any vtr One Login answers "Request vtr not valid" to. */
export class InvalidVtr extends Error {}

export const isIdentityLevel = (level: string | undefined) => level !== undefined && level !== 'P0';

/**
 * Parse the `vtr` parameter (a JSON array of vectors; absent: `["Cl.Cm"]`). Components are split at dots: `C…`
 * components sorted and joined must make `Cl` or `Cl.Cm`, at most one `P…` component, identity needs `Cl.Cm`, and
 * identity and non-identity vectors cannot be mixed. Other components are ignored, as One Login ignores them.
 */
export function parseVtr(raw: string | undefined): Vector[] {
  if (raw === undefined) return [{ credential: 'Cl.Cm' }];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InvalidVtr('vtr is not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new InvalidVtr('vtr is not a list of vectors');
  const vectors = parsed.map((entry): Vector => {
    if (typeof entry !== 'string') throw new InvalidVtr('a vector is not a string');
    const parts = entry.split('.');
    const levels = parts.filter((p) => p.startsWith('P'));
    if (levels.length > 1) throw new InvalidVtr('more than one identity component');
    const level = levels[0];
    if (level !== undefined && !SUPPORTED_LEVELS.includes(level))
      throw new InvalidVtr('unknown identity level');
    const credential = parts
      .filter((p) => p.startsWith('C'))
      .sort()
      .join('.');
    if (!(CREDENTIAL_LEVELS as readonly string[]).includes(credential))
      throw new InvalidVtr('unknown credential');
    if (isIdentityLevel(level) && credential === 'Cl') throw new InvalidVtr('identity needs Cl.Cm');
    return { credential: credential as Vector['credential'], ...(level ? { level } : {}) };
  });
  const identity = vectors.filter((v) => isIdentityLevel(v.level)).length;
  if (identity !== 0 && identity < vectors.length)
    throw new InvalidVtr('identity and non-identity vectors mixed');
  return vectors;
}

/**
 * The vector One Login acts on: the lowest, by identity level then credential level (`VectorOfTrust.getLowestVtr`).
 * Its credential part is the ID token's `vot`.
 */
export function lowestVector(vectors: readonly Vector[]): Vector {
  const rank = (v: Vector) =>
    (v.level === undefined ? -1 : SUPPORTED_LEVELS.indexOf(v.level)) * 10 +
    CREDENTIAL_LEVELS.indexOf(v.credential);
  const sorted = [...vectors].sort((a, b) => rank(a) - rank(b));
  const lowest = sorted[0];
  if (!lowest) throw new InvalidVtr('empty vtr');
  return lowest;
}

export const vectorToString = (v: Vector) => (v.level ? `${v.credential}.${v.level}` : v.credential);
