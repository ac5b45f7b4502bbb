import { z } from 'zod';
import { BACKCHANNEL_LOGOUT_EVENT } from '../constants.js';

/** NumericDate (seconds since the epoch). */
const NumericDate = z.number().finite();
const Audience = z.union([z.string(), z.array(z.string())]);

/** The claims of a One Login ID token (already signature-checked when you see this type). */
export const IdTokenClaims = z.looseObject({
  /** `urn:fdc:gov.uk:2022:...`, the user's pairwise identifier for your service. */
  sub: z.string().min(1),
  iss: z.string(),
  aud: Audience,
  exp: NumericDate,
  iat: NumericDate,
  nonce: z.string(),
  /** The credential level achieved, e.g. `Cl.Cm` (the identity level is in the core identity JWT). */
  vot: z.string(),
  /** Trustmark URL. */
  vtm: z.string().optional(),
  sid: z.string().optional(),
  auth_time: NumericDate.optional(),
  at_hash: z.string().optional(),
});
export type IdTokenClaims = z.infer<typeof IdTokenClaims>;

/** The claims of a back-channel logout token. */
export const LogoutTokenClaims = z.looseObject({
  iss: z.string(),
  aud: Audience,
  sub: z.string().min(1),
  iat: NumericDate,
  exp: NumericDate,
  jti: z.string().min(1),
  events: z.record(z.string(), z.unknown()),
  sid: z.string().optional(),
});
export type LogoutTokenClaims = z.infer<typeof LogoutTokenClaims> & {
  events: { [BACKCHANNEL_LOGOUT_EVENT]: Record<string, never> };
};

export const NamePart = z.looseObject({
  value: z.string(),
  /** `GivenName` or `FamilyName`. */
  type: z.string(),
});
export const Name = z.looseObject({
  nameParts: z.array(NamePart),
  validFrom: z.string().optional(),
  validUntil: z.string().optional(),
});
export type Name = z.infer<typeof Name>;
export const BirthDate = z.looseObject({ value: z.string() });
export type BirthDate = z.infer<typeof BirthDate>;

export const CoreIdentityClaims = z.looseObject({
  sub: z.string(),
  iss: z.string(),
  aud: Audience,
  exp: NumericDate,
  iat: NumericDate.optional(),
  nbf: NumericDate.optional(),
  /** The identity level achieved, e.g. `P2`. */
  vot: z.string(),
  vtm: z.string().optional(),
  vc: z.looseObject({
    // The docs say not to pin `vc.type` values, so any strings are accepted.
    type: z.array(z.string()).optional(),
    credentialSubject: z.looseObject({
      name: z.array(Name).default([]),
      birthDate: z.array(BirthDate).default([]),
    }),
  }),
});
export type CoreIdentityClaims = z.infer<typeof CoreIdentityClaims>;

export const PostalAddress = z.looseObject({
  uprn: z.union([z.string(), z.number()]).optional(),
  organisationName: z.string().optional(),
  departmentName: z.string().optional(),
  subBuildingName: z.string().optional(),
  buildingNumber: z.string().optional(),
  buildingName: z.string().optional(),
  dependentStreetName: z.string().optional(),
  streetName: z.string().optional(),
  doubleDependentAddressLocality: z.string().optional(),
  dependentAddressLocality: z.string().optional(),
  addressLocality: z.string().optional(),
  addressRegion: z.string().optional(),
  postalCode: z.string().optional(),
  addressCountry: z.string().optional(),
  validFrom: z.string().optional(),
  validUntil: z.string().optional(),
});
export type PostalAddress = z.infer<typeof PostalAddress>;

export const Passport = z.looseObject({
  documentNumber: z.string(),
  icaoIssuerCode: z.string().optional(),
  expiryDate: z.string().optional(),
});
export type Passport = z.infer<typeof Passport>;

export const DrivingPermit = z.looseObject({
  expiryDate: z.string().optional(),
  issueNumber: z.string().optional(),
  issuedBy: z.string().optional(),
  personalNumber: z.string(),
  issueDate: z.string().optional(),
});
export type DrivingPermit = z.infer<typeof DrivingPermit>;

export const ReturnCode = z.looseObject({ code: z.string() });
export type ReturnCode = z.infer<typeof ReturnCode>;

/** /userinfo as sent on the wire (identity claims keyed by their full URI). */
export const UserInfoResponse = z.looseObject({
  sub: z.string().min(1),
  email: z.string().optional(),
  email_verified: z.boolean().optional(),
  phone_number: z.string().optional(),
  phone_number_verified: z.boolean().optional(),
  wallet_subject_id: z.string().optional(),
  'https://vocab.account.gov.uk/v1/coreIdentityJWT': z.string().optional(),
  'https://vocab.account.gov.uk/v1/address': z.array(PostalAddress).optional(),
  'https://vocab.account.gov.uk/v1/passport': z.array(Passport).optional(),
  'https://vocab.account.gov.uk/v1/drivingPermit': z.array(DrivingPermit).optional(),
  'https://vocab.account.gov.uk/v1/returnCode': z.array(ReturnCode).optional(),
});
export type UserInfoResponse = z.infer<typeof UserInfoResponse>;

/** /userinfo with the identity claims under friendly names. */
export interface UserInfo {
  sub: string;
  email?: string;
  email_verified?: boolean;
  /** E.164. */
  phone_number?: string;
  phone_number_verified?: boolean;
  wallet_subject_id?: string;
  /**
   * The signed core identity: pass it to `verifyCoreIdentity` and do not store it. Not enumerable, so it never
   * ends up in logs or JSON by accident.
   */
  readonly coreIdentityJWT?: string;
  address?: PostalAddress[];
  passport?: Passport[];
  drivingPermit?: DrivingPermit[];
  returnCode?: ReturnCode[];
}

/** Token endpoint success body. */
export const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'token_type must be Bearer'),
  expires_in: z.number().optional(),
  id_token: z.string().min(1),
});
export type TokenResponse = z.infer<typeof TokenResponse>;
