/**
 * MJML, loaded for what a theme uses. The `mjml` package loads its core with every helper
 * it might need (juice, cheerio, htmlnano, cssnano, js-beautify) and all 31 components:
 * over half of a cold build's start-up. Here the core is loaded with those helpers
 * deferred until MJML first calls them (the default theme never does), and a component
 * package is loaded the first time a document uses one of its tags. Two libraries the
 * core does need load lighter too: htmlparser2 without its DOM helpers (MJML only uses its
 * parser), and lodash's `fp` and `forEach` modules from the one lodash (see `lightLodashFp`).
 * The HTML is the same.
 */
import { createRequire, Module } from 'node:module';

const ownRequire = createRequire(import.meta.url);

/** One complaint of MJML's validator. */
export interface MjmlError {
  line: number;
  message: string;
  tagName: string;
}

/** What MJML's core returns. */
export interface MjmlResult {
  html: string;
  errors: MjmlError[];
}

type Compile = (mjml: string, options: Record<string, unknown>) => Promise<MjmlResult>;

interface MjmlCore {
  default: Compile;
  components: Record<string, unknown>;
  assignComponents(target: Record<string, unknown>, list: unknown[]): void;
}

/** Where a deferred helper is required from: mjml-core itself, or the htmlparser2 that mjml-parser-xml uses. */
export type HelperParent = 'mjml-core' | 'htmlparser2';

/**
 * Helpers required at load time but only called for features the default theme leaves
 * off: `esModule` is what the real module says (read by Babel's and TypeScript's interop
 * before any call), `functions` the names taken from it at load time (js-beautify's `html`).
 */
export const DEFERRED_HELPERS: readonly { name: string; from: HelperParent; esModule: boolean; functions?: string[]; usedFor: string }[] = [
  { name: 'juice', from: 'mjml-core', esModule: false, usedFor: '<mj-style inline="inline">' },
  { name: 'cheerio', from: 'mjml-core', esModule: true, usedFor: '<mj-html-attributes>' },
  { name: 'htmlnano', from: 'mjml-core', esModule: false, usedFor: 'the minify option' },
  { name: 'cssnano-preset-lite', from: 'mjml-core', esModule: false, usedFor: 'the minify option' },
  { name: 'js-beautify', from: 'mjml-core', esModule: false, functions: ['html'], usedFor: 'the beautify option' },
  // htmlparser2's parseDocument, DomUtils and feeds; MJML's parser only uses its Parser class
  { name: 'domhandler', from: 'htmlparser2', esModule: true, usedFor: 'no MJML feature (htmlparser2\'s DOM builder)' },
  { name: 'domutils', from: 'htmlparser2', esModule: true, usedFor: 'no MJML feature (htmlparser2\'s DOM helpers)' },
];

/**
 * The `lodash/fp` functions MJML calls (mjml-parser-xml, mjml-section, mjml-hero): the
 * stand-in converts these one at a time; any other name loads the real module.
 */
export const LIGHT_FP_FUNCTIONS: readonly string[] = ['flow', 'filter', 'map', 'join', 'identity'];

/** Each tag of the `mjml` preset and the package that defines it (tests/render/mjml-engine.test.ts keeps it complete). */
export const COMPONENT_PACKAGES: Readonly<Record<string, string>> = {
  'mj-accordion': 'mjml-accordion',
  'mj-accordion-element': 'mjml-accordion',
  'mj-accordion-text': 'mjml-accordion',
  'mj-accordion-title': 'mjml-accordion',
  'mj-attributes': 'mjml-head-attributes',
  'mj-body': 'mjml-body',
  'mj-breakpoint': 'mjml-head-breakpoint',
  'mj-button': 'mjml-button',
  'mj-carousel': 'mjml-carousel',
  'mj-carousel-image': 'mjml-carousel',
  'mj-column': 'mjml-column',
  'mj-divider': 'mjml-divider',
  'mj-font': 'mjml-head-font',
  'mj-group': 'mjml-group',
  'mj-head': 'mjml-head',
  'mj-hero': 'mjml-hero',
  'mj-html-attributes': 'mjml-head-html-attributes',
  'mj-image': 'mjml-image',
  'mj-navbar': 'mjml-navbar',
  'mj-navbar-link': 'mjml-navbar',
  'mj-preview': 'mjml-head-preview',
  'mj-raw': 'mjml-raw',
  'mj-section': 'mjml-section',
  'mj-social': 'mjml-social',
  'mj-social-element': 'mjml-social',
  'mj-spacer': 'mjml-spacer',
  'mj-style': 'mjml-head-style',
  'mj-table': 'mjml-table',
  'mj-text': 'mjml-text',
  'mj-title': 'mjml-head-title',
  'mj-wrapper': 'mjml-wrapper',
};

interface Engine {
  core: MjmlCore;
  /** Requires from where the `mjml` preset resolves its components. */
  presetRequire: NodeRequire;
  loadedPackages: Set<string>;
}

let engine: Engine | undefined;

/**
 * A stand-in for a module that loads the real one on first use (a call, or reading any
 * property other than the interop flag), then forwards everything to it.
 */
function deferredModule(file: string, load: () => any, helper: (typeof DEFERRED_HELPERS)[number]): unknown {
  let real: any;
  const get = () => {
    if (real === undefined) {
      delete ownRequire.cache[file];
      real = load();
    }
    return real;
  };
  const target = () => undefined;
  return new Proxy(target, {
    apply: (_t, thisArg, args) => Reflect.apply(get(), thisArg, args),
    get(_t, key) {
      if (key === '__esModule') return helper.esModule || undefined;
      if (typeof key === 'string' && helper.functions?.includes(key)) return (...args: unknown[]) => get()[key](...args);
      return Reflect.get(get(), key);
    },
    set: (_t, key, value) => Reflect.set(get(), key, value),
    has: (_t, key) => Reflect.has(get(), key),
  });
}

/**
 * `lodash/fp` builds a second lodash and converts all of its 300 functions when it loads
 * (35 ms of a cold build) for the five calls MJML makes. The stand-in converts a function
 * the first time it is read, with lodash's own converter (`fp/_baseConvert`, as each
 * `lodash/fp/<name>` module does) applied to the lodash that mjml-core loads anyway.
 */
function lightLodashFp(file: string): unknown {
  const fpRequire = createRequire(file);
  const converted = new Map<string, unknown>();
  let real: any;
  return new Proxy(
    {},
    {
      get(_t, key) {
        if (key === '__esModule') return undefined;
        if (typeof key === 'string' && LIGHT_FP_FUNCTIONS.includes(key)) {
          if (!converted.has(key)) {
            const lodash = fpRequire('./lodash.js');
            converted.set(key, fpRequire('./fp/_baseConvert.js')(lodash, key, lodash[key]));
          }
          return converted.get(key);
        }
        if (real === undefined) {
          delete ownRequire.cache[file];
          real = fpRequire(file);
        }
        return real[key];
      },
    },
  );
}

/** Puts a stand-in into the module cache as the file `name` resolves to from `parent`, unless that is loaded already. */
function placeStandIn(parent: NodeRequire, name: string, make: (file: string) => unknown): void {
  let file: string;
  try {
    file = parent.resolve(name);
  } catch {
    return; // no longer a dependency: nothing to defer
  }
  if (ownRequire.cache[file]) return; // loaded already: nothing to save
  const placeholder = new Module(file);
  placeholder.filename = file;
  placeholder.loaded = true;
  placeholder.exports = make(file);
  ownRequire.cache[file] = placeholder;
}

/** Puts stand-ins for the deferred helpers and `lodash/fp` into the module cache, where mjml-core will find them. */
function deferHelpers(coreRequire: NodeRequire): void {
  const parserRequire = createRequire(coreRequire.resolve('mjml-parser-xml'));
  const parents: Record<HelperParent, NodeRequire> = { 'mjml-core': coreRequire, htmlparser2: createRequire(parserRequire.resolve('htmlparser2')) };
  for (const helper of DEFERRED_HELPERS) {
    const from = parents[helper.from];
    placeStandIn(from, helper.name, (file) => deferredModule(file, () => from(file), helper));
  }
  placeStandIn(parserRequire, 'lodash/fp', lightLodashFp);
  // the one-method module pulls in 45 files of lodash's parts; the full lodash has the same function
  placeStandIn(parserRequire, 'lodash/forEach', (file) => createRequire(file)('./lodash.js').forEach);
}

function start(): Engine {
  if (engine) return engine;
  const mjmlRequire = createRequire(ownRequire.resolve('mjml'));
  const coreFile = mjmlRequire.resolve('mjml-core');
  const coreRequire = createRequire(coreFile);
  const presetRequire = createRequire(mjmlRequire.resolve('mjml-preset-core'));
  if (!ownRequire.cache[coreFile]) deferHelpers(coreRequire);
  const core = coreRequire(coreFile) as MjmlCore;
  // which tag may hold which: the validator's table for the whole preset (plain data)
  const validator = coreRequire('mjml-validator');
  const dependencies = presetRequire('./dependencies.js');
  validator.assignDependencies(validator.dependencies, dependencies.default ?? dependencies);
  engine = { core, presetRequire, loadedPackages: new Set() };
  return engine;
}

/** The component classes a component package exports (one default, or several named). */
function componentsOf(exported: any): unknown[] {
  if (typeof exported === 'function') return [exported];
  return Object.values(exported).filter((value) => typeof value === 'function');
}

/** Registers the component packages of every preset tag that `mjml` uses, each once. */
function registerTagsOf(mjml: string, { core, presetRequire, loadedPackages }: Engine): void {
  for (const [, tag] of mjml.matchAll(/<(mj-[a-z-]+)/g)) {
    const pkg = COMPONENT_PACKAGES[tag];
    if (!pkg || loadedPackages.has(pkg)) continue;
    placeStandIn(createRequire(presetRequire.resolve(pkg)), 'lodash/fp', lightLodashFp);
    core.assignComponents(core.components, componentsOf(presetRequire(pkg)));
    loadedPackages.add(pkg);
  }
}

/**
 * Compiles MJML as the `mjml` package's `mjml2html` does, loading only the components the
 * document uses. Example: `await compileWithMjml('<mjml><mj-body/></mjml>', {})`.
 */
export async function compileWithMjml(mjml: string, options: Record<string, unknown>): Promise<MjmlResult> {
  const started = start();
  registerTagsOf(mjml, started);
  return started.core.default(mjml, options);
}
