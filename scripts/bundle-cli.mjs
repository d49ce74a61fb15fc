// Bundles the compiled CLI (lib/cli/main.js, after tsc) into lib/cli/main.bundle.js plus one
// chunk per lazily loaded command, for a faster start: a cold `build` otherwise resolves,
// reads and compiles some 250 module files one by one (docs/architecture.md, "Start-up").
//
// Bundled: our own modules and the pure-JavaScript libraries every command's start needs
// (BUNDLED below). Everything else stays an ordinary import from node_modules: native
// addons, MJML (src/render/mjml-engine.ts loads its parts through require's cache), and the
// libraries of the network commands. lib/ itself stays unbundled: it is the library API
// (`main` in package.json) and what worker threads start.
//
// The chunks sit in lib/cli/, beside the files tsc wrote there, so that every path the code
// builds from `import.meta.url` (the package root two folders up, worker files beside it)
// means the same in the bundle as in lib/. The check at the end fails the build when a
// worker or other file the bundle addresses that way is not there.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** esbuild came with the bundling: a checkout whose node_modules predates it needs an install. */
async function loadEsbuild() {
  try {
    return await import('esbuild');
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    console.error('bundle-cli: esbuild is not installed; run `npm install` (or `npm ci`) to get the devDependencies of package.json');
    process.exit(1);
  }
}
const { build } = await loadEsbuild();

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'lib', 'cli');
const PREFIX = 'main.bundle';

/** Pure-JavaScript packages that a command's start loads: bundled. */
const BUNDLED = new Set(['commander', 'zod', 'yaml', 'marked', 'handlebars']);

/** The package a bare import names: `zod/v4/core` → `zod`, `@scope/x/y` → `@scope/x`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

for (const file of readdirSync(outdir)) if (file.startsWith(`${PREFIX}`)) rmSync(join(outdir, file));

await build({
  entryPoints: { [PREFIX]: join(outdir, 'main.js') },
  outdir,
  chunkNames: `${PREFIX}-[hash]`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'inline',
  logLevel: 'warning',
  // the bundled CommonJS libraries (handlebars, yaml) call require() for Node's own modules
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);" },
  plugins: [
    {
      name: 'bundle-only-listed-packages',
      setup(b) {
        // Handlebars loads source-map only for the source maps of `precompile(…, { srcName })`,
        // which we never ask for; without it, it uses its own small stand-in (as in browsers)
        // and writes the same template code
        b.onResolve({ filter: /^source-map$/ }, (args) => (/[\\/]handlebars[\\/]/.test(args.importer) ? { path: 'source-map', namespace: 'left-out' } : undefined));
        b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('node:') || !BUNDLED.has(packageName(args.path))) return { path: args.path, external: true };
          return undefined;
        });
      },
    },
  ],
});

// every `new URL('./x', import.meta.url)` in the bundle must name a file that is there
const missing = [];
for (const file of readdirSync(outdir).filter((f) => f.startsWith(PREFIX))) {
  const text = readFileSync(join(outdir, file), 'utf8');
  for (const [, relative] of text.matchAll(/new URL\(\s*["']([^"']+)["'],\s*import\.meta\.url\s*\)/g)) {
    if (!existsSync(fileURLToPath(new URL(relative, `file://${outdir}/`)))) missing.push(`${file}: ${relative}`);
  }
}
if (missing.length > 0) {
  console.error(`bundle-cli: the bundle addresses files that are not beside it in lib/cli/:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
