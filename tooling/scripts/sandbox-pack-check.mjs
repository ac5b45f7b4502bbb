// What a PHP, .NET or Java developer does with the sandbox: in an empty folder with only Node and npm, install the
// packed @council-sdk/sandbox (and the SDK packages it depends on, packed the same way, since they are not
// published from here), start `council-sandbox`, and use it over plain HTTP: the official GOV.UK Notify client
// sends and reads back an email with the key the sandbox prints, a Pay payment made with fetch returns its
// next_url, One Login publishes its discovery document and Forms' S3 answers. Then SIGTERM stops it cleanly.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

const packageDirs = [
  ...readdirSync(join(root, 'packages')).map((d) => join(root, 'packages', d)),
  join(root, 'apps/sandbox'),
].filter((dir) => !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private);

const work = mkdtempSync(join(tmpdir(), 'council-sandbox-pack-'));
const step = (text) => console.log(`sandbox pack check: ${text}`);
let sandbox;
try {
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  for (const dir of packageDirs) run('pnpm', ['pack', '--pack-destination', tarballs], dir);
  const user = join(work, 'user');
  mkdirSync(user);
  writeFileSync(join(user, 'package.json'), JSON.stringify({ name: 'user', private: true, type: 'module' }));
  step('installing the packed sandbox with npm');
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...readdirSync(tarballs).map((f) => join(tarballs, f)),
      'notifications-node-client@^8.4.0',
    ],
    user,
  );

  step('starting council-sandbox');
  sandbox = spawn(join(user, 'node_modules/.bin/council-sandbox'), ['--port', '0', '--quiet'], {
    cwd: user,
    env: { ...process.env, SANDBOX_PORT: '', SANDBOX_STATE_FILE: '', SANDBOX_CONFIG: '', APP_BASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  sandbox.stdout.on('data', (d) => (output += d));
  sandbox.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => sandbox.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!/^http:\/\/\S+$/m.test(output)) {
    if (Date.now() > deadline || sandbox.exitCode !== null)
      throw new Error(`council-sandbox did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /^(http:\/\/\S+)$/m.exec(output)[1];
  const health = await fetch(`${url}/__health`);
  if (!health.ok) throw new Error(`/__health answered ${health.status}`);
  const env = await (await fetch(`${url}/__env`)).json();

  step('the official Notify client sends and reads back an email');
  const notifyScript = join(user, 'notify.mjs');
  writeFileSync(
    notifyScript,
    `import { NotifyClient } from 'notifications-node-client';
const [baseUrl, apiKey, templateId] = process.argv.slice(2);
const client = new NotifyClient(baseUrl, apiKey);
const template = await client.getTemplateById(templateId);
const personalisation = Object.fromEntries(Object.keys(template.data.personalisation ?? {}).map((name) => [name, 'x']));
const sent = await client.sendEmail(templateId, 'resident@example.com', { personalisation, reference: 'pack-check' });
const read = await client.getNotificationById(sent.data.id);
if (read.data.email_address !== 'resident@example.com' || read.data.reference !== 'pack-check') throw new Error('read back something else: ' + JSON.stringify(read.data));
console.log(read.data.id);`,
  );
  run(
    'node',
    [notifyScript, env.NOTIFY_BASE_URL, env.NOTIFY_API_KEY, env.NOTIFY_TEMPLATE_PERMIT_EMAIL],
    user,
  );

  step('a Pay payment made with plain HTTP returns its next_url');
  const payment = await fetch(`${env.PAY_BASE_URL}/v1/payments`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${env.PAY_API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      amount: 6000,
      reference: 'PACK-1',
      description: 'Parking permit',
      return_url: `${env.APP_BASE_URL}/return`,
    }),
  });
  const created = await payment.json();
  if (payment.status !== 201 || !created._links?.next_url?.href) {
    throw new Error(`Pay answered ${payment.status}: ${JSON.stringify(created)}`);
  }
  const cardPage = await fetch(created._links.next_url.href, { redirect: 'manual' });
  if (cardPage.status >= 400) throw new Error(`next_url answered ${cardPage.status}`);

  step('One Login and Forms answer');
  const discovery = await fetch(new URL('.well-known/openid-configuration', env.ONE_LOGIN_ISSUER));
  if (!discovery.ok || (await discovery.json()).issuer !== env.ONE_LOGIN_ISSUER) {
    throw new Error(`One Login discovery answered ${discovery.status}`);
  }
  const s3 = await fetch(`${env.S3_ENDPOINT}/${env.S3_BUCKET}?list-type=2`);
  if (s3.status !== 200 && s3.status !== 403) throw new Error(`S3 answered ${s3.status}`);

  step('SIGTERM stops it');
  sandbox.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`council-sandbox exited ${code} on SIGTERM:\n${output}`);
  step('passed');
} catch (error) {
  sandbox?.kill('SIGKILL');
  console.error(`sandbox pack check failed: ${error.message}`);
  if (error.stderr) console.error(String(error.stderr));
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
