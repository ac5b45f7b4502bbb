/**
 * The words of Pay's hosted pages in English and Welsh. A payment created with `language: "cy"` gets Welsh pages
 * on GOV.UK Pay; the Welsh here is GOV.UK Pay's own (alphagov/pay-frontend `locales/cy.json`, MIT, © Crown
 * Copyright), so a council's Welsh journey looks in the sandbox as it will on Pay.
 */
export interface PayPageWords {
  lang: 'en' | 'cy';
  enterCardDetails: string;
  errorPrefix: string;
  errorSummary: string;
  cardNo: string;
  cardNoHint: string;
  expiry: string;
  expiryHint: string;
  month: string;
  year: string;
  cardholderName: string;
  cvc: string;
  cvcHint: string;
  billingAddress: string;
  building: string;
  buildingLine2: string;
  city: string;
  postcode: string;
  email: string;
  emailHint: string;
  continue: string;
  cancel: string;
  summaryTitle: string;
  totalAmount: string;
  confirmTitle: string;
  confirmButton: string;
  /** "Confirm your payment" rows. */
  paymentFor: string;
  totalAmountRow: string;
  confirmationEmail: string;
  /** The sandbox's test-card help under the form. */
  testCards: string;
  testCardsOutcome: string;
  testCardsHint: string;
  /** The page after a payment with no return URL ends. */
  finishedTitle: string;
  successHeading: string;
  finishedHeading: string;
  finishedMessage: (status: string) => string;
  tryAgain: string;
  /** Per card field: the message for a missing or invalid value. */
  fieldMessages: Record<
    | 'cardNo'
    | 'expiry'
    | 'cardholderName'
    | 'cvc'
    | 'addressLine1'
    | 'addressCity'
    | 'addressPostcode'
    | 'email',
    string
  >;
}

const en: PayPageWords = {
  lang: 'en',
  enterCardDetails: 'Enter card details',
  errorPrefix: 'Error: ',
  errorSummary: 'The following fields are missing or incorrect',
  cardNo: 'Card number',
  cardNoHint: 'Accepts the sandbox test cards listed below',
  expiry: 'Expiry date',
  expiryHint: 'For example, 10/29',
  month: 'Month',
  year: 'Year',
  cardholderName: 'Name on card',
  cvc: 'Card security code',
  cvcHint: 'The last 3 digits on the back of the card',
  billingAddress: 'Billing address',
  building: 'Building and street',
  buildingLine2: 'Building and street line 2',
  city: 'Town or city',
  postcode: 'Postcode',
  email: 'Email',
  emailHint: 'We’ll send your payment confirmation here',
  continue: 'Continue',
  cancel: 'Cancel payment',
  summaryTitle: 'Payment summary',
  totalAmount: 'Total amount:',
  confirmTitle: 'Confirm your payment',
  confirmButton: 'Confirm payment',
  paymentFor: 'Payment for',
  totalAmountRow: 'Total amount',
  confirmationEmail: 'Confirmation email',
  testCards: 'Sandbox test cards',
  testCardsOutcome: 'Outcome',
  testCardsHint:
    'Use any future expiry date, any name, any 3-digit security code (4 for American Express) and any address.',
  finishedTitle: 'Payment complete',
  successHeading: 'Your payment was successful',
  finishedHeading: 'Your payment has finished',
  finishedMessage: (status) => `This payment is ${status}. You can close this page.`,
  tryAgain: 'Go back to try the payment again',
  fieldMessages: {
    cardNo: 'Enter a valid card number',
    expiry: 'Enter a valid expiry date',
    cardholderName: 'Enter the name as it appears on the card',
    cvc: 'Enter a valid card security code',
    addressLine1: 'Enter a valid billing address',
    addressCity: 'Enter a valid town/city',
    addressPostcode: 'Enter a valid postcode',
    email: 'Enter a valid email',
  },
};

const cy: PayPageWords = {
  lang: 'cy',
  enterCardDetails: 'Rhowch fanylion y cerdyn',
  errorPrefix: 'Gwall: ',
  errorSummary: 'Mae’r meysydd canlynol yn wag neu yn cynnwys camgymeriadau',
  cardNo: 'Rhif cerdyn',
  cardNoHint: 'Derbynnir y cardiau prawf a restrir isod',
  expiry: 'Dyddiad dod i ben',
  expiryHint: 'Er enghraifft 10/29',
  month: 'Mis',
  year: 'Blwyddyn',
  cardholderName: 'Enw ar y cerdyn',
  cvc: 'Cod diogelwch y cerdyn',
  cvcHint: 'Y 3 digid olaf ar gefn y cerdyn',
  billingAddress: 'Cyfeiriad bilio',
  building: 'Rhif neu enw’r adeilad a heol',
  buildingLine2: 'Rhif neu enw’r adeilad a heol, llinell 2',
  city: 'Tref neu ddinas',
  postcode: 'Cod post',
  email: 'E-bost',
  emailHint: 'Byddwn yn anfon eich cadarnhad taliad yma',
  continue: 'Parhau',
  cancel: 'Canslo’r taliad',
  summaryTitle: 'Crynodeb y taliad',
  totalAmount: 'Cyfanswm:',
  confirmTitle: 'Cadarnhau eich taliad',
  confirmButton: 'Cadarnhau’r taliad',
  // pay-frontend cy.json confirmDetails: description, email; paymentSummary.totalAmount.
  paymentFor: 'Disgrifiad',
  totalAmountRow: 'Cyfanswm',
  confirmationEmail: 'E-bost cadarnhad',
  // The sandbox's own words (Pay has no test-card help or 3D Secure page of its own).
  testCards: 'Cardiau prawf y blwch tywod',
  testCardsOutcome: 'Canlyniad',
  testCardsHint:
    'Defnyddiwch unrhyw ddyddiad dod i ben yn y dyfodol, unrhyw enw, unrhyw god diogelwch 3 digid (4 ar gyfer American Express) ac unrhyw gyfeiriad.',
  finishedTitle: 'Taliad wedi’i gwblhau',
  // pay-frontend cy.json errorViews.paymentStatus ("Roedd eich taliad yn") + "llwyddiannus".
  successHeading: 'Roedd eich taliad yn llwyddiannus',
  finishedHeading: 'Mae eich taliad wedi dod i ben',
  finishedMessage: (status) => `Statws y taliad hwn yw ${status}. Gallwch gau’r dudalen hon.`,
  // pay-frontend cy.json errorViews.tryAgain.
  tryAgain: 'Mynd yn ôl i geisio’r taliad eto',
  fieldMessages: {
    cardNo: 'Rhowch rif cerdyn dilys',
    expiry: 'Rhowch ddyddiad dod i ben dilys',
    cardholderName: 'Rhowch yr enw fel y mae’n ymddangos ar y cerdyn',
    cvc: 'Rhowch god diogelwch cerdyn dilys',
    addressLine1: 'Rhowch gyfeiriad bilio dilys',
    addressCity: 'Rhowch dref/ddinas ddilys',
    addressPostcode: 'Rhowch god post dilys',
    email: 'Rhowch e-bost dilys',
  },
};

/** The fake's card fields (`card_number`...) by the names Pay's card page gives them (`cardNo`...). */
const PAGE_FIELDS: Record<string, keyof PayPageWords['fieldMessages']> = {
  card_number: 'cardNo',
  expiry_date: 'expiry',
  cardholder_name: 'cardholderName',
  cvc: 'cvc',
  email: 'email',
};

/**
 * Pay's Welsh for the errors the fake reports in English: the specific ones from pay-frontend cy.json
 * (`fieldErrors.fields.cardNo.unsupportedBrand`, `expiryMonth.inThePast`), else the field's own message.
 */
const WELSH_CARD_ERRORS: Record<string, string> = {
  'The card has expired': 'Rhowch ddyddiad dod i ben yn y dyfodol',
};
/** "Maestro cards are not accepted" in pay-frontend's Welsh (`fieldErrors.fields.cardNo.unsupportedBrand`). */
const NOT_ACCEPTED = /^(.+) cards are not accepted$/;

/** A card error (the fake's English message for a field, by the fake's or the page's field name) in `words`' language. */
export function cardErrorText(words: PayPageWords, field: string, message: string): string {
  if (words.lang === 'en') return message;
  const pageField = PAGE_FIELDS[field] ?? (field as keyof PayPageWords['fieldMessages']);
  const brand = NOT_ACCEPTED.exec(message)?.[1];
  if (brand) return `Ni dderbynnir ${brand}`;
  return WELSH_CARD_ERRORS[message] ?? words.fieldMessages[pageField] ?? message;
}

/** What a hosted page's render call needs: the words, and `htmlLang` for govuk-frontend's `<html lang>`. */
export function payPageLocals(language: string | undefined): {
  t: PayPageWords;
  htmlLang: 'en' | 'cy';
  cardError: (field: string, message: string) => string;
} {
  const t = payPageWords(language);
  return { t, htmlLang: t.lang, cardError: (field, message) => cardErrorText(t, field, message) };
}

/** The words for a payment's `language` (Pay's two: `en`, the default, and `cy`). */
export function payPageWords(language: string | undefined): PayPageWords {
  return language === 'cy' ? cy : en;
}
