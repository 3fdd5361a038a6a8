import { hiddenByStyle, watchVisibleControls, type VisibleControls } from '@/utils/visible-controls';
import type { VerdictAtGlance } from '@/utils/take/verdict';

/**
 * A launcher button in its own closed shadow root: the page's CSS and scripts cannot restyle, focus or read it (the
 * badge's verdict included), and our CSS cannot leak into the page. It is sized to the line it sits on, so adding one
 * per listing entry does not move the page's layout. The page can still style the host element from outside
 * (opacity, filters, a decoy on top): the visibility check below is what answers that.
 */
const launcherStyle = `
:host { all: initial; position: relative; display: inline-block; vertical-align: baseline; margin-inline-start: 0.4em; }
:host([data-floating]) { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; margin: 0; }
:host([data-block]) { display: block; width: max-content; max-width: 100%; margin: 0.6em 0; }
button {
  font: 600 12px/1.3 system-ui, sans-serif; color: #fff; background: #8c2a22; border: 1px solid #6e1f19;
  border-radius: 4px; padding: 1px 7px; cursor: pointer; white-space: nowrap;
}
:host([data-floating]) button, :host([data-block]) button { font-size: 14px; padding: 6px 12px; }
:host([data-floating]) button { box-shadow: 0 2px 8px rgb(0 0 0 / 0.3); }
button:hover { background: #a3352c; }
button:focus-visible { outline: 2px solid #1f55a3; outline-offset: 2px; }
button[aria-disabled="true"] { background: #5c5750; border-color: #4a4640; cursor: help; }
.badge { position: relative; display: inline-block; margin-inline-start: 5px; font: 600 12px/1.35 system-ui, sans-serif;
  border: 1px solid currentColor; border-radius: 999px; padding: 0 7px; cursor: default; white-space: nowrap; }
.tone-take { color: #8c2a22; background: #f7e8e5; }
.tone-partial { color: #7d5200; background: #fbf0d6; }
.tone-full { color: #1b6a37; background: #e3f2e8; }
.tone-skim { color: #7d5200; background: #fbf0d6; }
.tone-skip, .tone-neutral { color: #4f4b46; background: #ebe8e3; }
.badge:focus-visible { outline: 2px solid #1f55a3; outline-offset: 1px; }
.note { display: block; font: 13px/1.4 system-ui, sans-serif; background: #fff; color: #222; border: 1px solid #999;
  padding: 6px 8px; margin: 6px 0 0; max-width: 360px; white-space: normal; }
.verdict { display: none; position: absolute; z-index: 2147483646; top: 100%; right: 0; margin-top: 4px; width: max-content;
  max-width: 360px; white-space: normal; font: 400 13px/1.4 system-ui, sans-serif; color: #1d1b19; background: #fff;
  border: 1px solid #a39c92; border-radius: 6px; padding: 6px 8px; box-shadow: 0 2px 8px rgb(0 0 0 / 0.2); }
.badge:hover + .verdict, .badge:focus + .verdict { display: block; }
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
  /** Accessible name: starts with the visible text, and names Shedder's Take. */
  label: string;
  /** Visible text, short. */
  text: string;
  /** Fixed to the window's corner: only where there is no page text to cover (a PDF tab, a page with no title to stand beside). */
  floating?: boolean;
  /** A line of its own in the page's flow (the listing's quick-takes control), so it covers nothing. */
  block?: boolean;
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
  if (options.block) host.setAttribute('data-block', '');
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

/**
 * Shows (or removes) the badge of a paper's saved take beside its launcher: the verdict as a word in its colour
 * ("skim", "✓ take"), the same as the paper's row in the library. Hovering or focusing it shows the reason line;
 * its accessible name starts with the visible word and carries the reason, so screen readers hear it without hovering.
 * Both live in the launcher's closed shadow root: the page cannot read what the reader thought of its papers.
 */
export function setLauncherBadge(host: HTMLElement, badge: Pick<VerdictAtGlance, 'word' | 'tone' | 'reason' | 'spoken'> | undefined): void {
  const root = launcherParts.get(host)?.root;
  if (!root) return;
  root.querySelector('.badge')?.remove();
  root.querySelector('.verdict')?.remove();
  if (!badge) return;
  const element = document.createElement('span');
  element.className = `badge tone-${badge.tone}`;
  element.tabIndex = 0;
  element.setAttribute('role', 'note');
  element.setAttribute('aria-label', badge.spoken);
  element.textContent = badge.word;
  root.append(element);
  if (badge.reason) {
    const reason = document.createElement('span');
    reason.className = 'verdict';
    reason.setAttribute('aria-hidden', 'true');
    reason.textContent = badge.reason;
    root.append(reason);
  }
}
