import { typedAddress, field } from './delivery-status.js';
import { fieldGroups } from './mime-parts.js';
import type { Complaint } from './types.js';

/** The fields of a `message/feedback-report` body (RFC 5965 3.1, 3.2); undefined without Feedback-Type. */
export function parseFeedbackReport(body: Buffer): Complaint | undefined {
  const group = fieldGroups(body)[0];
  if (!group) return undefined;
  const feedbackType = field(group, 'feedback-type')?.toLowerCase();
  if (!feedbackType) return undefined;
  const originalRecipient = typedAddress(field(group, 'original-rcpt-to') ?? '');
  const userAgent = field(group, 'user-agent');
  return { feedbackType, ...(originalRecipient ? { originalRecipient } : {}), ...(userAgent ? { userAgent } : {}) };
}
