import { fakeBrowser } from 'wxt/testing/fake-browser';

// @wxt-dev/browser picks `globalThis.browser ?? chrome` when it is first imported, so this must run before it.
Object.assign(globalThis, { browser: fakeBrowser, chrome: fakeBrowser });
