/**
 * What every model function works on: the fake's fixed facts (issuer, endpoints, DID), its one clock and its
 * state. No HTTP here: the handlers (the wire layer) turn requests into calls on the model files.
 */
import type { KeyObject } from 'node:crypto';
import type { FakeClock } from '@council-sdk/core/testing';
import { ENVIRONMENTS, issuerUrl } from '../../constants';
import type { OneLoginFakeState } from './state';

export interface Endpoints {
  discovery: string;
  authorize: string;
  token: string;
  userinfo: string;
  jwks: string;
  logout: string;
  trustmark: string;
  loggedOut: string;
  /** The simulator's configuration endpoint (GET/POST). */
  config: string;
  /** The fake's own (plain) persona chooser, used in interactive mode when no signInPageUrl is given. */
  signIn: string;
}

export interface ModelContext {
  readonly issuer: string;
  readonly didDocumentUrl: string;
  readonly coreIdentityIssuer: string;
  readonly didId: string;
  readonly endpoints: Endpoints;
  readonly clock: FakeClock;
  /** Interactive mode: /authorize parks the request for a tester to choose a persona at `signInPageUrl`. */
  readonly interactive: boolean;
  readonly signInPageUrl: string;
  state: OneLoginFakeState;
  /** Private keys imported once per kid (a cache, not state). */
  readonly keyObjects: Map<string, KeyObject>;
}

export const nowMs = (ctx: ModelContext): number => ctx.clock.now().getTime();
export const nowS = (ctx: ModelContext): number => Math.floor(nowMs(ctx) / 1000);

export function endpointsFor(issuer: string): Endpoints {
  const at = (p: string) => issuerUrl(issuer, p);
  return {
    discovery: at('.well-known/openid-configuration'),
    authorize: at('authorize'),
    token: at('token'),
    userinfo: at('userinfo'),
    jwks: at('.well-known/jwks.json'),
    logout: at('logout'),
    trustmark: at('trustmark'),
    loggedOut: at('signed-out'),
    config: at('config'),
    signIn: at('fake-sign-in'),
  };
}

/** The integration or production DID URL and identity issuer for their issuer; otherwise below the issuer. */
export function defaultUrlsFor(issuer: string): { didDocumentUrl: string; coreIdentityIssuer: string } {
  if (issuer === ENVIRONMENTS.integration.issuer) return ENVIRONMENTS.integration;
  if (issuer === ENVIRONMENTS.production.issuer) return ENVIRONMENTS.production;
  return { didDocumentUrl: issuerUrl(issuer, '.well-known/did.json'), coreIdentityIssuer: issuer };
}

/** `did:web` id for a DID document URL (`https://host/.well-known/did.json` -> `did:web:host`). */
export function didIdFor(didDocumentUrl: string): string {
  const url = new URL(didDocumentUrl);
  const path = url.pathname
    .replace(/\/\.well-known\/did\.json$/, '')
    .replace(/\/did\.json$/, '')
    .split('/')
    .filter(Boolean);
  return ['did:web', encodeURIComponent(url.host), ...path].join(':');
}
