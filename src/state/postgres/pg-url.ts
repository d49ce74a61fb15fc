/** `postgres://…` or `postgresql://…`: a PostgreSQL state. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value.trim());
}

/** The URL as shown to people: never a password (in the authority or as `?password=`). */
export function redactDatabaseUrl(value: string): string {
  if (!URL.canParse(value)) return value.replace(/:[^:@/]*@/, ':***@');
  const url = new URL(value);
  if (url.password) url.password = '***';
  for (const key of [...url.searchParams.keys()]) if (/pass|secret|key/i.test(key)) url.searchParams.set(key, '***');
  return url.toString();
}

/** True when the URL carries a password itself. */
export function databaseUrlHasPassword(value: string): boolean {
  if (!URL.canParse(value)) return /:[^:@/]+@/.test(value);
  const url = new URL(value);
  return url.password !== '' || url.searchParams.has('password');
}

/** The URL with no password at all, for a line the user copies into a config or an environment. */
export function databaseUrlWithoutPassword(value: string): string {
  if (!URL.canParse(value)) return value.replace(/:[^:@/]*@/, '@');
  const url = new URL(value);
  url.password = '';
  url.searchParams.delete('password');
  return url.toString();
}
