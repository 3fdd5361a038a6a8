import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UserManifest } from 'wxt';
import config from '@/wxt.config';
import { skipNote } from '../support/shared-fixtures';

/**
 * The narrowest permissions, a strict extension CSP, no remote code. The manifest is checked twice:
 * from wxt.config.ts's own manifest function (always, no build needed), and in the built extension when
 * `.output/chrome-mv3` exists (the build is what users install; a module or hook could still add to it).
 */

const builtDir = resolve(import.meta.dirname, '../../.output/chrome-mv3');
const builtManifestPath = join(builtDir, 'manifest.json');
const hasBuild = existsSync(builtManifestPath);
const missingBuild = `no build at ${builtDir}: run \`npx wxt build\` to check the built manifest and bundle`;
// `npm test` builds before the unit tests and sets REQUIRE_BUILD=1: there the checks of the real build must run.
if (!hasBuild && process.env.REQUIRE_BUILD === '1') throw new Error(`REQUIRE_BUILD=1, but ${missingBuild}`);

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
    return /\.(m?js|html)$/.test(name) ? [path] : [];
  });
}

/** Ways a bundle could load code from the network; a URL that is only data (an API base URL) matches none. */
const remoteCodePatterns: { name: string; pattern: RegExp }[] = [
  { name: '<script src> to another origin', pattern: /<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//i },
  { name: 'dynamic import() of a remote URL', pattern: /\bimport\s*\(\s*["'`](?:https?:)?\/\//i },
  { name: 'static import from a remote URL', pattern: /\b(?:from|import)\s*["'`](?:https?:)?\/\//i },
  { name: 'importScripts() of a remote URL', pattern: /\bimportScripts\s*\(\s*["'`](?:https?:)?\/\//i },
  { name: 'a Worker from a remote URL', pattern: /\bnew\s+(?:Shared)?Worker\s*\(\s*["'`](?:https?:)?\/\//i },
];

describe.skipIf(!hasBuild)(`built extension (.output/chrome-mv3)${skipNote(!hasBuild, missingBuild)}`, () => {
  it('the built manifest has the same permissions and CSP', () => {
    const manifest = JSON.parse(readFileSync(builtManifestPath, 'utf8')) as UserManifest;
    checkPermissions(manifest);
    checkCsp(manifest);
    for (const script of manifest.content_scripts ?? []) {
      for (const pattern of script.matches ?? []) {
        expect(hostOf(pattern), `content script match ${pattern} must name one host`).not.toContain('*');
      }
    }
  });

  it('no built file loads code from the network', () => {
    const files = builtFiles(builtDir);
    expect(files.length).toBeGreaterThan(3);
    const findings = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return remoteCodePatterns.filter(({ pattern }) => pattern.test(text)).map(({ name }) => `${relative(builtDir, file)}: ${name}`);
    });
    expect(findings).toEqual([]);
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
    ];
    expect(samples.map((sample) => remoteCodePatterns.some(({ pattern }) => pattern.test(sample)))).toEqual(samples.map(() => true));
    expect(remoteCodePatterns.some(({ pattern }) => pattern.test('const baseURL = "https://api.openai.com/v1"'))).toBe(false);
  });
});
