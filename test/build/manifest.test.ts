import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UserManifest } from 'wxt';
import config from '@/wxt.config';
import { skipNote } from '../support/shared-fixtures';

/**
 * The narrowest permissions, a strict extension CSP, no remote code. The manifest is checked twice: from
 * wxt.config.ts's own manifest function (always, no build needed), and in each built extension when it exists (the
 * build is what users install; WXT rewrites the manifest per browser, and a module or hook could still add to it).
 */

const builds = [
  { browser: 'chrome', dir: resolve(import.meta.dirname, '../../.output/chrome-mv3'), command: 'npx wxt build' },
  { browser: 'firefox', dir: resolve(import.meta.dirname, '../../.output/firefox-mv3'), command: 'npx wxt build -b firefox' },
].map((build) => {
  const manifestPath = join(build.dir, 'manifest.json');
  return { ...build, manifestPath, hasBuild: existsSync(manifestPath), missingBuild: `no build at ${build.dir}: run \`${build.command}\` to check the built manifest and bundle` };
});
// `npm test` builds both before the unit tests and sets REQUIRE_BUILD=1: there the checks of the real builds must run.
for (const { hasBuild, missingBuild } of builds) {
  if (!hasBuild && process.env.REQUIRE_BUILD === '1') throw new Error(`REQUIRE_BUILD=1, but ${missingBuild}`);
}

/** The paper sites, and OpenAI's API because it is the default provider; nothing else is granted at install. */
const expectedHostPermissions = [
  'https://arxiv.org/*',
  'https://www.arxiv.org/*',
  'https://export.arxiv.org/*',
  'https://dl.acm.org/*',
  'https://www.usenix.org/*',
  'https://api.openai.com/*',
];
/** A user's own model endpoint is granted at run time, from the Save click on the options page. */
const expectedOptionalHostPermissions = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'];
/** activeTab grants a tab only on the user's click on our toolbar button (the popup reads that tab); no install warning. */
const expectedPermissions = ['storage', 'unlimitedStorage', 'scripting', 'activeTab'];

function manifestFromConfig(browser: 'chrome' | 'firefox'): UserManifest {
  const { manifest } = config;
  const env = { browser, manifestVersion: 3 as const, mode: 'production', command: 'build' as const };
  return (typeof manifest === 'function' ? manifest(env) : manifest) as UserManifest;
}

function hostOf(pattern: string): string {
  return /^[a-z*]+:\/\/([^/]*)\//.exec(pattern)?.[1] ?? pattern;
}

function checkPermissions(manifest: UserManifest): void {
  expect([...(manifest.permissions ?? [])].sort()).toEqual([...expectedPermissions].sort());
  expect([...(manifest.host_permissions ?? [])].sort()).toEqual([...expectedHostPermissions].sort());
  expect([...(manifest.optional_host_permissions ?? [])].sort()).toEqual([...expectedOptionalHostPermissions].sort());
  const everyPattern = JSON.stringify(manifest);
  expect(everyPattern).not.toContain('<all_urls>');
  for (const pattern of manifest.host_permissions ?? []) {
    expect(hostOf(pattern), `required host permission ${pattern} must name one host`).not.toContain('*');
  }
}

function checkCsp(manifest: UserManifest): void {
  const csp = (manifest.content_security_policy as { extension_pages?: string } | undefined)?.extension_pages ?? '';
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1]?.trim();
  expect(scriptSrc).toBe("'self'");
  expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/);
}

describe('manifest from wxt.config.ts (no build needed)', () => {
  it.each(['chrome', 'firefox'] as const)('%s: exactly the expected permissions, no <all_urls>, no wildcard required hosts', (browser) => {
    checkPermissions(manifestFromConfig(browser));
  });

  it("extension pages' CSP allows scripts from the extension only", () => {
    checkCsp(manifestFromConfig('chrome'));
  });

  it('exposes only the sidebar frame to web pages (never the options page or a script)', () => {
    const resources = (manifestFromConfig('chrome').web_accessible_resources ?? []) as { resources: string[] }[];
    expect(resources.flatMap((entry) => entry.resources)).toEqual(['sidebar-frame.html']);
  });
});

/** Every text file of the build, for the remote-code scan. */
function builtFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return builtFiles(path);
    return /\.(m?js|html|css)$/.test(name) ? [path] : [];
  });
}

/** Ways a bundle could load code from the network; a URL that is only data (an API base URL) matches none. */
const remoteCodePatterns: { name: string; pattern: RegExp }[] = [
  { name: '<script src> to another origin', pattern: /<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//i },
  { name: 'dynamic import() of a remote URL', pattern: /\bimport\s*\(\s*["'`](?:https?:)?\/\//i },
  { name: 'static import from a remote URL', pattern: /\b(?:from|import)\s*["'`](?:https?:)?\/\//i },
  { name: 'importScripts() of a remote URL', pattern: /\bimportScripts\s*\(\s*["'`](?:https?:)?\/\//i },
  { name: 'a Worker from a remote URL', pattern: /\bnew\s+(?:Shared)?Worker\s*\(\s*["'`](?:https?:)?\/\//i },
  // CSS is lower-case here; `new URL("https://…")` in scripts is data, not a load.
  { name: 'a font, image or stylesheet from a remote URL', pattern: /(?<![\w.])url\(\s*["']?(?:https?:)?\/\// },
  { name: '@import of a remote stylesheet', pattern: /@import\s+(?:url\()?\s*["']?(?:https?:)?\/\//i },
];

type BuiltManifest = UserManifest & { browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string } } };

/** The optional origins must reach each built manifest: WXT drops optional_host_permissions from MV2 builds. */
describe.each(builds)('built extension for $browser', ({ browser, dir, manifestPath, hasBuild, missingBuild }) => {
  const built = () => JSON.parse(readFileSync(manifestPath, 'utf8')) as BuiltManifest;
  const skipped = skipNote(!hasBuild, missingBuild);

  it.skipIf(!hasBuild)(`is MV3 with the same permissions, optional origins included, and CSP${skipped}`, () => {
    const manifest = built();
    expect(manifest.manifest_version).toBe(3);
    checkPermissions(manifest);
    checkCsp(manifest);
    for (const script of manifest.content_scripts ?? []) {
      for (const pattern of script.matches ?? []) {
        expect(hostOf(pattern), `content script match ${pattern} must name one host`).not.toContain('*');
      }
    }
    if (browser === 'firefox') {
      expect(manifest.browser_specific_settings?.gecko).toMatchObject({ id: 'shedders-take@shedders-take.dev', strict_min_version: '128.0' });
    }
  });

  it.skipIf(!hasBuild)(`exposes only the sidebar, and only to pages our content script can run on${skipped}`, () => {
    const manifest = built();
    // The content script runs on the paper hosts (https) and on sites the reader enabled, which are optional origins.
    expect(manifest.web_accessible_resources).toEqual([{ resources: ['sidebar-frame.html'], matches: expectedOptionalHostPermissions }]);
    const paperHosts = (manifest.content_scripts ?? []).flatMap((script) => script.matches ?? []);
    expect(paperHosts.length).toBeGreaterThan(0);
    for (const pattern of paperHosts) expect(pattern, `${pattern} is covered by https://*/*`).toMatch(/^https:\/\/[^*/]+\/\*$/);
  });

  it.skipIf(!hasBuild)(`no built file loads code from the network${skipped}`, () => {
    const files = builtFiles(dir);
    expect(files.length).toBeGreaterThan(3);
    const findings = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return remoteCodePatterns.filter(({ pattern }) => pattern.test(text)).map(({ name }) => `${relative(dir, file)}: ${name}`);
    });
    expect(findings).toEqual([]);
  });

  it.skipIf(!hasBuild)(`ships KaTeX's fonts inside the extension, as woff2 only: every font the stylesheet names is a built file or inlined${skipped}`, () => {
    const stylesheets = builtFiles(dir).filter((file) => file.endsWith('.css'));
    const faces = stylesheets.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/@font-face\s*\{[^}]*font-family:\s*["']?KaTeX_[^}]*\}/g)].map((match) => match[0]));
    expect(faces.length).toBeGreaterThanOrEqual(20);
    const sources = faces.flatMap((face) => [...face.matchAll(/url\(\s*["']?([^"')]+)/g)].map((match) => match[1] ?? ''));
    expect(sources).toHaveLength(faces.length);
    // woff2 only, which every browser we support reads (KaTeX's woff and ttf copies would never be fetched): a built
    // file, or inlined in the stylesheet when it is that small.
    const shipped = (source: string) => source.startsWith('data:font/woff2;') || (/^\/assets\/KaTeX_[^/]+\.woff2$/.test(source) && existsSync(join(dir, source)));
    expect(sources.filter((source) => !shipped(source))).toEqual([]);
    expect(builtFiles(dir).filter((file) => /KaTeX_[^/]*\.(woff|ttf)$/.test(file)).map((file) => relative(dir, file))).toEqual([]);
  });
});

describe('remote-code scan', () => {
  it('the scan does find remote code when it is there (the patterns are not dead)', () => {
    const samples = [
      '<script src="https://cdn.example/x.js"></script>',
      'await import("https://cdn.example/m.js")',
      'import x from "https://cdn.example/m.js"',
      "importScripts('//cdn.example/w.js')",
      'new Worker(`https://cdn.example/w.js`)',
      '@font-face{src:url(https://cdn.jsdelivr.net/npm/katex/dist/fonts/KaTeX_Main-Regular.woff2)}',
      "@import url('//fonts.example/css')",
    ];
    expect(samples.map((sample) => remoteCodePatterns.some(({ pattern }) => pattern.test(sample)))).toEqual(samples.map(() => true));
    expect(remoteCodePatterns.some(({ pattern }) => pattern.test('const baseURL = "https://api.openai.com/v1"'))).toBe(false);
  });
});
