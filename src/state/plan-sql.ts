import { PLAN_DECISIONS, type PlanCounts, type PlanDecision } from './plan-types.js';

/** The parameters of the decision statement, by name; each backend writes its own placeholders. */
export type PlanParam = 'planId' | 'issueId' | 'destination' | 'mode' | 'listId' | 'lang';

/**
 * The UPDATE that decides every row of a plan, for both backends (`param` writes a
 * placeholder). The precedence is planDelivery's: an applying suppression entry wins
 * (bounced before the other reasons), then `--lang`, then the journal of (issue,
 * destination): `send` skips the sent and holds back unknown outcomes (a row left in
 * *sending* counts as unknown), `resend` ignores the journal, `resend-unknown` takes only
 * the unknown outcomes and holds back the rest as pending. Each lookup is one probe of an
 * index (suppression by address, the journal by its key), so deciding stays flat in memory.
 */
export function decideSql(param: (name: PlanParam) => string, text: (name: PlanParam) => string = param): string {
  const applies = `s.email_key = p.email_key AND (${text('listId')} IS NULL OR s.list_id IS NULL OR s.list_id = ${text('listId')})`;
  const journal = `r.issue_id = ${param('issueId')} AND r.destination = ${param('destination')} AND r.email_key = p.email_key`;
  return `UPDATE send_plan_row AS p SET
    decision = CASE
      WHEN EXISTS (SELECT 1 FROM suppression s WHERE ${applies} AND s.reason = 'bounced') THEN 'bounced'
      WHEN EXISTS (SELECT 1 FROM suppression s WHERE ${applies}) THEN 'unsubscribed'
      WHEN ${text('lang')} IS NOT NULL AND p.lang <> ${text('lang')} THEN 'other_language'
      WHEN ${text('mode')} = 'resend' THEN 'send'
      ELSE coalesce(
        (SELECT CASE
           WHEN r.state = 'sent' THEN 'already_sent'
           WHEN r.state IN ('unknown', 'sending') THEN CASE WHEN ${text('mode')} = 'resend-unknown' THEN 'send' ELSE 'unknown' END
         END FROM send_recipient r WHERE ${journal}),
        CASE WHEN ${text('mode')} = 'resend-unknown' THEN 'pending' ELSE 'send' END)
    END,
    message_id = CASE WHEN ${text('mode')} = 'resend' THEN NULL ELSE
      (SELECT r.message_id FROM send_recipient r WHERE ${journal} AND r.state IN ('unknown', 'sending')) END
    WHERE p.plan_id = ${param('planId')}`;
}

/** Counts per decision and per language of `send`, from the two GROUP BY queries. */
export function planCounts(
  decisions: Iterable<{ decision: PlanDecision | null; n: number | string }>,
  languages: Iterable<{ lang: string; n: number | string }>,
): PlanCounts {
  const counts = Object.fromEntries(PLAN_DECISIONS.map((d) => [d, 0])) as Record<PlanDecision, number>;
  for (const row of decisions) if (row.decision) counts[row.decision] = Number(row.n);
  const byLang: Record<string, number> = {};
  for (const row of languages) byLang[row.lang] = Number(row.n);
  return { decisions: counts, languages: byLang };
}

/** A plan row as both backends return it. */
export interface PlanRowRecord {
  line: number;
  email_key: string;
  email: string;
  lang: string;
  data: string;
  decision: PlanDecision | null;
  message_id: string | null;
}

export function toPlanRow(row: PlanRowRecord) {
  return {
    line: Number(row.line),
    key: row.email_key,
    email: row.email,
    lang: row.lang,
    data: row.data,
    ...(row.decision ? { decision: row.decision } : {}),
    ...(row.message_id ? { messageId: row.message_id } : {}),
  };
}

/** Plans older than this are left over from a killed dry run or check, whatever their job. */
export const LEFT_OVER_MS = 24 * 60 * 60 * 1000;
