/**
 * Whether the config is ready for a real send, beyond being valid: an https base URL, an
 * explicit List-Id, a real sender. (The unsubscribe secret: `secretReadiness` in unsubscribe/.)
 */
import { BASE_URL_NOT_HTTPS, type Problem } from '../errors.js';
import { locate, readYamlSync } from '../source/yaml-source.js';
import { parseAddress } from './address.js';
import type { Config } from './types.js';
import { displayPath } from '../source/paths.js';

/** Domains reserved for examples: mail from them never arrives anywhere. */
const EXAMPLE_DOMAIN = /(^|\.)(example\.(org|com|net)|invalid|test|localhost)$/i;

/** Everything about the config that keeps an issue from being sent. */
export function configReadiness(config: Config, cwd = process.cwd()): Problem[] {
  const problems: Problem[] = [];
  const display = config.file ? displayPath(config.file, cwd) : 'newsletter.config.yaml';
  const source = config.file ? readYamlSync(config.file, display).source : undefined;
  const at = (key: string) => (source ? locate(source, [key], source.doc.has(key) ? 'value' : 'key') : { line: 1, column: 1 });

  if (!/^https:\/\//i.test(config.base_url)) {
    problems.push({
      file: display,
      ...at('base_url'),
      severity: 'error',
      code: BASE_URL_NOT_HTTPS,
      message: `"base_url" must be an https:// address before sending, found "${config.base_url}"`,
      hint: 'readers\' one-click unsubscribe and the archive need a public https address',
    });
  }
  if (config.defaulted?.includes('list_id')) {
    problems.push({
      file: display,
      line: 1,
      column: 1,
      severity: 'warning',
      message: `"list_id" is not set; the List-Id header will use "${config.list_id}"`,
      hint: 'add list_id: newsletter.example.org (a name for this list that stays the same)',
    });
  }
  const sender = parseAddress(config.from);
  const domain = sender?.address.split('@')[1] ?? '';
  if (EXAMPLE_DOMAIN.test(domain)) {
    problems.push({
      file: display,
      ...at('from'),
      severity: 'warning',
      message: `"from" uses the example domain ${domain}: replies and bounces would go nowhere`,
      hint: 'use the address your organisation sends from',
    });
  }
  return problems;
}
