/**
 * Signing in: the user's One Login session and the authorisation code the relying party gets back.
 * A session lives an hour from the last interaction; while it lives, signing in again to any client reuses it and
 * keeps its `auth_time`, unless the request asks for re-authentication (`prompt=login`) or, for a client with
 * `max_age` enabled, the authentication is older than `max_age` (govuk-one-login/authentication-api
 * oidc-api/.../lambda/AuthorisationHandler.java `handleAuthJourney` and `maxAgeExpired`).
 */
import { IDENTITY_CLAIMS } from '../../constants';
import { redirectTo } from './authorize-errors';
import { findClient } from './clients';
import { type ModelContext, nowMs, nowS } from './context';
import { findPersona } from './personas';
import { randomToken } from './random';
import { type AuthorizationRecord, CODE_LIFETIME_S, SESSION_EXPIRY_MS, type SessionRecord } from './state';
import { isIdentityLevel, lowestVector, parseVtr } from './vtr';

export type AuthorizationOutcome = { persona: string } | { error: string; error_description?: string };

export function pendingAuthorization(ctx: ModelContext, id: string): AuthorizationRecord | undefined {
  const found = ctx.state.pending.find((p) => p.id === id);
  return found ? structuredClone(found) : undefined;
}

/** Finish an interactive sign-in: returns where to send the browser (the client's redirect URI). */
export function completePendingAuthorization(
  ctx: ModelContext,
  id: string,
  outcome: AuthorizationOutcome,
): string {
  const record = ctx.state.pending.find((p) => p.id === id);
  if (!record) throw new Error(`No pending authorization ${id}`);
  ctx.state.pending = ctx.state.pending.filter((p) => p !== record);
  return completeAuthorization(ctx, record, outcome);
}

export function completeAuthorization(
  ctx: ModelContext,
  record: AuthorizationRecord,
  outcome: AuthorizationOutcome,
): string {
  const { redirectUri, state, responseMode } = record;
  if ('error' in outcome) {
    return redirectTo(
      redirectUri,
      { error: outcome.error, error_description: outcome.error_description, state },
      responseMode,
    );
  }
  const persona = findPersona(ctx, outcome.persona);
  if (!persona) throw new Error(`Unknown persona ${outcome.persona}`);
  const client = findClient(ctx, record.clientId);
  const level = lowestVector(parseVtr(JSON.stringify(record.vtr))).level;
  let identityProven = false;
  if (isIdentityLevel(level)) {
    const achieved = persona.identity?.vot;
    identityProven = achieved !== undefined && (level === 'P1' || achieved === 'P2');
    const wantsReturnCodes = client?.returnCodesEnabled && record.claims.includes(IDENTITY_CLAIMS.returnCode);
    if (!identityProven && !wantsReturnCodes) {
      return redirectTo(
        redirectUri,
        {
          error: 'access_denied',
          error_description: 'Access denied by resource owner or authorization server',
          state,
        },
        responseMode,
      );
    }
  }
  const session = signInSession(ctx, persona.sub, record.clientId, {
    reauthenticate: record.prompt?.includes('login') ?? false,
    ...(client?.maxAgeEnabled && record.maxAge !== undefined ? { maxAge: record.maxAge } : {}),
  });
  const code = randomToken(24);
  ctx.state.codes.push({
    code,
    authorization: record,
    personaId: persona.id,
    sub: persona.sub,
    authTime: session.authTime,
    identityProven,
    expiresAt: nowMs(ctx) + CODE_LIFETIME_S * 1000,
    used: false,
    accessTokens: [],
  });
  return redirectTo(redirectUri, { code, state }, responseMode);
}

/** Sessions whose hour since the last interaction has not run out (the others are forgotten). */
export function liveSessions(ctx: ModelContext): SessionRecord[] {
  const now = nowMs(ctx);
  ctx.state.sessions = ctx.state.sessions.filter((s) => s.lastActiveAt + SESSION_EXPIRY_MS > now);
  return ctx.state.sessions;
}

export function liveSession(ctx: ModelContext, sub: string): SessionRecord | undefined {
  return liveSessions(ctx).find((s) => s.sub === sub);
}

/** Start or continue `sub`'s session for a client; authenticates again when asked to or when `maxAge` ran out. */
export function signInSession(
  ctx: ModelContext,
  sub: string,
  clientId: string,
  options: { reauthenticate?: boolean; maxAge?: number } = {},
): SessionRecord {
  const now = nowMs(ctx);
  let session = liveSession(ctx, sub);
  if (!session) {
    session = { sub, authTime: nowS(ctx), lastActiveAt: now, clientIds: [] };
    ctx.state.sessions.push(session);
  } else {
    const maxAgeExpired = options.maxAge !== undefined && session.authTime + options.maxAge < nowS(ctx);
    if (options.reauthenticate || maxAgeExpired) session.authTime = nowS(ctx);
    session.lastActiveAt = now;
  }
  if (!session.clientIds.includes(clientId)) session.clientIds.push(clientId);
  return session;
}

/** Forget codes and tokens an hour after they expire, so a long-running sandbox's state stays small. */
export function prune(ctx: ModelContext): void {
  const cutoff = nowMs(ctx) - 3_600_000;
  ctx.state.codes = ctx.state.codes.filter((c) => c.expiresAt > cutoff);
  ctx.state.accessTokens = ctx.state.accessTokens.filter((t) => t.expiresAt > cutoff);
  // Interactive sign-ins nobody finished within a day.
  ctx.state.pending = ctx.state.pending.filter((p) => p.createdAt > cutoff - 23 * 3_600_000);
}
