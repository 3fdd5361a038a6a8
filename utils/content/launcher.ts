import { hiddenByStyle, watchVisibleControls, type VisibleControls } from '@/utils/visible-controls';

/**
 * A launcher button in its own closed shadow root: the page's CSS and scripts cannot restyle, focus or read it (the
 * badge's verdict included), and our CSS cannot leak into the page. It is sized to the line it sits on, so adding one
 * per listing entry does not move the page's layout. The page can still style the host element from outside
 * (opacity, filters, a decoy on top): the visibility check below is what answers that.
 */
const launcherStyle = `
:host { all: initial; display: inline-block; vertical-align: baseline; margin-inline-start: 0.4em; }
:host([data-floating]) { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; margin: 0; }
button {
  font: 600 12px/1.3 system-ui, sans-serif; color: #fff; background: #7a1f1f; border: 1px solid #5c1414;
  border-radius: 4px; padding: 1px 7px; cursor: pointer; white-space: nowrap;
}
:host([data-floating]) button { font-size: 14px; padding: 8px 14px; box-shadow: 0 2px 8px rgb(0 0 0 / 0.3); }
button:hover { background: #962828; }
button:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
button[aria-disabled="true"] { background: #666; border-color: #555; cursor: help; }
.badge { position: relative; display: inline-block; margin-inline-start: 4px; font: 600 11px/1.3 system-ui, sans-serif;
  color: #1f6b33; background: #e6f4ea; border: 1px solid #9fd3ad; border-radius: 8px; padding: 0 6px; cursor: default; }
.badge:focus-visible { outline: 3px solid #f0b400; outline-offset: 1px; }
.note { display: block; font: 13px/1.4 system-ui, sans-serif; background: #fff; color: #222; border: 1px solid #999;
  padding: 6px 8px; margin: 6px 0 0; max-width: 360px; white-space: normal; }
.verdict { display: none; position: absolute; z-index: 2147483646; top: 100%; left: 0; margin-top: 4px; width: max-content;
  max-width: 360px; white-space: normal; font: 12px/1.4 system-ui, sans-serif; color: #1d1d1f; background: #fff;
  border: 1px solid #999; border-radius: 4px; padding: 6px 8px; box-shadow: 0 2px 8px rgb(0 0 0 / 0.2); }
.badge:hover .verdict, .badge:focus .verdict { display: block; }
`;

export const launcherTagName = 'shedders-take-launcher';

let sharedSheet: CSSStyleSheet | undefined;

/**
 * One parsed stylesheet shared by every launcher's shadow root: a listing of 2,000 entries then parses it once.
 * Where a content script's constructed sheet cannot be adopted (Firefox's content-script sandbox), each root gets
 * a <style> of its own.
 */
function adoptLauncherStyle(root: ShadowRoot): void {
  try {
    if (!sharedSheet) {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(launcherStyle);
    }
    root.adoptedStyleSheets = [sharedSheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = launcherStyle;
    root.append(style);
  }
}

export interface LauncherOptions {
  /** Accessible name; always contains "Shedder's Take". */
  label: string;
  /** Visible text, short. */
  text: string;
  floating?: boolean;
  /** Why this launcher cannot open a take, shown instead of opening. */
  unavailableReason?: string;
  /**
   * The reader pressed the launcher. `seen`: the browser confirmed it was in plain view, for long enough, when they did
   * (`utils/visible-controls.ts`); only then may the press spend tokens by itself.
   */
  onActivate(launcher: HTMLElement, press: { seen: boolean }): void | Promise<void>;
}

/** The parts of a launcher behind its closed shadow root, reachable from our content script only. */
const launcherParts = new WeakMap<HTMLElement, { root: ShadowRoot; button: HTMLButtonElement }>();

let launcherControls: VisibleControls | undefined;

export function createLauncher(options: LauncherOptions): HTMLElement {
  const host = document.createElement(launcherTagName);
  if (options.floating) host.setAttribute('data-floating', '');
  const root = host.attachShadow({ mode: 'closed' });
  adoptLauncherStyle(root);
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = options.text;
  button.setAttribute('aria-label', options.label);
  if (options.unavailableReason) {
    button.setAttribute('aria-disabled', 'true');
    button.title = options.unavailableReason;
  }
  launcherControls ??= watchVisibleControls();
  const controls = launcherControls;
  // data-armed says, on the host the page (and a test) can see, that a press would start a take now.
  controls.watch(button, (state) => host.toggleAttribute('data-armed', state === 'armed'));
  button.addEventListener('click', (event) => {
    // Only the reader's own clicks count: a page script cannot reach this button, but another extension could.
    if (!event.isTrusted) return;
    // The page's own click handlers (row selection, analytics) should not see clicks on our button.
    event.stopPropagation();
    event.preventDefault();
    const seen = controls.confirmsVisibility && controls.stateOf(button) === 'armed' && hiddenByStyle(button) === undefined;
    void options.onActivate(host, { seen });
  });
  root.append(button);
  launcherParts.set(host, { root, button });
  return host;
}

/** Focuses the button inside a launcher host, e.g. when the sidebar closes. */
export function focusLauncher(host: HTMLElement): void {
  launcherParts.get(host)?.button.focus();
}

/**
 * One line under the launcher, where the reader is looking: why it could not open the paper. It stays until the next
 * note replaces it; the button says what it is about.
 */
export function showLauncherNote(host: HTMLElement, text: string): void {
  const parts = launcherParts.get(host);
  if (!parts) return;
  let note = parts.root.querySelector<HTMLElement>('.note');
  if (!note) {
    note = document.createElement('p');
    note.className = 'note';
    note.id = 'note';
    note.setAttribute('role', 'alert');
    parts.root.append(note);
    parts.button.setAttribute('aria-describedby', 'note');
  }
  note.textContent = text;
}

export interface LauncherBadge {
  verdict: string;
  kind: 'full' | 'quick';
}

/**
 * Shows (or removes) the "saved take" badge beside a launcher. Hovering or focusing it shows the take's
 * one-line verdict; the same text is its accessible name, so screen readers hear it without hovering. Both live in the
 * launcher's closed shadow root: the page cannot read what the reader thought of its papers.
 */
export function setLauncherBadge(host: HTMLElement, badge: LauncherBadge | undefined): void {
  const root = launcherParts.get(host)?.root;
  if (!root) return;
  root.querySelector('.badge')?.remove();
  if (!badge) return;
  const label = badge.kind === 'quick' ? 'quick take' : 'take saved';
  const element = document.createElement('span');
  element.className = 'badge';
  element.tabIndex = 0;
  element.setAttribute('role', 'note');
  element.setAttribute('aria-label', `Saved ${label}: ${badge.verdict}`);
  element.textContent = label === 'take saved' ? '✓ take' : '✓ quick';
  const verdict = document.createElement('span');
  verdict.className = 'verdict';
  verdict.setAttribute('aria-hidden', 'true');
  verdict.textContent = badge.verdict;
  element.append(verdict);
  root.append(element);
}
