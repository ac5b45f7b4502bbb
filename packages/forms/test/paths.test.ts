import { FormDocumentClient, ValidationError } from '@council-sdk/forms';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const server = setupServer();
const sent: Request[] = [];
server.events.on('request:start', ({ request }) => {
  sent.push(request);
});
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('form ids go into one path segment only', () => {
  const client = new FormDocumentClient({ baseUrl: 'https://forms-admin.example.test', maxRetries: 0 });
  for (const formId of ['..', '.', '%2E%2E']) {
    it(`refuses formId ${JSON.stringify(formId)} with a ValidationError naming formId, sending nothing`, async () => {
      const error = await client.forms.get(formId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe('formId');
      expect(sent).toHaveLength(0);
    });
  }

  it('refuses a plain-http forms API on another host (the token would travel in clear)', () => {
    expect(
      () => new FormDocumentClient({ baseUrl: 'http://forms-admin.example.test', apiToken: 'x'.repeat(20) }),
    ).toThrow(ValidationError);
  });
});
