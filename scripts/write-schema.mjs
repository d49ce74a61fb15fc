// Writes schema/issue.schema.json from the issue format's zod schema (compile lib/ first:
// `npm run build:code`). A test fails when the committed file is out of date.
import { writeFileSync } from 'node:fs';
import { issueJsonSchema } from '../lib/issue/schema.js';

const target = new URL('../schema/issue.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(issueJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname}\n`);
