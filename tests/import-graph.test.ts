/**
 * The imports between the folders of src/ against the table in docs/architecture.md: the
 * code imports only what a folder's row allows, the table allows no circle, and every
 * folder of src/ has a row.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './helpers/cli.js';

const srcDir = join(repoRoot, 'src');
const MARKER = '<!-- import-graph: the test parses the rows of this table -->';

/** `config/` → `config`, `errors.ts` → `errors.ts`: the unit a table row names. */
function unitOf(file: string): string {
  const [first, ...rest] = relative(srcDir, file).split(sep);
  return rest.length > 0 ? first : first.replace(/\.js$/, '.ts');
}

/** The table's rows: folder → what it may import ("every folder above" expanded). */
function parseAllowed(markdown: string): Map<string, Set<string>> {
  const start = markdown.indexOf(MARKER);
  if (start < 0) throw new Error(`docs/architecture.md lost the line ${MARKER}`);
  const rows = markdown
    .slice(start + MARKER.length)
    .trimStart()
    .split('\n');
  const allowed = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!row.startsWith('|')) break;
    const [name, targets] = row.split('|').slice(1, 3).map((cell) => cell.trim());
    const unit = /^`([^`]+?)\/?`$/.exec(name)?.[1];
    if (!unit) continue; // the header and its --- line
    const listed = targets === 'every folder above' ? [...allowed.keys()] : [...targets.matchAll(/`([^`]+?)\/?`/g)].map((m) => m[1]);
    allowed.set(unit, new Set(listed));
  }
  return allowed;
}

/** A circle in the allowed graph, as the path that closes it, or undefined. */
function findCircle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]): string[] | undefined => {
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    if (state.get(node) === 'done') return undefined;
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) {
      const circle = visit(next, [...path, node]);
      if (circle) return circle;
    }
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const circle = visit(node, []);
    if (circle) return circle;
  }
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Every import between two units of src/: `src/config/x.ts imports source/`. */
function importsBetweenUnits(): { from: string; to: string; file: string }[] {
  const found: { from: string; to: string; file: string }[] = [];
  for (const file of sourceFiles(srcDir)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const from = unitOf(file);
      const to = unitOf(resolve(dirname(file), fileName));
      if (from !== to) found.push({ from, to, file: relative(repoRoot, file) });
    }
  }
  return found;
}

const allowed = parseAllowed(readFileSync(join(repoRoot, 'docs', 'architecture.md'), 'utf8'));

describe('the import graph between the folders of src/', () => {
  test('the table in docs/architecture.md allows no circle', () => {
    expect(findCircle(allowed)).toBeUndefined();
  });

  test('every folder and top-level file of src/ has a row in the table', () => {
    const units = readdirSync(srcDir).map((name) => unitOf(join(srcDir, name, statSync(join(srcDir, name)).isDirectory() ? 'x' : '')));
    expect(units.filter((unit) => !allowed.has(unit))).toEqual([]);
  });

  test('the code imports only what the table allows', () => {
    const imports = importsBetweenUnits();
    expect(imports.length).toBeGreaterThan(50); // the scan sees the real imports
    const refused = imports.filter(({ from, to }) => !allowed.get(from)?.has(to)).map(({ file, to }) => `${file} imports ${to}`);
    expect(refused).toEqual([]);
  });
});

describe('the checks themselves', () => {
  test('a circle is found', () => {
    const graph = new Map([
      ['config', new Set(['source', 'issue'])],
      ['issue', new Set(['config'])],
      ['source', new Set<string>()],
    ]);
    expect(findCircle(graph)).toEqual(['config', 'issue', 'config']);
  });

  test('a table row lists its imports, and "every folder above" expands', () => {
    const table = `${MARKER}\n| folder | may import |\n| --- | --- |\n| \`errors.ts\` | — |\n| \`source/\` | \`errors.ts\` |\n| \`cli/\` | every folder above |\n\nafter`;
    expect(parseAllowed(table)).toEqual(
      new Map([
        ['errors.ts', new Set()],
        ['source', new Set(['errors.ts'])],
        ['cli', new Set(['errors.ts', 'source'])],
      ]),
    );
  });
});
