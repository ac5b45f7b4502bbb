/**
 * The fake's hosted card page: small self-contained HTML (no assets) served at `next_url`. The rules behind it
 * (which card does what) live in the model; the sandbox can render its own GOV.UK-styled page over the same calls.
 */
import { TEST_CARDS } from './model/cards.js';
import type { PaymentRecord } from './model/index.js';

const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const pounds = (pence: number) => `£${(pence / 100).toFixed(2)}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - GOV.UK Pay (fake)</title>
<style>
body{font-family:Arial,sans-serif;margin:0;color:#0b0c0c}
header{background:#0b0c0c;color:#fff;padding:10px 20px;font-weight:bold}
main{max-width:640px;margin:20px auto;padding:0 20px}
label{display:block;font-weight:bold;margin-top:15px}
input{font-size:1.1em;padding:5px;border:2px solid #0b0c0c;width:100%;box-sizing:border-box}
input.short{width:6em}
.error{color:#d4351c;font-weight:bold}
.error-summary{border:4px solid #d4351c;padding:10px 15px;margin-bottom:15px}
button{background:#00703c;color:#fff;border:0;padding:10px 15px;font-size:1.1em;margin-top:20px;cursor:pointer}
button.secondary{background:#f3f2f1;color:#0b0c0c}
.summary{background:#f3f2f1;padding:10px 15px}
small{color:#505a5f}
</style>
</head>
<body>
<header>GOV.UK Pay <small style="color:#fff">(council-sdk fake: test cards only)</small></header>
<main>
${body}
</main>
</body>
</html>`;
}

export interface CardPageOptions {
  baseUrl: string;
  errors?: Array<{ field: string; message: string }>;
  values?: Record<string, string>;
}

/** The card details form. Field names follow Pay's own frontend (`cardNo`, `expiryMonth`, ...). */
export function renderCardPage(payment: PaymentRecord, options: CardPageOptions): string {
  const errors = options.errors ?? [];
  const values = options.values ?? {};
  const errorFor = (field: string) => {
    const e = errors.find((x) => x.field === field);
    return e ? `<p class="error" id="${field}-error">${escapeHtml(e.message)}</p>` : '';
  };
  const value = (name: string) => escapeHtml(values[name] ?? '');
  const action = `${options.baseUrl}/card_details/${encodeURIComponent(payment.payment_id)}`;
  const summary =
    errors.length > 0
      ? `<div class="error-summary" role="alert"><h2>There is a problem</h2><ul>${errors
          .map((e) => `<li>${escapeHtml(e.message)}</li>`)
          .join('')}</ul></div>`
      : '';
  const prefilledName = payment.prefilled_cardholder_details?.cardholder_name ?? '';
  return page(
    'Enter card details',
    `${summary}
<div class="summary"><p>${escapeHtml(payment.description)}</p><p>Total amount: <strong id="amount">${pounds(payment.amount)}</strong></p></div>
<h1>Enter card details</h1>
<form method="post" action="${escapeHtml(action)}" novalidate>
<label for="cardNo">Card number</label>${errorFor('card_number')}
<input id="cardNo" name="cardNo" inputmode="numeric" autocomplete="cc-number" value="${value('cardNo')}">
<label for="expiryMonth">Expiry date (MM / YY)</label>${errorFor('expiry_date')}
<input class="short" id="expiryMonth" name="expiryMonth" inputmode="numeric" value="${value('expiryMonth')}">
<input class="short" id="expiryYear" name="expiryYear" inputmode="numeric" value="${value('expiryYear')}">
<label for="cardholderName">Name on card</label>${errorFor('cardholder_name')}
<input id="cardholderName" name="cardholderName" autocomplete="cc-name" value="${escapeHtml(values.cardholderName ?? prefilledName)}">
<label for="cvc">Card security code</label>${errorFor('cvc')}
<input class="short" id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" value="">
<label for="addressLine1">Building and street</label>
<input id="addressLine1" name="addressLine1" value="${value('addressLine1')}">
<label for="addressCity">Town or city</label>
<input id="addressCity" name="addressCity" value="${value('addressCity')}">
<label for="addressPostcode">Postcode</label>
<input id="addressPostcode" name="addressPostcode" value="${value('addressPostcode')}">
<label for="email">Email</label>
<input id="email" name="email" type="email" value="${escapeHtml(values.email ?? payment.email ?? '')}">
<button type="submit" id="submit-card-details">Continue</button>
</form>
<form method="post" action="${escapeHtml(`${action}/cancel`)}"><button class="secondary" type="submit" id="cancel-payment">Cancel payment</button></form>
<details><summary>Test cards</summary><ul>${TEST_CARDS.map(
      (c) => `<li><code>${c.number}</code> ${escapeHtml(c.description)}</li>`,
    ).join('')}</ul></details>`,
  );
}

/** A page for a link that no longer works (next_url used, or the payment is over with nowhere to return). */
export function renderMessagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
