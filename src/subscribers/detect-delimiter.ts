const CANDIDATES = [',', ';', '\t'] as const;

/**
 * The delimiter of a CSV judged by its header line: whichever of `,` `;` and tab occurs
 * most often outside quotes (a one-column file of addresses has none: `,`).
 * `detectDelimiter('E-Mail;Vorname;Sprache') === ';'`
 */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: string = ',';
  for (const candidate of CANDIDATES) if (counts.get(candidate)! > counts.get(best)!) best = candidate;
  return best;
}
