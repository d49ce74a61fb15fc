import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { issueJsonSchema } from '../../src/issue/schema.js';
import { repoRoot } from '../helpers/cli.js';
import { VALID_ISSUE } from '../helpers/issue-project.js';

type Schema = Record<string, any>;

/**
 * Just enough of JSON Schema 2020-12 for the keywords our generated schema uses; a keyword
 * it does not know fails the test, so the checker cannot silently accept everything.
 */
function jsonSchemaErrors(schema: Schema, value: unknown, root: Schema = schema, at = '$'): string[] {
  const known = new Set(['$schema', '$defs', '$ref', 'id', 'title', 'description', 'examples', 'type', 'properties', 'required', 'additionalProperties', 'items', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'anyOf']);
  const unknown = Object.keys(schema).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new Error(`the test's checker does not know ${unknown.join(', ')}`);
  if (schema.$ref) return jsonSchemaErrors(root.$defs[String(schema.$ref).replace('#/$defs/', '')], value, root, at);
  if (schema.anyOf) {
    const branches = (schema.anyOf as Schema[]).map((s) => jsonSchemaErrors(s, value, root, at));
    return branches.some((b) => b.length === 0) ? [] : [`${at}: matches no alternative`];
  }
  const errors: string[] = [];
  const type = schema.type as string | undefined;
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
  if (type && !(type === actual || (type === 'number' && actual === 'integer'))) return [`${at}: expected ${type}, found ${actual}`];
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${at}: does not match ${schema.pattern}`);
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) errors.push(`${at}: too long`);
    if (schema.minLength !== undefined && [...value].length < schema.minLength) errors.push(`${at}: too short`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => errors.push(...jsonSchemaErrors(schema.items, v, root, `${at}[${i}]`)));
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) errors.push(`${at}: missing ${key}`);
    for (const [key, inner] of Object.entries(object)) {
      const property = schema.properties?.[key];
      if (property) errors.push(...jsonSchemaErrors(property, inner, root, `${at}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unknown ${key}`);
    }
  }
  return errors;
}

const committed = join(repoRoot, 'schema', 'issue.schema.json');

describe('the JSON Schema for issue files', () => {
  test('the committed schema/issue.schema.json is generated from the current zod schema', () => {
    // regenerate with: npm run build:code && node scripts/write-schema.mjs
    expect(JSON.parse(readFileSync(committed, 'utf8'))).toEqual(issueJsonSchema());
  });

  test.each(['2020-12-nr34.de.yaml', '2020-12-nr34.en.yaml'])('accepts the example issue %s', (name) => {
    // the examples are part of the repository: a missing one is a failure, not a reason to test something else
    const file = join(repoRoot, 'issues', name);
    expect(existsSync(file)).toBe(true);
    expect(jsonSchemaErrors(issueJsonSchema(), parse(readFileSync(file, 'utf8')))).toEqual([]);
  });

  test('accepts the valid issue the other tests start from', () => {
    expect(jsonSchemaErrors(issueJsonSchema(), parse(VALID_ISSUE))).toEqual([]);
  });

  test.each([
    ['a typo in a field name', `${VALID_ISSUE}  - tittle: x\n`, '$.review[1]: missing title'],
    ['a line break in the subject', VALID_ISSUE.replace('subject: Hallo', 'subject: "a\\nb"'), '$.subject: does not match ^[^\\r\\n]*$'],
    ['a javascript: link', `${VALID_ISSUE}    link: "javascript:alert(1)"\n`, '$.review[0].link: does not match ^(?:https?:\\/\\/|mailto:|tel:)'],
    ['an image without alt', `${VALID_ISSUE}    image: {src: a.png}\n`, '$.review[0].image: missing alt'],
  ])('rejects %s', (_what, text, expected) => {
    expect(jsonSchemaErrors(issueJsonSchema(), parse(text))).toContain(expected);
  });
});
