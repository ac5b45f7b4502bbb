import { IDENTITY_CLAIMS } from '../constants';
import { hideSecret } from '../hide';
import type { UserInfo, UserInfoResponse } from '../schemas/claims';

/** Wire userinfo (claims keyed by URI) -> friendly names; unknown claims are kept as sent. */
export function toUserInfo(raw: UserInfoResponse): UserInfo {
  const byUri = new Map<string, string>(Object.entries(IDENTITY_CLAIMS).map(([name, uri]) => [uri, name]));
  const out: Record<string, unknown> = {};
  let coreIdentityJWT: string | undefined;
  for (const [key, value] of Object.entries(raw)) {
    const friendly = byUri.get(key);
    if (friendly === 'coreIdentityJWT') coreIdentityJWT = value as string;
    else out[friendly ?? key] = value;
  }
  hideSecret(out, 'coreIdentityJWT', coreIdentityJWT);
  return out as unknown as UserInfo;
}
