import { Browser } from './browser.js';

// The resident journey over plain HTTP against the sandbox: the app's pages through the load balancer, and the
// sandbox's fakes steered directly for the parts a person does on GOV.UK's own pages (choosing a One Login
// persona, typing a card number).

// biome-ignore lint/suspicious/noExplicitAny: the sandbox's fakes are typed per service
export type Fakes = { oneLogin: any; pay: any; notify: any; forms: any };

/** Follows the app's redirect to One Login and answers as `persona`; returns where the app then sent us. */
async function throughOneLogin(browser: Browser, fakes: Fakes, startPath: string, persona: string) {
  const start = await browser.request(startPath);
  const authorize = start.headers.get('location');
  if (start.status !== 303 || !authorize) throw new Error(`${startPath} answered ${start.status}`);
  const page = await fetch(authorize, { redirect: 'manual' });
  const signIn = new URL(page.headers.get('location') ?? '', authorize);
  const id = signIn.searchParams.get('id');
  if (!id) throw new Error(`One Login did not ask who to sign in as (${page.status} ${signIn})`);
  const callback: string = await fakes.oneLogin.completeAuthorization(id, { persona });
  return browser.follow(callback);
}

/** Sign in and prove identity; ends on the vehicle question. */
export async function signIn(base: string, fakes: Fakes, persona = 'identity-p2', prove = true) {
  const browser = new Browser(base);
  const first = await throughOneLogin(browser, fakes, '/auth/sign-in', persona);
  if (!first.url.endsWith('/identity')) throw new Error(`expected /identity, got ${first.url}`);
  if (!prove) return browser;
  const second = await throughOneLogin(browser, fakes, '/auth/prove-identity', persona);
  if (!second.url.endsWith('/apply/vehicle')) throw new Error(`expected /apply/vehicle, got ${second.url}`);
  return browser;
}

/** Answers the questions and pays with a card that succeeds. Returns the application reference. */
export async function applyAndPay(browser: Browser, fakes: Fakes, vrn: string): Promise<string> {
  await browser.post('/apply/vehicle', { vehicleRegistration: vrn });
  await browser.post('/apply/permit-length', { permitLength: '3' });
  const res = await browser.post('/apply/pay', {}, { csrfFrom: '/apply/check' });
  if (res.status !== 303) throw new Error(`pay answered ${res.status}`);
  const payment = fakes.pay.payments
    .list()
    .find((p: { description: string }) => p.description.endsWith(`, ${vrn}`));
  if (!payment) throw new Error(`no payment for ${vrn}`);
  fakes.pay.completePayment(payment.payment_id, { card: { card_number: '4444333322221111' } });
  return payment.reference as string;
}

/** Back from Pay; resolves to the page the resident lands on. */
export async function returnFromPay(browser: Browser, reference: string) {
  return browser.follow(`/payment/${reference}/return`);
}
