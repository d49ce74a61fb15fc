import type { TransportFailure } from './types.js';

/** What every transport rejects with: an Error carrying the `TransportFailure` the classifier reads. */
export class TransportError extends Error {
  readonly failure: TransportFailure;
  constructor(failure: TransportFailure) {
    super(failure.message);
    this.name = 'TransportError';
    this.failure = failure;
  }
}

/**
 * The failure behind any rejection of `Transport.send`: a `TransportError`'s own, or for
 * anything else (a bug, a thrown string) a failure that claims nothing was handed over.
 */
export function failureOf(error: unknown): TransportFailure {
  if (error instanceof TransportError) return error.failure;
  const carried = (error as { failure?: TransportFailure } | undefined)?.failure;
  if (carried && typeof carried.handedOver === 'boolean') return carried;
  const message = error instanceof Error ? error.message : String(error);
  return { handedOver: false, message };
}

/**
 * What kind of TLS failure a failure is, for the message that explains it: the server's
 * certificate was refused (expired, another host's, an unknown CA), the server would not
 * start TLS where it was required, or another handshake failure (a wrong port, an old TLS).
 * Undefined when the failure is not about TLS.
 */
export function tlsFailureKind(failure: TransportFailure): 'certificate' | 'no-starttls' | 'handshake' | undefined {
  if (failure.code !== 'ETLS') return undefined;
  if (/certificate|altnames|CERT_/i.test(failure.message)) return 'certificate';
  if (failure.command === 'STARTTLS' && failure.response) return 'no-starttls';
  return 'handshake';
}
