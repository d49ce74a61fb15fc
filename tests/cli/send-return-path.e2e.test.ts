import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ISSUE, SECRET, exampleProject, newsletter } from '../helpers/send-fixtures.js';
import { keyringFromSecrets } from '../../src/unsubscribe/keyring.js';
import { messageIdAt, openVerpToken, verpKeys } from '../../src/unsubscribe/verp-token.js';

const keys = verpKeys(keyringFromSecrets(SECRET));

describe('send with a return path of its own', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  test('check and the dry run show it; every message goes out with a VERP envelope sender and a personal mailto unsubscribe', async () => {
    const dir = exampleProject();
    appendFileSync(join(dir, 'newsletter.config.yaml'), '\nreturn_path: bounces@news.example.org\n');

    const check = await newsletter(dir, ['check', ISSUE]);
    expect(check.stdout).toContain('return path: bounces+<token>@news.example.org (a token per message: newsletter bounces matches what comes back)');
    const checkJson = await newsletter(dir, ['check', ISSUE, '--json']);
    expect(JSON.parse(checkJson.stdout).return_path).toEqual({ address: 'bounces@news.example.org', verp: true, separator: '+' });

    const dry = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('return path: bounces+<token>@news.example.org');

    const sent = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--json']);
    expect(sent.code).toBe(0);
    expect(sink.messages).toHaveLength(4);
    const tokens = new Set<string>();
    for (const message of sink.messages) {
      const token = /^bounces\+([a-z2-7]{45})@news\.example\.org$/.exec(message.from)?.[1];
      expect(token).toBeDefined();
      tokens.add(token!);
      expect(messageIdAt(openVerpToken(keys, token!)!.localPart, 'example.org')).toBe(message.messageId);
      const parsed = await simpleParser(message.raw);
      const unsubscribe = parsed.headerLines.find((l) => l.key === 'list-unsubscribe')?.line ?? '';
      expect(unsubscribe).toContain(`<mailto:bounces+u-${token}@news.example.org?subject=unsubscribe>`);
    }
    expect(tokens.size).toBe(4);
  });
});
