import type { Address } from '../db/store.js';

// What this app keeps in a session (server side, in the database). Never the raw core identity JWT or the access
// token: the identity claims we need are copied out once verified.
declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
    /** An authorisation request in flight: what handleCallback must check the answer against. */
    oidc?: {
      purpose: 'sign-in' | 'identity';
      state: string;
      nonce: string;
      codeVerifier?: string | undefined;
      vtr: string[];
    };
    user?: {
      sub: string;
      email?: string | undefined;
      phoneNumber?: string | undefined;
      /** Needed as id_token_hint when signing out through One Login. */
      idToken: string;
      /** When this sign-in happened (ms): a back-channel logout after it ends this session for good. */
      signedInAt?: number;
    };
    identity?: { fullName: string; address: Address };
    identityFailure?: { returnCodes: string[] };
    /** The resident told us they chose to prove their identity at a Post Office and the result is not in yet. */
    inPersonCheck?: { since: number };
    draft?: { vehicleRegistration?: string; permitLength?: number; reference?: string };
    staff?: { username: string };
    /** A same-site path to go back to after signing in. */
    returnTo?: string;
  }
}
