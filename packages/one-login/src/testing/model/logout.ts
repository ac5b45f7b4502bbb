/**
 * /logout (end_session_endpoint) and back-channel logout tokens. The token is built as
 * govuk-one-login/authentication-api oidc-api/.../lambda/BackChannelLogoutRequestHandler.java `generateClaims`
 * does: `jti`, `aud` (client id), `sub`, `exp` (two minutes), `iss`, `iat`, `events`, no `sid`; signed ES256 with
 * header `typ: logout+jwt`. Delivery (retries, timeout) is the fake's OutboundDeliveries.
 */
import { randomUUID } from 'node:crypto';
import { BACKCHANNEL_LOGOUT_EVENT } from '../../constants';
import { findClient } from './clients';
import { type ModelContext, nowS } from './context';
import { signJwt, verifyOwnToken } from './keys';
import { liveSession } from './sessions';

export interface LogoutParams {
  id_token_hint?: string;
  post_logout_redirect_uri?: string;
  state?: string;
}

/**
 * Where to send the browser, and the sub whose session ended (for back-channel logout). In the order of
 * govuk-one-login/authentication-api oidc-api/.../entity/LogoutRequest.java, answered as
 * orchestration-shared/.../services/LogoutService.java `handleLogout` does: a problem with the request sends the
 * browser to the signed-out page with `error_code` and `error_description` (AuthFrontend `errorLogoutURI`), never
 * to the client; and `state`, when sent, is added to wherever the browser goes, the signed-out page included. The
 * official simulator (src/components/logout/logout-controller.ts) answers alike.
 */
export async function logout(
  ctx: ModelContext,
  params: LogoutParams,
): Promise<{ location: string; endedSub?: string }> {
  const withState = (uri: string, query: Record<string, string> = {}) =>
    appendQuery(uri, { ...query, ...(params.state !== undefined ? { state: params.state } : {}) });
  const signedOut = ctx.endpoints.loggedOut;
  const refused = (error_code: string, error_description: string) =>
    withState(signedOut, { error_code, error_description });
  if (params.id_token_hint === undefined) return { location: withState(signedOut) };
  // TokenValidationService.isTokenSignatureValid checks the signature only: an expired ID token is a good hint.
  const claims = await verifyOwnToken(ctx, params.id_token_hint);
  if (!claims) return { location: refused('invalid_request', 'unable to validate id_token_hint') };
  const clientId = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
  const ended = sub && liveSession(ctx, sub) !== undefined ? sub : undefined;
  const result = (location: string) => (ended ? { location, endedSub: ended } : { location });
  if (typeof clientId !== 'string' || !sub) return result(withState(signedOut));
  const client = findClient(ctx, clientId);
  if (!client) return result(refused('unauthorized_client', 'client not found'));
  const postLogout = params.post_logout_redirect_uri;
  if (postLogout === undefined) return result(withState(signedOut));
  if (!(client.postLogoutRedirectUris ?? []).includes(postLogout))
    return result(refused('invalid_request', 'client registry does not contain post_logout_redirect_uri'));
  if (!URL.canParse(postLogout))
    return result(refused('invalid_request', 'invalid post logout redirect URI'));
  return result(withState(postLogout));
}

/** Add parameters to a URI's query, keeping what it has (ConstructUriHelper.buildURI, Apache URIBuilder.addParameter). */
function appendQuery(uri: string, query: Record<string, string>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(query)) url.searchParams.append(k, v);
  return url.toString();
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
