/**
 * The sandbox test cards GOV.UK Pay documents, with their documented outcomes. The fake's hosted page,
 * `fake.completePayment` and MOTO `POST /v1/auth` all decide outcomes from this table.
 */

export type TestCardOutcome =
  | 'success'
  | 'three_d_secure'
  | 'declined'
  | 'expired'
  | 'invalid_cvc'
  | 'error'
  | 'dispute_lost'
  | 'dispute_won'
  | 'recurring_fails'
  | 'setup_fails';

export interface TestCard {
  number: string;
  brand: string;
  /** Search slug for `card_brand`. */
  brandSlug: string;
  type: 'debit' | 'credit';
  outcome: TestCardOutcome;
  description: string;
}

export const TEST_CARDS: readonly TestCard[] = [
  {
    number: '4444333322221111',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'debit',
    outcome: 'success',
    description: 'Visa debit: payment succeeds',
  },
  {
    number: '4242424242424242',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'credit',
    outcome: 'success',
    description: 'Visa credit: payment succeeds',
  },
  {
    number: '4000056655665556',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'debit',
    outcome: 'success',
    description: 'Visa debit: payment succeeds',
  },
  {
    number: '5105105105105100',
    brand: 'Mastercard',
    brandSlug: 'master-card',
    type: 'debit',
    outcome: 'success',
    description: 'Mastercard: payment succeeds',
  },
  {
    number: '371449635398431',
    brand: 'American Express',
    brandSlug: 'american-express',
    type: 'credit',
    outcome: 'success',
    description: 'American Express: payment succeeds',
  },
  {
    number: '4000008260000000',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'credit',
    outcome: 'success',
    description: 'Visa credit (UK): payment succeeds',
  },
  {
    number: '4000058260000005',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'debit',
    outcome: 'success',
    description: 'Visa debit (UK): payment succeeds',
  },
  {
    number: '4000002500003155',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'credit',
    outcome: 'three_d_secure',
    description: '3D Secure challenge, then success',
  },
  {
    number: '4000000000000002',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'credit',
    outcome: 'declined',
    description: 'Declined (P0010)',
  },
  {
    number: '4000000000000069',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'credit',
    outcome: 'expired',
    description: 'Card expired: declined (P0010)',
  },
  {
    number: '4000000000000127',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'credit',
    outcome: 'invalid_cvc',
    description: 'Incorrect CVC: declined (P0010)',
  },
  {
    number: '4000000000000119',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'credit',
    outcome: 'error',
    description: 'General error (P0050)',
  },
  {
    number: '4000000000000259',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'credit',
    outcome: 'dispute_lost',
    description: 'Succeeds, then a dispute you lose',
  },
  {
    number: '4000000000002685',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'credit',
    outcome: 'dispute_won',
    description: 'Succeeds, then a dispute you win',
  },
  {
    number: '4000002760003184',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'credit',
    outcome: 'recurring_fails',
    description: 'Agreement set up succeeds; later recurring payments fail',
  },
  {
    number: '4000000000009995',
    brand: 'Visa',
    brandSlug: 'visa',
    type: 'credit',
    outcome: 'setup_fails',
    description: 'Agreement set up fails',
  },
];

/** Display name -> search slug, for `card_brand` search. */
export const CARD_BRAND_SLUGS: Record<string, string> = {
  Visa: 'visa',
  Mastercard: 'master-card',
  'American Express': 'american-express',
};

export function findTestCard(cardNumber: string): TestCard | undefined {
  const digits = cardNumber.replace(/[\s-]/g, '');
  return TEST_CARDS.find((c) => c.number === digits);
}
