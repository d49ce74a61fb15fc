import { TransportError } from './transport-error.js';
import type { OutgoingMessage, Transport, TransportFailure, TransportReply } from './types.js';

/** What the fake answers to one hand-over: a reply, a failure, or `undefined` for `250 OK`. */
export type RecordedAnswer = TransportReply | { failure: TransportFailure } | undefined;

export interface RecordingTransportOptions {
  destination?: string;
  /** Decides each hand-over; `attempt` counts this recipient's hand-overs from 1. */
  answer?: (message: OutgoingMessage, attempt: number) => RecordedAnswer | Promise<RecordedAnswer>;
  /** Fails `verify()` with this. */
  verifyFailure?: TransportFailure;
}

/** A fake for unit tests: remembers every hand-over and answers as scripted. */
export interface RecordingTransport extends Transport {
  /** Every hand-over, in order, whatever the answer. */
  readonly attempts: OutgoingMessage[];
  /** Messages that were answered with success (or a failure with `handedOver`: the "server" kept them). */
  readonly delivered: OutgoingMessage[];
  /** Most messages in flight at once so far. */
  readonly maxInFlight: number;
  closed: boolean;
}

/** Builds the recording fake; see `RecordingTransportOptions`. */
export function createRecordingTransport(options: RecordingTransportOptions = {}): RecordingTransport {
  const tries = new Map<string, number>();
  let inFlight = 0;
  const transport: RecordingTransport = {
    destination: options.destination ?? 'recording:',
    attempts: [],
    delivered: [],
    maxInFlight: 0,
    closed: false,
    async verify() {
      if (options.verifyFailure) throw new TransportError(options.verifyFailure);
    },
    async send(message) {
      transport.attempts.push(message);
      const attempt = (tries.get(message.key) ?? 0) + 1;
      tries.set(message.key, attempt);
      inFlight++;
      (transport as { maxInFlight: number }).maxInFlight = Math.max(transport.maxInFlight, inFlight);
      try {
        const answer = await options.answer?.(message, attempt);
        if (answer && 'failure' in answer) {
          if (answer.failure.handedOver) transport.delivered.push(message);
          throw new TransportError(answer.failure);
        }
        transport.delivered.push(message);
        return answer ?? { response: '250 2.0.0 OK' };
      } finally {
        inFlight--;
      }
    },
    async close() {
      transport.closed = true;
    },
  };
  return transport;
}

/** A failure as the SMTP transport would report a reply: `reply('451 4.3.0 try later')`. */
export function replyFailure(response: string, command = 'RCPT TO'): { failure: TransportFailure } {
  const responseCode = Number(response.slice(0, 3));
  return { failure: { responseCode, response, command, code: command === 'DATA' ? 'EMESSAGE' : 'EENVELOPE', handedOver: false, message: response } };
}

/** A connection lost before (`handedOver: false`) or after the message's last byte. */
export function connectionLost(handedOver: boolean): { failure: TransportFailure } {
  return { failure: { code: 'ECONNECTION', command: 'CONN', handedOver, message: 'Connection closed unexpectedly' } };
}
