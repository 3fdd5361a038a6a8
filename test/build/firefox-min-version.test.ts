import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import bcd from '@mdn/browser-compat-data' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { skipNote } from '../support/shared-fixtures';

/**
 * Firefox's minimum version, measured rather than guessed: every manifest key and permission of the built Firefox
 * extension, every WebExtension API our source calls, and the JavaScript built-ins pdf.js's legacy build needs
 * without a polyfill, looked up in MDN's browser-compat-data. The newest of them must be `strict_min_version`.
 * (The browser suite runs on Debian's Firefox ESR; no older Firefox is installable here to try.)
 */

const root = resolve(import.meta.dirname, '../..');
const manifestPath = join(root, '.output/firefox-mv3/manifest.json');
const hasBuild = existsSync(manifestPath);
const missingBuild = `no Firefox build at ${manifestPath}: run \`npx wxt build -b firefox\` first`;
// `npm test` builds both browsers before the unit tests and sets REQUIRE_BUILD=1: there this check must run.
if (!hasBuild && process.env.REQUIRE_BUILD === '1') throw new Error(`REQUIRE_BUILD=1, but ${missingBuild}`);

/** pdf.js 6's legacy build polyfills most of what it uses, but not these (Node 20 needs the first one polyfilled too). */
const builtinsPdfjsNeeds = ['Promise.withResolvers', 'ArrayBuffer.transferToFixedLength'];

/**
 * Keys older Firefox versions ignore without losing a feature: the data-collection disclosure is read by the add-ons
 * site and Firefox 140+ (older ones install the extension and skip it); minimum_chrome_version is Chrome's.
 */
const ignoredByOlderFirefox = new Set(['browser_specific_settings.gecko.data_collection_permissions', 'minimum_chrome_version']);

interface Compat {
  __compat?: { support: { firefox?: { version_added: string | boolean | null } | { version_added: string | boolean | null }[] } };
  [child: string]: Compat | undefined | Compat['__compat'];
}

function firefoxVersion(node: Compat | undefined): number | undefined {
  const support = node?.__compat?.support.firefox;
  const added = (Array.isArray(support) ? support[0] : support)?.version_added;
  if (added === undefined) return undefined;
  if (typeof added !== 'string') return Number.POSITIVE_INFINITY; // false or null: not supported
  return Number(/\d+/.exec(added)?.[0]);
}

function lookup(tree: Compat, path: string): Compat | undefined {
  return path.split('.').reduce<Compat | undefined>((node, part) => node?.[part] as Compat | undefined, tree);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** `browser.storage.local.get` → storage.local, storage; `session:` items of @wxt-dev/storage → storage.session. */
function apisUsed(): string[] {
  const text = ['utils', 'components', 'entrypoints'].flatMap((dir) => sourceFiles(join(root, dir))).map((file) => readFileSync(file, 'utf8')).join('\n');
  const apis = new Set<string>();
  for (const [, namespace, member] of text.matchAll(/\bbrowser\.([a-zA-Z]+)\.([a-zA-Z]+)/g)) {
    apis.add(namespace!);
    apis.add(`${namespace}.${member}`);
  }
  if (/['"`]session:/.test(text)) apis.add('storage.session');
  return [...apis];
}

function manifestFeatures(manifest: Record<string, unknown>): string[] {
  const features = Object.keys(manifest).map((key) => `manifest.${key}`);
  for (const permission of (manifest.permissions as string[] | undefined) ?? []) features.push(`manifest.permissions.${permission}`);
  if ((manifest.web_accessible_resources as { matches?: unknown }[] | undefined)?.some((entry) => entry.matches)) features.push('manifest.web_accessible_resources.matches');
  const gecko = (manifest.browser_specific_settings as { gecko?: Record<string, unknown> } | undefined)?.gecko ?? {};
  for (const key of Object.keys(gecko)) features.push(`manifest.browser_specific_settings.gecko.${key}`);
  return features;
}

describe.skipIf(!hasBuild)(`Firefox's minimum version${skipNote(!hasBuild, missingBuild)}`, () => {
  it('strict_min_version is the newest Firefox version any key, permission, API or needed built-in arrived in', () => {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown> & { browser_specific_settings: { gecko: { strict_min_version: string } } };
    const versions = new Map<string, number>();
    const unknown: string[] = [];
    const record = (feature: string, tree: Compat, path: string) => {
      if (ignoredByOlderFirefox.has(path.replace(/^manifest\./, ''))) return;
      const version = firefoxVersion(lookup(tree, path));
      if (version === undefined) unknown.push(feature);
      else versions.set(feature, version);
    };
    for (const feature of manifestFeatures(manifest)) record(feature, bcd.webextensions as unknown as Compat, feature);
    for (const api of apisUsed()) record(`api.${api}`, bcd.webextensions as unknown as Compat, `api.${api}`);
    for (const builtin of builtinsPdfjsNeeds) record(builtin, bcd.javascript.builtins as unknown as Compat, builtin);

    const unsupported = [...versions].filter(([, version]) => !Number.isFinite(version)).map(([feature]) => feature);
    expect(unsupported, 'features Firefox does not support at all').toEqual([]);
    // Every manifest key is in the data (a misspelt or renamed key shows up here rather than being skipped silently);
    // of the gecko settings the data lists only some, and browser_specific_settings itself is checked.
    expect(unknown.filter((feature) => feature.startsWith('manifest.') && !feature.startsWith('manifest.browser_specific_settings.gecko.'))).toEqual([]);
    const newest = Math.max(...versions.values());
    const settingIt = [...versions].filter(([, version]) => version === newest).map(([feature]) => feature);
    expect(settingIt).toEqual(['manifest.optional_host_permissions']);
    expect(manifest.browser_specific_settings.gecko.strict_min_version).toBe(`${newest}.0`);
    // The measured floor really is above what pdf.js alone needs, so the comparison is not vacuous.
    expect(versions.get('ArrayBuffer.transferToFixedLength')).toBe(122);
  });
});
