/**
 * What `#imports` gives our storage and library modules, for running them outside WXT's Vite plugin (the benchmark
 * under plain tsx). `wxt/browser` picks up `globalThis.browser`, which the benchmark sets to fakeBrowser first.
 */
export { browser } from 'wxt/browser';
export { storage } from 'wxt/utils/storage';
