import { CALLBACK_TOKEN, WEBHOOK_SECRET } from './doubles.js';

export const TEST_ENV = {
  SESSION_SECRET: 'a-session-secret-that-is-long-enough-for-tests',
  BACK_OFFICE_USERNAME: 'staff',
  BACK_OFFICE_PASSWORD: 'correct horse battery staple',
  NOTIFY_API_KEY: 'test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0',
  NOTIFY_CALLBACK_TOKEN: CALLBACK_TOKEN,
  NOTIFY_TEMPLATE_PERMIT_EMAIL: 'tpl-permit-email',
  NOTIFY_TEMPLATE_PERMIT_SMS: 'tpl-permit-sms',
  NOTIFY_TEMPLATE_FORMS_ACK_EMAIL: 'tpl-forms-ack',
  NOTIFY_TEMPLATE_REFUND_EMAIL: 'tpl-refund-email',
  NOTIFY_TEMPLATE_REFUND_SMS: 'tpl-refund-sms',
  PAY_API_KEY: 'api_test_abc',
  PAY_WEBHOOK_SECRET: WEBHOOK_SECRET,
  ONE_LOGIN_CLIENT_ID: 'council-app',
  ONE_LOGIN_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnot-used-by-doubles\n-----END PRIVATE KEY-----',
  S3_BUCKET: 'council-forms',
  FORMS_MISSED_BIN_FORM_ID: 'missed-bin',
  FORMS_POLL_INTERVAL_MS: '0',
  // Tests run the queue themselves (app.runJobs()), so nothing happens behind their back.
  JOBS_POLL_INTERVAL_MS: '0',
  JOBS_RETRY_LIMIT: '2',
  DATA_DIR: ':memory:',
};
