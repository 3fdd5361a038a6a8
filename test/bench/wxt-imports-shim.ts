/**
 * What `#imports` gives our utils outside WXT (see ./wxt-imports-hook.ts, the only thing that points `#imports`
 * here): the extension APIs, played by WXT's in-memory fake browser, and WXT's storage over it. The hook has made
 * the fake browser the global `browser` before `storage` loads, so both see the same browser.
 */
export { fakeBrowser as browser } from 'wxt/testing/fake-browser';
export { storage } from 'wxt/utils/storage';
