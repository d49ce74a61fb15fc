/** One job's rows of `send_recipient`: $1 issue, $2 destination (the statements of journal.ts and claims.ts). */
export const JOB_KEY = 'issue_id = $1 AND destination = $2';

/** A suppression entry `s` that counts for the list in $3 (global entries and that list's; every entry without one). */
export const LISTED = '($3::text IS NULL OR s.list_id IS NULL OR s.list_id = $3)';
