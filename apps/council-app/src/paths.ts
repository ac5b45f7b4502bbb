// Every URL the app serves or links to, in one place: routes, redirects and templates use these, not literals.

const enc = encodeURIComponent;

export const paths = {
  start: '/',
  health: '/health',
  ready: '/ready',
  assets: '/assets',
  public: '/public',

  signIn: '/auth/sign-in',
  signOut: '/auth/sign-out',
  signedOut: '/signed-out',
  proveIdentity: '/auth/prove-identity',
  callback: '/auth/callback',
  backChannelLogout: '/auth/backchannel-logout',
  identity: '/identity',
  identityFailed: '/identity/failed',
  // Identity checks at a Post Office (routes/in-person.ts).
  /** What a resident sees while their Post Office check is pending. */
  inPersonPending: '/identity/post-office',
  /** The landing page: register `${APP_BASE_URL}/identity/in-person-return` with One Login as `LandingPageUrl`. */
  inPersonLanding: '/identity/in-person-return',
  /** The in-person check return screen, after authentication. */
  inPersonResult: '/identity/in-person-result',

  vehicle: '/apply/vehicle',
  permitLength: '/apply/permit-length',
  check: '/apply/check',
  pay: '/apply/pay',
  confirmation: (reference: string) => `/apply/confirmation/${enc(reference)}`,
  confirmationPattern: '/apply/confirmation/:reference',
  paymentReturn: (reference: string) => `/payment/${enc(reference)}/return`,
  paymentReturnPattern: '/payment/:reference/return',
  paymentResume: (reference: string) => `/payment/${enc(reference)}/resume`,
  paymentResumePattern: '/payment/:reference/resume',
  paymentRetry: (reference: string) => `/payment/${enc(reference)}/retry`,
  paymentRetryPattern: '/payment/:reference/retry',
  paymentCancel: (reference: string) => `/payment/${enc(reference)}/cancel`,
  paymentCancelPattern: '/payment/:reference/cancel',
  applications: '/applications',

  cookies: '/cookies',
  accessibilityStatement: '/accessibility-statement',
  privacy: '/privacy',

  payWebhook: '/webhooks/pay',
  notifyStatusCallback: '/callbacks/notify/status',

  backOffice: '/back-office',
  backOfficeSignIn: '/back-office/sign-in',
  backOfficeSignOut: '/back-office/sign-out',
  backOfficeApplication: (reference: string) => `/back-office/applications/${enc(reference)}`,
  backOfficeApplicationPattern: '/back-office/applications/:reference',
  backOfficeRefund: (paymentId: string) => `/back-office/payments/${enc(paymentId)}/refund`,
  backOfficeRefundPattern: '/back-office/payments/:paymentId/refund',
  backOfficeSubmissions: '/back-office/submissions',
  backOfficeIngest: '/back-office/submissions/ingest',
  backOfficeDeadLetters: '/back-office/dead-letters',
} as const;
