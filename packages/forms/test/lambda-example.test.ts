// The README's Lambda handler (examples/lambda-handler.ts, shown verbatim in the README), run against the fake S3
// bucket and the fake Notify with hand-made AWS events.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MemoryIdempotencyStore } from '@council-sdk/forms';
import { buildSubmission } from '@council-sdk/forms/testing';
import { NotifyClient } from '@council-sdk/notify';
import { createNotifyFake } from '@council-sdk/notify/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../examples/lambda-handler';
import { s3Notification, snsEnvelope, sqsEvent } from './aws-events';
import { everyAnswer, everyAnswerTypeForm } from './fixtures';
import { s3Harness } from './helpers';

const { fake: bucket, source } = s3Harness();
const notifyFake = createNotifyFake({
  baseUrl: 'http://127.0.0.1:4001/notify',
  templates: [
    {
      name: 'Form received',
      type: 'email',
      subject: 'We have your form',
      body: 'Thank you. Your reference for ((form_name)) is ((reference)).',
    },
  ],
});
const server = setupServer(...bucket.handlers, ...notifyFake.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  bucket.reset();
  notifyFake.reset();
});
afterAll(() => server.close());

function handlerWith(store = new MemoryIdempotencyStore()) {
  return createHandler({
    source: source(),
    notify: new NotifyClient({ apiKey: notifyFake.apiKeys.live, baseUrl: notifyFake.baseUrl, maxRetries: 0 }),
    templateId: notifyFake.templates.list()[0]!.id,
    store,
  });
}

describe('README: the Lambda handler that acknowledges submissions', () => {
  it('is shown verbatim in the README', () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const example = readFileSync(
      fileURLToPath(new URL('../examples/lambda-handler.ts', import.meta.url)),
      'utf8',
    );
    expect(readme).toContain(example.trim());
  });

  it('thanks the resident once, however often SQS delivers the notification', async () => {
    const built = buildSubmission(everyAnswerTypeForm.en, {
      emailQ11: 'resident@example.com' as never,
      fileQ015: everyAnswer.fileQ015 as never,
    });
    const { key } = bucket.deliver(built);
    const message = s3Notification(bucket.bucket, [{ key }]);
    const handler = handlerWith();

    expect(await handler(sqsEvent([message]))).toEqual({ acknowledged: [built.reference] });
    expect(await handler(sqsEvent([snsEnvelope(message), message]))).toEqual({ acknowledged: [] });

    const sent = notifyFake.inbox({ to: 'resident@example.com' });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.reference).toBe(built.reference);
    expect(sent[0]?.body).toContain(`Your reference for ${built.form_name} is ${built.reference}.`);
  });

  it('hands the submission out again on the retry when Notify failed the first time', async () => {
    const built = buildSubmission(everyAnswerTypeForm.en, { emailQ11: 'resident@example.com' as never });
    const { key } = bucket.deliver(built);
    const event = s3Notification(bucket.bucket, [{ key }]);
    const handler = handlerWith();
    notifyFake.inject({ type: 'status', status: 500 });
    await expect(handler(event)).rejects.toMatchObject({ status: 500 });
    expect(await handler(event)).toEqual({ acknowledged: [built.reference] });
    expect(notifyFake.inbox({ to: 'resident@example.com' })).toHaveLength(1);
  });
});
