/**
 * The issue language a reader gets: their tag matched case-insensitively as a whole
 * (`pt-BR`), then by its primary subtag (`en-GB` → `en`), else the fallback.
 * `matchLanguage('en-GB', ['de', 'en'], 'de') === 'en'`
 */
export function matchLanguage(value: string | undefined, available: string[], fallback: string): string {
  const wanted = value?.trim().toLowerCase().replace(/_/g, '-');
  if (!wanted) return fallback;
  const whole = available.find((lang) => lang.toLowerCase() === wanted);
  if (whole) return whole;
  const primary = wanted.split('-')[0];
  const byPrimary =
    available.find((lang) => lang.toLowerCase() === primary) ??
    available.find((lang) => lang.toLowerCase().split('-')[0] === primary);
  return byPrimary ?? fallback;
}
