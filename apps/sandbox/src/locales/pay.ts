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
  cardNoHint: 'Accepts Visa, Mastercard and American Express test cards',
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
  cardNoHint: 'Derbynnir cardiau prawf Visa, Mastercard ac American Express',
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

/** The words for a payment's `language` (Pay's two: `en`, the default, and `cy`). */
export function payPageWords(language: string | undefined): PayPageWords {
  return language === 'cy' ? cy : en;
}
