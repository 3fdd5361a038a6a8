import { Window } from 'happy-dom';

/**
 * A happy-dom window whose globals (document, HTMLElement, Event…) Node lacks become globals, as GlobalRegistrator
 * does: the real components then render in Node. `url` is the extension page the bench stands in for.
 */
export function installDom(url: string): Window {
  const window = new Window({ url });
  const globals = globalThis as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(window)) {
    if (!(key in globals)) globals[key] = (window as unknown as Record<string, unknown>)[key];
  }
  globals.window = window;
  globals.document = window.document;
  globals.navigator = window.navigator;
  return window;
}
