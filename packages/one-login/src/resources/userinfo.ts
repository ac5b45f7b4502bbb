import { IDENTITY_CLAIMS } from '../constants.js';
import type { UserInfo, UserInfoResponse } from '../schemas/claims.js';

/**
 * Userinfo with the core identity JWT behind a getter over a private field: reachable as `coreIdentityJWT`, never
 * shown by `JSON.stringify` or `util.inspect` (the docs say not to store or log it).
 */
class UserInfoResult {
  readonly #coreIdentityJWT: string | undefined;
  constructor(fields: Record<string, unknown>, coreIdentityJWT: string | undefined) {
    Object.assign(this, fields);
    this.#coreIdentityJWT = coreIdentityJWT;
  }
  get coreIdentityJWT(): string | undefined {
    return this.#coreIdentityJWT;
  }
}

/** Wire userinfo (claims keyed by URI) -> friendly names; unknown claims are kept as sent. */
export function toUserInfo(raw: UserInfoResponse): UserInfo {
  const byUri = new Map<string, string>(Object.entries(IDENTITY_CLAIMS).map(([name, uri]) => [uri, name]));
  const out: Record<string, unknown> = {};
  let coreIdentityJWT: string | undefined;
  for (const [key, value] of Object.entries(raw)) {
    if (key === '__proto__') continue;
    const friendly = byUri.get(key);
    if (friendly === 'coreIdentityJWT') coreIdentityJWT = value as string;
    // A claim literally named like our getter must not shadow it.
    else if (key !== 'coreIdentityJWT') out[friendly ?? key] = value;
  }
  return new UserInfoResult(out, coreIdentityJWT) as unknown as UserInfo;
}
