/**
 * `#imports` for scripts run with plain tsx (benchmarks), where WXT's Vite plugin does not exist: the parts our
 * utils import, over WXT's in-memory fake browser. Loaded through the resolve hook in test/bench/quick-bench.ts.
 */
import './node-fake-browser';

export { fakeBrowser, fakeBrowser as browser } from 'wxt/testing/fake-browser';
export { storage } from 'wxt/utils/storage';
