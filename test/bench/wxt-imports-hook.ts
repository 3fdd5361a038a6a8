/**
 * Lets our utils run under plain Node and tsx, where WXT's Vite plugin does not exist: WXT's virtual `#imports`
 * resolves to ./wxt-imports-shim.ts, and WXT's in-memory fake browser stands in for the extension APIs.
 *
 * test/bench/run.ts loads it first: `node --import tsx --import ./test/bench/wxt-imports-hook.ts <bench>`. A bench run
 * alone (`npx tsx test/bench/<bench>.ts`) imports it first instead, and imports anything that reaches `#imports`
 * dynamically, after this has run. Either way Node evaluates it once per process.
 */
import { register } from 'node:module';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// @wxt-dev/browser picks `globalThis.browser` (or `chrome`) once, when it is first imported: this must come before.
Object.assign(globalThis, { browser: fakeBrowser, chrome: fakeBrowser });

const shim = new URL('./wxt-imports-shim.ts', import.meta.url).href;
// Hands the shim to the next resolver in the chain (tsx's), which knows how to load TypeScript.
const resolveHook = `export async function resolve(specifier, context, next) { return next(specifier === '#imports' ? ${JSON.stringify(shim)} : specifier, context); }`;
// Components import their stylesheets (KaTeX's), which Vite bundles and Node cannot load: an empty module stands in,
// since happy-dom lays nothing out and styles change no measured work.
const loadHook = `export async function load(url, context, next) { return url.endsWith('.css') ? { format: 'module', source: '', shortCircuit: true } : next(url, context); }`;
register(`data:text/javascript,${encodeURIComponent(`${resolveHook}\n${loadHook}`)}`);
