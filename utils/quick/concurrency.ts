/**
 * How many quick takes a batch asks the model for at once. In a module of its own, with no imports, so the browser
 * tests can bound a cancelled batch's requests by it without loading the extension's runtime.
 */
export const defaultQuickConcurrency = 4;
