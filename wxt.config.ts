import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'wxt';
import { devBrowserLaunch, loadByHandLine } from './utils/dev-browser';
import { modelHostPermissions, optionalHostPermissions } from './utils/host-permissions';
import { paperSiteMatchPatterns } from './utils/sites/registry';

const require = createRequire(import.meta.url);
const pdfjsRoot = dirname(require.resolve('pdfjs-dist/package.json'));
const browserLaunch = devBrowserLaunch({ platform: process.platform, env: process.env, uid: process.getuid?.() });

/**
 * KaTeX's stylesheet offers each font as woff2, then woff and ttf for older browsers. Every browser this extension
 * supports reads woff2 and never fetches the rest, so the stylesheet is cut to woff2 before the build bundles the
 * fonts it names.
 */
const katexFontsAsWoff2Only = {
  name: 'katex-fonts-as-woff2-only',
  enforce: 'pre' as const,
  transform(code: string, id: string) {
    if (!/[\\/]katex[\\/]dist[\\/]katex(\.min)?\.css$/.test(id)) return undefined;
    return code.replace(/,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)/g, '');
  },
};

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  imports: false,
  vite: () => ({ plugins: [katexFontsAsWoff2Only] }),
  // `npm run dev` opens a browser with the extension only where one can be opened; elsewhere it says how to load it.
  webExt: { disabled: !browserLaunch.canLaunch },
  // Firefox too (WXT would build MV2 there): only MV3 can limit the web-accessible sidebar to the origins below and
  // declare optional host permissions, which custom endpoints and enabled sites need. Firefox grants host permissions
  // at install from version 127, and a reader who withdraws a site's access is offered it back in the toolbar popup.
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: "Shedder's Take",
    description: "Prof. Queuebert Shedder's forensic take on the systems paper you are reading, from your own model.",
    permissions: ['storage', 'unlimitedStorage', 'scripting', 'activeTab'],
    // The paper sites' pages and PDFs, and the default provider's API; everything else is asked for at run time.
    host_permissions: [...paperSiteMatchPatterns, ...modelHostPermissions],
    optional_host_permissions: [...optionalHostPermissions],
    // pdf.js's legacy build needs Promise.withResolvers (Chrome 119, Firefox 121), and its operator lists, which the
    // hidden-text scan reads, need ArrayBuffer.prototype.transferToFixedLength (Chrome 114, Firefox 122). The palette's
    // light-dark() colours, which give every page its light and dark theme from one token each, need Chrome 123 (Firefox 120).
    minimum_chrome_version: '123',
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
    },
    web_accessible_resources: [
      {
        // The sidebar frame is hosted by the content script, which runs only on the paper sites (https, covered here) and
        // on the sites the reader enabled: any origin they may grant, so no narrower list is possible. Never plain http
        // off loopback.
        resources: ['sidebar-frame.html'],
        matches: [...optionalHostPermissions],
      },
    ],
    commands: {
      'toggle-sidebar': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: "Open or close the Shedder's Take sidebar",
      },
    },
    action: { default_title: "Shedder's Take" },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'shedders-take@shedders-take.dev',
              // optional_host_permissions in MV3 arrived in Firefox 128; test/build/firefox-min-version.test.ts
              // derives this from MDN's compatibility data for every key and API the extension uses.
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['websiteContent'] },
            },
          },
        }
      : {}),
  }),
  hooks: {
    'server:started': (wxt) => {
      if (!browserLaunch.canLaunch) wxt.logger.info(loadByHandLine(wxt.config.browser, wxt.config.outDir, browserLaunch.reason));
    },
    // pdf.js runs in the sidebar frame's page-reading workers, bundled with them; MV3 forbids remote code, so its
    // CMaps (CJK text) and standard fonts ship as extension files, copied from the installed package.
    'build:publicAssets': (_wxt, files) => {
      for (const dir of ['cmaps', 'standard_fonts']) {
        for (const name of readdirSync(join(pdfjsRoot, dir))) {
          files.push({ absoluteSrc: join(pdfjsRoot, dir, name), relativeDest: `pdfjs/${dir}/${name}` });
        }
      }
    },
  },
});
