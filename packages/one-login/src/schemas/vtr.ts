import { z } from 'zod';

/**
 * Vectors of trust. A vector is a credential level (`Cl` password only, `Cl.Cm` two factors) optionally followed by
 * an identity level (`P0`, `P1`, `P2`). Identity levels need `Cl.Cm`; a request may not mix identity and
 * non-identity vectors (One Login answers "Request vtr not valid").
 */
export const VECTOR_PATTERN = /^(Cl|Cl\.Cm)(\.P[012])?$/;

export type CredentialLevel = 'Cl' | 'Cl.Cm';
export type Vector = CredentialLevel | `Cl.Cm.P${0 | 1 | 2}`;

export interface ParsedVector {
  vector: string;
  credential: CredentialLevel;
  identity?: 'P0' | 'P1' | 'P2';
}

export function parseVector(v: string): ParsedVector | undefined {
  const m = VECTOR_PATTERN.exec(v);
  if (!m) return undefined;
  const credential = m[1] as CredentialLevel;
  const identity = m[2]?.slice(1) as ParsedVector['identity'];
  if (identity && credential !== 'Cl.Cm') return undefined;
  return identity ? { vector: v, credential, identity } : { vector: v, credential };
}

/** Returns the problem with a vtr list, or undefined when it is valid. */
export function vtrProblem(vtr: readonly string[]): string | undefined {
  if (vtr.length === 0) return 'vtr must contain at least one vector';
  const parsed = vtr.map(parseVector);
  const bad = vtr.find((_, i) => !parsed[i]);
  if (bad !== undefined) {
    return /^Cl\.P/.test(bad)
      ? 'identity levels need two-factor authentication (Cl.Cm)'
      : 'each vector must be Cl, Cl.Cm or Cl.Cm.P0/P1/P2';
  }
  const withIdentity = parsed.filter((p) => p?.identity).length;
  if (withIdentity > 0 && withIdentity < parsed.length)
    return 'identity and non-identity vectors cannot be mixed';
  return undefined;
}

/** The credential part One Login puts in the ID token's `vot` for a requested vector (`Cl.Cm.P2` -> `Cl.Cm`). */
export function credentialOf(vector: string): string {
  return parseVector(vector)?.credential ?? vector;
}

/** The identity level requested, if any (the highest one when several vectors are sent). */
export function identityLevelOf(vtr: readonly string[]): 'P0' | 'P1' | 'P2' | undefined {
  const levels = vtr.map((v) => parseVector(v)?.identity).filter((l): l is 'P0' | 'P1' | 'P2' => !!l);
  return levels.sort().at(-1);
}

export const VtrInput = z.union([z.string(), z.array(z.string()).min(1)]);
export type VtrInput = Vector | string | readonly string[];

export function normaliseVtr(vtr: VtrInput | undefined): string[] {
  if (vtr === undefined) return ['Cl.Cm'];
  return typeof vtr === 'string' ? [vtr] : [...vtr];
}
