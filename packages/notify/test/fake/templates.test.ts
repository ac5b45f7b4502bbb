/**
 * notifications-api `app/v2/template/get_template.py`, `post_template.py`, `template_schemas.py`,
 * `app/v2/templates/get_templates.py`, `app/dao/templates_dao.py`, and the app's 404 (`app/__init__.py`).
 */
import { describe, expect, it } from 'vitest';
import { notifyError, serve, SMS_TEMPLATE } from './http.js';

describe('templates', () => {
  const t = serve();

  it('reads a version; version 0 means the latest (`if version:`)', async () => {
    t.fake.templates.update(SMS_TEMPLATE, { body: 'v2 ((reference)) ((amount))' });
    expect((await t.get(`/v2/template/${SMS_TEMPLATE}/version/1`)).body.version).toBe(1);
    expect((await t.get(`/v2/template/${SMS_TEMPLATE}/version/0`)).body.version).toBe(2);
    expect(await t.get(`/v2/template/${SMS_TEMPLATE}/version/3`)).toEqual(
      notifyError(404, 'NoResultFound', 'No result found'),
    );
  });

  it('answers a version that is not a number with the app’s 404, before authentication', async () => {
    expect(await t.get(`/v2/template/${SMS_TEMPLATE}/version/abc`, { authorization: null })).toEqual({
      status: 404,
      body: {
        result: 'error',
        message:
          'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
      },
    });
  });

  it('still reads and previews a deleted template, but no longer lists it', async () => {
    t.fake.templates.archive(SMS_TEMPLATE);
    expect((await t.get(`/v2/template/${SMS_TEMPLATE}`)).status).toBe(200);
    const preview = await t.post(`/v2/template/${SMS_TEMPLATE}/preview`, {
      personalisation: { reference: 'R', amount: '1' },
    });
    expect(preview.body.body).toBe('Application R received. Amount paid: 1.');
    const listed = await t.get('/v2/templates?type=sms');
    expect(listed.body.templates).toEqual([]);
  });

  it('refuses an unknown template type, and previews with missing personalisation', async () => {
    expect(await t.get('/v2/templates?type=pigeon')).toEqual(
      notifyError(400, 'ValidationError', 'type pigeon is not one of [sms, email, letter]'),
    );
    expect(
      await t.post(`/v2/template/${SMS_TEMPLATE}/preview`, { personalisation: { reference: 'R' } }),
    ).toEqual(notifyError(400, 'BadRequestError', 'Missing personalisation: amount'));
  });
});
