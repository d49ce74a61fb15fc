import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createUnsubscribeToken, keyringFromSecrets } from '../../src/unsubscribe/index.js';
import { suppressionEntries } from '../helpers/sqlite-state.js';
import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';
import { servesStoppedAfterEach } from '../helpers/serve.js';

const SECRET = 'ZC/SXxuhfZITOYiyoOnyQzTnyBmBOlgnXISELKEbtFs=';
const startServe = servesStoppedAfterEach();

describe('newsletter serve', () => {
  test('serves the endpoint, records a one-click POST, and stops cleanly on SIGTERM', async () => {
    const dir = tempProject(['newsletter.config.yaml', 'issues/images/logo.png']);
    const state = join(dir, 'state');
    const server = await startServe(dir, ['--state', state], { NEWSLETTER_SECRET: SECRET });
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    expect(server.stderr()).toContain(`web archive at ${server.url}/archive/ from ${join(dir, 'dist', 'archive')} (not built yet: run "newsletter archive")`);

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const token = createUnsubscribeToken(keyringFromSecrets(SECRET), { email: 'anna@example.org', listId: 'newsletter.example.org', lang: 'de' });
    const page = await fetch(`${server.url}/u/${token}`);
    expect(await page.text()).toContain('<h1>Von Städte im Dialog abmelden?</h1>');
    const post = await fetch(`${server.url}/u/${token}`, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }), redirect: 'manual' });
    expect(post.status).toBe(200);
    expect((await fetch(`${server.url}/u/${token}x`)).status).toBe(404);

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(server.stderr()).toContain('stopped (SIGTERM)');
    expect(server.stderr()).toMatch(/POST \/u\/#[0-9a-f]{8} 200 unsubscribed \(one-click\)/);
    expect(server.stderr()).not.toContain(token.slice(0, 16));
    expect(server.stderr()).not.toContain('anna@example.org');
    expect(suppressionEntries(state)).toMatchObject([{ key: 'anna@example.org', reason: 'one-click', listId: 'newsletter.example.org', source: 'endpoint' }]);
  });

  test('links of another list are refused; a link minted before the new token format still works after a rotation', async () => {
    const dir = tempProject(['newsletter.config.yaml', 'issues/images/logo.png']);
    const state = join(dir, 'state');
    // made by the first token format, for anna.schmidt@example.org on newsletter.example.org
    const legacy = 'AYJVuemq1yVlcVXxkeubH_peYS9S4vQ8q-xFHN7ZWIq81IJ7AVw4IxqHmyrTwGfTyYcXGOhwilQN-Vw7tmgzy4kfvwqKfj3vpyESiIIVM5NNNv8';
    const server = await startServe(dir, ['--state', state], { NEWSLETTER_SECRET: SECRET, NEWSLETTER_SECRET_PREVIOUS: 'Old-link secret, from before: 5vQ+2pLw9x' });
    const other = createUnsubscribeToken(keyringFromSecrets(SECRET), { email: 'anna@example.org', listId: 'another-list.example.org', lang: 'de' });
    for (const init of [{}, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) }]) {
      expect((await fetch(`${server.url}/u/${other}`, init)).status).toBe(404);
    }
    expect((await fetch(`${server.url}/u/${legacy}`)).status).toBe(200);
    const post = await fetch(`${server.url}/u/${legacy}`, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) });
    expect(post.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(suppressionEntries(state).map((e) => [e.key, e.listId])).toEqual([['anna.schmidt@example.org', 'newsletter.example.org']]);
  });

  test('a port already taken: exit 1 with a clear message', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const dir = tempProject();
      const result = await runCli(['serve', '--port', String(port), '--state', join(dir, 'state')], { cwd: dir, env: { NEWSLETTER_SECRET: SECRET } });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`error: port ${port} on 127.0.0.1 is already in use\n  hint: stop the program that uses it, or choose another port with --port\n`);
      expect(hasStackTrace(result.stderr)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  test('without NEWSLETTER_SECRET (and no development key) it refuses to start', async () => {
    const dir = tempProject();
    const result = await runCli(['serve', '--state', join(dir, 'state')], { cwd: dir, env: { NEWSLETTER_SECRET: '' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: NEWSLETTER_SECRET is not set: it is the key that makes and checks the unsubscribe links\n');
    expect(result.stderr).toContain('hint: make one with `openssl rand -base64 32`');
  });
});
