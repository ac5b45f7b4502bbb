/**
 * /logout (end_session_endpoint) and back-channel logout tokens. The token is built as
 * govuk-one-login/authentication-api oidc-api/.../lambda/BackChannelLogoutRequestHandler.java `generateClaims`
 * does: `jti`, `aud` (client id), `sub`, `exp` (two minutes), `iss`, `iat`, `events`, no `sid`; signed ES256 with
 * header `typ: logout+jwt`. Delivery (retries, timeout) is the fake's OutboundDeliveries.
 */
import { randomUUID } from 'node:crypto';
import { BACKCHANNEL_LOGOUT_EVENT } from '../../constants';
import { redirectTo } from './authorize-errors';
import { findClient } from './clients';
import { type ModelContext, nowS } from './context';
import { signJwt, verifyOwnToken } from './keys';
import { liveSession } from './sessions';

export interface LogoutParams {
  id_token_hint?: string;
  post_logout_redirect_uri?: string;
  state?: string;
}

/** Where to send the browser, and the sub whose session ended (for back-channel logout). */
export async function logout(
  ctx: ModelContext,
  params: LogoutParams,
): Promise<{ location: string; endedSub?: string }> {
  const signedOut = { location: ctx.endpoints.loggedOut };
  if (!params.id_token_hint) return signedOut;
  const claims = await verifyOwnToken(ctx, params.id_token_hint);
  if (!claims) return signedOut;
  const clientId = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  const client = typeof clientId === 'string' ? findClient(ctx, clientId) : undefined;
  const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
  const ended = sub && liveSession(ctx, sub) !== undefined ? sub : undefined;
  const result = (location: string) => (ended ? { location, endedSub: ended } : { location });
  const postLogout = params.post_logout_redirect_uri;
  if (!client || !postLogout || !(client.postLogoutRedirectUris ?? []).includes(postLogout)) {
    return result(ctx.endpoints.loggedOut);
  }
  return result(redirectTo(postLogout, { state: params.state }));
}

export interface LogoutTokenToSend {
  clientId: string;
  uri: string;
}

/** End `sub`'s session: its access tokens stop working; returns the clients to send a logout token to. */
export function endSession(ctx: ModelContext, sub: string): LogoutTokenToSend[] {
  const session = ctx.state.sessions.find((s) => s.sub === sub);
  ctx.state.sessions = ctx.state.sessions.filter((s) => s.sub !== sub);
  for (const t of ctx.state.accessTokens) if (t.sub === sub) t.revoked = true;
  const out: LogoutTokenToSend[] = [];
  for (const clientId of session?.clientIds ?? []) {
    const uri = findClient(ctx, clientId)?.backChannelLogoutUri;
    if (uri) out.push({ clientId, uri });
  }
  return out;
}

/** A logout token as One Login sends it. */
export async function createLogoutToken(
  ctx: ModelContext,
  input: { sub: string; clientId: string },
): Promise<{ token: string; jti: string }> {
  const now = nowS(ctx);
  const jti = randomUUID();
  const token = await signJwt(
    ctx,
    {
      jti,
      aud: input.clientId,
      sub: input.sub,
      exp: now + 120,
      iss: ctx.issuer,
      iat: now,
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    },
    { alg: 'ES256', typ: 'logout+jwt' },
  );
  return { token, jti };
}
