// The box `./run start` prints once everything is up: where to go and how to sign in, nothing to copy by hand.
// The start script hands the sandbox's environment to the app itself, so there is no `.env` to paste and no
// private key to show (the sandbox runs with --quiet and prints only its URL).

/**
 * @param {{ sandboxUrl: string, appUrl?: string, env: Record<string, string>, stateFile?: string }} options
 * @returns {string}
 */
export function formatStartBox({ sandboxUrl, appUrl, env, stateFile }) {
  const rule = '='.repeat(78);
  const row = (label, value) => `  ${label.padEnd(22)}${value}`;
  const lines = [rule, row('Sandbox dashboard', `${sandboxUrl}/`)];
  if (appUrl) {
    lines.push(row('Council app', appUrl));
    if (env.BACK_OFFICE_USERNAME && env.BACK_OFFICE_PASSWORD) {
      lines.push(row('Back office', `${appUrl}/back-office`));
      // Sandbox-only credentials, made up by the sandbox: showing them is the point.
      lines.push(row('  sign in as', `${env.BACK_OFFICE_USERNAME} / ${env.BACK_OFFICE_PASSWORD}`));
    }
  }
  lines.push(
    row('State file', stateFile || '(memory only)'),
    '',
    '  The app is already wired to the sandbox: nothing to configure.',
    '  Press Ctrl-C to stop everything.',
    rule,
  );
  return lines.join('\n');
}

/**
 * The environment the app runs with under `./run start`: the sandbox's variables, and no notice a user would stop to
 * read. The AWS SDK warns on Node 20 that its releases after January 2027 will need Node 22; this repository pins
 * its AWS SDK and supports Node 20, so the notice is not for someone trying the sample.
 * @param {Record<string, string | undefined>} base
 * @param {Record<string, string>} sandboxEnv
 */
export function appEnvironment(base, sandboxEnv) {
  return { ...base, ...sandboxEnv, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
}
