import { randomBytes } from 'node:crypto';
import { base64url } from 'jose';

/** An unguessable url-safe token (codes, access tokens, client session ids). */
export const randomToken = (bytes = 24): string => base64url.encode(randomBytes(bytes));
