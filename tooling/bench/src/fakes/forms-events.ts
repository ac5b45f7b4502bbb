// The fakes behind the README's Lambda handler (packages/forms/examples/lambda-handler.ts): an S3 bucket that
// receives a real submission (with an uploaded photo) per `submit` call, as forms-runner delivers it, and a Notify
// service with the acknowledgement template, both served from one origin (`/s3`, `/notify`).
import { createS3Fake, exampleAnswers, exampleForms } from '@council-sdk/forms/testing';
import { createNotifyFake } from '@council-sdk/notify/testing';
import type { SetupFn } from '../harness/fake-setup.js';

export const setup: SetupFn = async ({ origin }) => {
  const s3 = createS3Fake({ baseUrl: `${origin}/s3` });
  const notify = createNotifyFake({
    baseUrl: `${origin}/notify`,
    templates: [
      {
        name: 'Form received',
        type: 'email',
        subject: 'We have your form',
        body: 'Thank you. Your reference for ((form_name)) is ((reference)).',
      },
    ],
  });
  return {
    handlers: [...s3.handlers, ...notify.handlers],
    info: {
      s3: { ...s3.clientConfig(), bucket: s3.bucket },
      notify: {
        baseUrl: notify.baseUrl,
        apiKey: notify.apiKeys.live,
        templateId: notify.templates.list()[0]!.id,
      },
    },
    commands: {
      /** Deliver one "missed bin collection" submission; returns its key. */
      submit: () =>
        s3.submit(exampleForms.missedBinCollection.en, exampleAnswers.missedBinCollection).delivery.key,
      /** How many acknowledgements Notify has sent. */
      sent: () => notify.inbox().length,
    },
  };
};
