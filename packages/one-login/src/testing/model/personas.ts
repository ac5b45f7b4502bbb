import type {
  BirthDate,
  DrivingPermit,
  Name,
  Passport,
  PostalAddress,
  ReturnCode,
} from '../../schemas/claims';

/** A user the fake One Login can sign in as. */
export interface Persona {
  id: string;
  /** Shown on the sandbox's sign-in page. */
  label: string;
  description?: string;
  sub: string;
  email: string;
  email_verified: boolean;
  phone_number?: string;
  phone_number_verified?: boolean;
  wallet_subject_id?: string;
  /** A proven identity; absent when the user has not (or could not) prove who they are. */
  identity?: {
    /** The identity level achieved. */
    vot: 'P1' | 'P2';
    name: Name[];
    birthDate: BirthDate[];
    address?: PostalAddress[];
    passport?: Passport[];
    drivingPermit?: DrivingPermit[];
  };
  /** Return codes sent when the client asked for them (identity failures, and sometimes successes). */
  returnCodes?: ReturnCode[];
  /**
   * An identity check at a Post Office ("face-to-face"). While `pending`, the persona has no `identity`: asking
   * for P2 ends as any failed identity check does (access_denied, or a code and return codes only). Completing it
   * (`fake.completeInPersonCheck(sub)`) gives the persona `identityOnSuccess` (or records the failure). See
   * model/in-person.ts for the sources.
   */
  inPersonCheck?: InPersonCheck;
}

export interface InPersonCheck {
  status: 'pending' | 'passed' | 'failed';
  /** The identity the Post Office staff will confirm if the check passes. */
  identityOnSuccess: NonNullable<Persona['identity']>;
}

/** The built-in personas (the names and documents are GOV.UK's published test identity, not a real person). */
export const DEFAULT_PERSONAS: readonly Persona[] = [
  {
    id: 'authenticated',
    label: 'Signed in, identity not proven',
    description:
      'Two-factor authentication only (Cl.Cm). Asking for identity ends in access_denied or return codes.',
    sub: 'urn:fdc:gov.uk:2022:56P4CMsGh_02YOlWpd8PAOI-2sVlB2nsNU7mcLZYhYw=',
    email: 'test.user@example.com',
    email_verified: true,
    // Ofcom drama numbers, but not Notify's smoke-test ones (07700 900000, 900111, 900222), which Notify accepts
    // and never stores: a text a service sends to a persona must reach the sandbox inbox.
    phone_number: '+447700900321',
    phone_number_verified: true,
  },
  {
    id: 'identity-p2',
    label: 'Identity proven (P2)',
    description: 'Kenneth Decerqueira, born 8 July 1965, with an address and a passport.',
    sub: 'urn:fdc:gov.uk:2022:VtcZjnU4Sif2oyJZola3OkN0e3Jeku1cIMN38rFlhU4=',
    email: 'kenneth.decerqueira@example.com',
    email_verified: true,
    phone_number: '+447700900654',
    phone_number_verified: true,
    identity: {
      vot: 'P2',
      name: [
        {
          validFrom: '2020-03-01',
          nameParts: [
            { value: 'Kenneth', type: 'GivenName' },
            { value: 'Decerqueira', type: 'FamilyName' },
          ],
        },
      ],
      birthDate: [{ value: '1965-07-08' }],
      address: [
        {
          uprn: '100120012077',
          buildingNumber: '8',
          buildingName: '',
          streetName: 'HADLEY ROAD',
          addressLocality: 'BATH',
          postalCode: 'BA2 5AA',
          addressCountry: 'GB',
          validFrom: '2000-01-01',
        },
      ],
      passport: [{ documentNumber: '321654987', icaoIssuerCode: 'GBR', expiryDate: '2030-01-01' }],
      drivingPermit: [
        { expiryDate: '2032-02-02', issueNumber: '5', issuedBy: 'DVLA', personalNumber: 'DECER607085K99AE' },
      ],
    },
  },
  {
    id: 'identity-failed',
    label: 'Identity could not be proven',
    description:
      'Signed in with two factors; identity checks failed. With return codes enabled, returnCode B is sent.',
    sub: 'urn:fdc:gov.uk:2022:JG0RJI1pYbnanbvPs-j4j5-a-PFcmhry9Qu9NCEp5d4=',
    email: 'failed.identity@example.com',
    email_verified: true,
    phone_number: '+447700900987',
    phone_number_verified: true,
    returnCodes: [{ code: 'B' }],
  },
  {
    id: 'in-person-pending',
    label: 'Identity check pending at a Post Office',
    description:
      'Chose to prove their identity at a Post Office; the result is not in yet, so asking for identity ends in ' +
      'access_denied (or return codes). fake.completeInPersonCheck(sub) completes it.',
    sub: 'urn:fdc:gov.uk:2022:Qm9zdE9mZmljZVBlbmRpbmdfX3Rlc3RfdXNlcl9fXw=',
    email: 'post.office@example.com',
    email_verified: true,
    phone_number: '+447700900543',
    phone_number_verified: true,
    inPersonCheck: {
      status: 'pending',
      identityOnSuccess: {
        vot: 'P2',
        name: [
          {
            validFrom: '2020-03-01',
            nameParts: [
              { value: 'Sarah', type: 'GivenName' },
              { value: 'Meredyth', type: 'FamilyName' },
            ],
          },
        ],
        birthDate: [{ value: '1970-02-01' }],
        address: [
          {
            buildingNumber: '12',
            streetName: 'HIGH STREET',
            addressLocality: 'BATH',
            postalCode: 'BA1 1AA',
            addressCountry: 'GB',
            validFrom: '2010-01-01',
          },
        ],
      },
    },
  },
];

export function findPersona(ctx: { state: { personas: Persona[] } }, id: string): Persona | undefined {
  return ctx.state.personas.find((p) => p.id === id);
}

export function addPersona(ctx: { state: { personas: Persona[] } }, persona: Persona): void {
  ctx.state.personas = [...ctx.state.personas.filter((p) => p.id !== persona.id), structuredClone(persona)];
}
