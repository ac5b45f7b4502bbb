/**
 * The test cards of a GOV.UK Pay sandbox account, exactly as the sandbox payment provider treats them
 * (alphagov/pay-connector gateway/sandbox/SandboxCardNumbers.java and SandboxPaymentProvider.java), with the brand and
 * type the Pay documentation gives (alphagov/pay-tech-docs source/testing_govuk_pay, "Mock card numbers for
 * Worldpay", which is the table for every non-Stripe test account). Cards that only work on Stripe test accounts
 * (3D Secure, disputes, 4000008260000000...) are not here: the fake is a sandbox account.
 *
 * - Any other number that passes the card page's checks reaches the sandbox provider, which answers
 *   "Unsupported card details." as a gateway error: the payment ends in `error` (P0050).
 * - The sandbox never asks for 3D Secure.
 * - Recurring payments are authorised on the agreement's first six and last four digits
 *   (SandboxFirst6AndLast4CardNumbers); 5105105105105100 sets up an agreement, then every recurring payment is declined.
 */

export type TestCardOutcome = 'success' | 'declined' | 'error' | 'not_accepted';

export interface TestCard {
  number: string;
  brand: string;
  /** Search slug for `card_brand`. */
  brandSlug: string;
  /** As the docs give it; omitted where they say "credit or debit" or do not list the card. */
  type?: 'debit' | 'credit';
  outcome: TestCardOutcome;
  /** Recurring payments with an agreement set up on this card are declined (RECURRING_FIRST_AUTHORISE_SUCCESS_SUBSEQUENT_DECLINE). */
  recurringDeclined?: boolean;
  description: string;
}

const BRANDS = {
  visa: 'Visa',
  'master-card': 'Mastercard',
  'american-express': 'American Express',
  jcb: 'JCB',
  discover: 'Discover',
  'diners-club': 'Diners Club',
  maestro: 'Maestro',
} as const;
type BrandSlug = keyof typeof BRANDS;

const card = (
  number: string,
  brandSlug: BrandSlug,
  type: 'debit' | 'credit' | undefined,
  outcome: TestCardOutcome,
  description: string,
  extra: Partial<TestCard> = {},
): TestCard => ({
  number,
  brand: BRANDS[brandSlug],
  brandSlug,
  ...(type ? { type } : {}),
  outcome,
  description,
  ...extra,
});

export const TEST_CARDS: readonly TestCard[] = [
  card('4444333322221111', 'visa', 'credit', 'success', 'Visa credit: payment succeeds'),
  card('4242424242424242', 'visa', 'credit', 'success', 'Visa credit: payment succeeds'),
  card('4000056655665556', 'visa', 'debit', 'success', 'Visa debit: payment succeeds'),
  card('4988080000000000', 'visa', 'debit', 'success', 'Visa corporate debit: payment succeeds'),
  card('4000160000000004', 'visa', 'debit', 'success', 'Visa prepaid debit: payment succeeds'),
  card('4131840000000003', 'visa', 'debit', 'success', 'Visa corporate prepaid debit: payment succeeds'),
  card('4111111111111111', 'visa', 'credit', 'success', 'Visa corporate credit: payment succeeds'),
  card('4000000000000010', 'visa', undefined, 'success', 'Visa (credit or debit): payment succeeds'),
  card('4000020000000000', 'visa', undefined, 'success', 'Visa: payment succeeds'),
  card('4293189100000008', 'visa', undefined, 'success', 'Visa corporate: payment succeeds'),
  card('4000180000000002', 'visa', 'debit', 'success', 'Visa corporate prepaid debit: payment succeeds'),
  card('4917610000000000003', 'visa', undefined, 'success', 'Visa (19 digits): payment succeeds'),
  card('222100000000000', 'master-card', 'credit', 'success', 'Mastercard credit: payment succeeds'),
  card(
    '5105105105105100',
    'master-card',
    'debit',
    'success',
    'Mastercard debit: payment succeeds; recurring payments are declined',
    {
      recurringDeclined: true,
    },
  ),
  card('5200828282828210', 'master-card', 'debit', 'success', 'Mastercard debit: payment succeeds'),
  card(
    '5101180000000007',
    'master-card',
    'credit',
    'success',
    'Mastercard corporate prepaid credit: payment succeeds',
  ),
  card(
    '371449635398431',
    'american-express',
    'credit',
    'success',
    'American Express credit: payment succeeds',
  ),
  card('3566002020360505', 'jcb', 'credit', 'success', 'JCB credit: payment succeeds'),
  card('6011000990139424', 'discover', 'credit', 'success', 'Discover credit: payment succeeds'),
  card('36148900647913', 'diners-club', undefined, 'success', 'Diners Club: payment succeeds'),
  card('6759649826438453', 'maestro', 'debit', 'not_accepted', 'Maestro: card type not accepted'),
  card('4000000000000002', 'visa', undefined, 'declined', 'Card declined (P0010)'),
  card('4000000000000069', 'visa', undefined, 'declined', 'Card expired: declined (P0010)'),
  card('4000000000000127', 'visa', undefined, 'declined', 'Invalid CVC code: declined (P0010)'),
  card('4000000000000119', 'visa', undefined, 'error', 'General error (P0050)'),
];

/** Display name -> search slug, for `card_brand` search. */
export const CARD_BRAND_SLUGS: Record<string, string> = Object.fromEntries(
  Object.entries(BRANDS).map(([slug, name]) => [name, slug]),
);

const digitsOf = (cardNumber: string) => cardNumber.replace(/[\s-]/g, '');

export function findTestCard(cardNumber: string): TestCard | undefined {
  const digits = digitsOf(cardNumber);
  return TEST_CARDS.find((c) => c.number === digits);
}

/** The card behind a stored payment instrument, as the recurring authoriser finds it: by first six and last four digits. */
export function findTestCardByDigits(firstSix: string, lastFour: string): TestCard | undefined {
  return TEST_CARDS.find((c) => c.number.startsWith(firstSix) && c.number.endsWith(lastFour));
}

/** The Luhn check the card page makes before anything is sent (a mistyped number never reaches the provider). */
export function passesLuhn(cardNumber: string): boolean {
  const digits = digitsOf(cardNumber);
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The brand of a number that is not in the table (an unknown card still has a brand), by its leading digits. */
export function brandOf(cardNumber: string): { brand: string; brandSlug: string } {
  const digits = digitsOf(cardNumber);
  const known = findTestCard(digits);
  if (known) return { brand: known.brand, brandSlug: known.brandSlug };
  const slug: BrandSlug = /^3[47]/.test(digits)
    ? 'american-express'
    : /^(5[1-5]|2[2-7])/.test(digits)
      ? 'master-card'
      : /^35/.test(digits)
        ? 'jcb'
        : /^(6011|65)/.test(digits)
          ? 'discover'
          : /^3[068]/.test(digits)
            ? 'diners-club'
            : /^(50|5[6-9]|6)/.test(digits)
              ? 'maestro'
              : 'visa';
  return { brand: BRANDS[slug], brandSlug: slug };
}
