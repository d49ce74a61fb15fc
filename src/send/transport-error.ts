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
