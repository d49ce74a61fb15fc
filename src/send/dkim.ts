import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import dkimSignatureHeader from 'nodemailer/lib/dkim/sign.js';

/**
 * The headers a newsletter's signature covers. nodemailer's default list leaves out
 * List-Unsubscribe-Post, which RFC 8058 wants signed; Feedback-ID is signed when present.
 */
export const DKIM_SIGNED_HEADERS = [
  'From',
  'Reply-To',
  'To',
  'Subject',
  'Date',
  'Message-ID',
  'MIME-Version',
  'Content-Type',
  'Content-Language',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  'List-Id',
  'Feedback-ID',
];

export interface DkimOptions {
  domain: string;
  selector: string;
  /** PEM text of an RSA private key, or a KeyObject. */
  privateKey: string | KeyObject;
}

/** Signs a whole raw message (CRLF line ends) and returns it with a DKIM-Signature header in front. */
export type DkimSigner = (raw: Buffer) => Buffer;

/**
 * An rsa-sha256, relaxed/relaxed DKIM signer (RFC 6376). The key is parsed once here, so a
 * bad key fails before the first message: `createDkimSigner({domain, selector, privateKey: pem})`.
 */
export function createDkimSigner(options: DkimOptions): DkimSigner {
  const privateKey = typeof options.privateKey === 'string' ? createPrivateKey(options.privateKey) : options.privateKey;
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new Error(`DKIM needs an RSA private key, got a ${privateKey.asymmetricKeyType ?? 'unknown'} key`);
  }
  const headerFieldNames = DKIM_SIGNED_HEADERS.join(':');
  return (raw) => {
    const split = raw.indexOf('\r\n\r\n');
    const headerEnd = split < 0 ? raw.length : split + 2;
    const headerBlock = raw.subarray(0, headerEnd).toString('latin1');
    const body = split < 0 ? Buffer.alloc(0) : raw.subarray(split + 4);
    const bodyHash = createHash('sha256').update(relaxedBody(body.toString('latin1')), 'latin1').digest('base64');
    const signature = dkimSignatureHeader(headerLines(headerBlock), 'sha256', bodyHash, {
      domainName: options.domain,
      keySelector: options.selector,
      privateKey,
      headerFieldNames,
    });
    if (signature === false) throw new Error('DKIM signing failed: the private key could not sign');
    return Buffer.concat([Buffer.from(`${signature}\r\n`, 'latin1'), raw]);
  };
}

/** Header block → `{key, line}` per field, continuation lines kept with their field. */
function headerLines(block: string): { key: string; line: string }[] {
  const lines: { key: string; line: string }[] = [];
  for (const physical of block.split('\r\n')) {
    if (physical === '') continue;
    if ((physical[0] === ' ' || physical[0] === '\t') && lines.length > 0) {
      lines[lines.length - 1].line += `\r\n${physical}`;
    } else {
      lines.push({ key: physical.slice(0, physical.indexOf(':')).trim().toLowerCase(), line: physical });
    }
  }
  return lines;
}

/** Relaxed body canonicalization: whitespace runs to one space, none at line ends, no empty lines at the end. */
export function relaxedBody(body: string): string {
  const canonical = body.replace(/[ \t]+/g, ' ').replace(/ \r\n/g, '\r\n').replace(/ $/, '').replace(/(\r\n)*$/, '');
  return canonical === '' ? '' : `${canonical}\r\n`;
}
