/**
 * Finds an element the way a reader names it: by role and accessible name, through open shadow roots (our sidebar
 * host lives in one). Runs inside the page or frame; both engines pass it to `evaluateHandle`. Given `within`, it
 * searches those roots instead of the document: closed shadow roots (our launchers'), which only an engine's own
 * protocol can hand over (`matchesInClosedRoots`).
 * Puppeteer over WebDriver BiDi has no working role selector in Firefox, so both drivers use this one function.
 * It is self-contained: no closure, no imports (it is serialised into the page).
 */
export interface ElementQuery {
  role: 'button' | 'heading' | 'textbox' | 'combobox' | 'listitem' | 'status' | 'alert' | 'link' | 'note' | 'separator';
  /** Exact accessible name, or a RegExp source matched against it (flag i). */
  name?: string;
  pattern?: string;
  /** For list items: the accessible name of their list. */
  inList?: string;
}

export function findAllInPage(query: ElementQuery, within?: ShadowRoot[]): Element[] & { names: string[] } {
  const roots: (Document | ShadowRoot)[] = [];
  const collect = (root: Document | ShadowRoot) => {
    roots.push(root);
    for (const element of root.querySelectorAll('*')) if (element.shadowRoot) collect(element.shadowRoot);
  };
  for (const root of within ?? [document]) collect(root);
  const text = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const labelOf = (element: Element): string => {
    const aria = element.getAttribute('aria-label');
    if (aria) return aria.trim();
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy) return labelledBy.split(/\s+/).map((id) => text(element.ownerDocument.getElementById(id))).join(' ');
    if (element.id) {
      const label = element.ownerDocument.querySelector(`label[for="${CSS.escape(element.id)}"]`);
      if (label) return text(label);
    }
    const wrapping = element.closest('label');
    if (wrapping) return text(wrapping);
    return text(element);
  };
  const selectors: Record<ElementQuery['role'], string> = {
    button: 'button, [role="button"], input[type="button"], input[type="submit"]',
    heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
    textbox: 'input:not([type]), input[type="text"], input[type="url"], input[type="password"], input[type="search"], textarea',
    combobox: 'select',
    listitem: 'li, [role="listitem"]',
    status: '[role="status"], output',
    alert: '[role="alert"]',
    link: 'a[href]',
    note: '[role="note"]',
    separator: 'hr, [role="separator"]',
  };
  const visible = (element: Element) => {
    const box = (element as HTMLElement).getBoundingClientRect?.();
    return !!box && box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
  };
  const pattern = query.pattern === undefined ? undefined : new RegExp(query.pattern, 'i');
  const names: string[] = [];
  const found = roots
    .flatMap((root) => [...root.querySelectorAll(selectors[query.role])])
    .filter((element) => {
      if (query.inList !== undefined) {
        const list = element.closest('ul, ol, [role="list"]');
        if (!list || labelOf(list) !== query.inList) return false;
      }
      const name = query.role === 'status' || query.role === 'alert' ? text(element) : labelOf(element);
      if (query.name !== undefined && name !== query.name) return false;
      if (pattern && !pattern.test(name)) return false;
      if (!visible(element)) return false;
      names.push(name);
      return true;
    });
  // The names matched, beside the elements: what a reader hears for each, read back by the closed-root search.
  return Object.assign(found, { names });
}

/** Where a reader would click an element: its centre, in the viewport of the top document. */
export interface Point {
  x: number;
  y: number;
}

/**
 * A match inside a closed shadow root: where to click it, its accessible name, and its shadow host as the page sees
 * it (the host's tag and its index among the document's elements of that tag), so a Playwright locator can reach it.
 */
export interface ClosedRootMatch extends Point {
  name: string;
  hostTag: string;
  hostIndex: number;
}

/**
 * A function `(queryJson, scrollToFirst, ...closedRoots)` for CDP's Runtime.callFunctionOn and BiDi's
 * script.callFunction, which both take source text: the visible matches inside those roots (`ClosedRootMatch`), as
 * JSON, after scrolling the first into view when asked (as a reader scrolls to what they click). The engines then
 * click there with real input, the only way into a closed shadow root a reader has.
 */
export const matchesInClosedRoots = `function (queryJson, scrollToFirst, ...roots) {
  const findAll = ${findAllInPage.toString()};
  const found = findAll(JSON.parse(queryJson), roots);
  if (scrollToFirst && found[0]) found[0].scrollIntoView({ block: 'center', inline: 'center' });
  return JSON.stringify(found.map((element, index) => {
    const box = element.getBoundingClientRect();
    const host = element.getRootNode().host;
    return {
      x: box.x + box.width / 2,
      y: box.y + box.height / 2,
      name: found.names[index],
      hostTag: host.localName,
      hostIndex: [...document.getElementsByTagName(host.localName)].indexOf(host),
    };
  }));
}`;
