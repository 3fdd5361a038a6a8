/**
 * Whether a control that spends the reader's tokens or writes to their library was really in front of them when they
 * used it. A page can make our launcher (or the frame around the sidebar) transparent, cover it with a decoy that lets
 * clicks through, shrink it, or slide it under the pointer just before a click: the click is then the reader's, but
 * the control is not one they could see.
 *
 * Where the browser has IntersectionObserver v2 (Chromium), it reports for each control whether it is visible:
 * on screen, not covered by anything (pointer-events: none covers included), and with no opacity, filter, blend or
 * non-translation transform on it or any ancestor, across frames. A control is armed once it has been visible without
 * a break for `armingMs`, so a control revealed, or moved into view, just before a click is not armed yet.
 * Elsewhere (Firefox) no browser API can tell, so a control arms by time alone and callers must keep whatever it
 * spends behind a second, deliberate step.
 */

/** How long a control must have been in plain view before it acts: longer than a double click, shorter than reading it. */
export const armingMs = 500;

/** IntersectionObserver v2 reports at most this often; the browser's minimum. */
const reportEveryMs = 100;

/** unseen: hidden, covered, faded or off screen; arming: in view, not for long enough yet; armed: in view for armingMs. */
export type ControlState = 'unseen' | 'arming' | 'armed';

export interface VisibleControls {
  /** Whether this browser reports visibility at all; without it controls arm by time alone. */
  readonly confirmsVisibility: boolean;
  /** Starts watching; `onChange` hears every change of state, from the first. */
  watch(element: Element, onChange: (state: ControlState) => void): void;
  unwatch(element: Element): void;
  stateOf(element: Element): ControlState;
}

interface Watched {
  visibleSince?: number;
  state: ControlState;
  timer?: ReturnType<typeof setTimeout>;
  onChange(state: ControlState): void;
}

/** IntersectionObserver v2: `trackVisibility` in the options and `isVisible` on entries. */
export function browserConfirmsVisibility(): boolean {
  return typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;
}

type VisibilityObserverInit = IntersectionObserverInit & { trackVisibility: boolean; delay: number };
type VisibilityEntry = IntersectionObserverEntry & { isVisible: boolean };

export function watchVisibleControls({ now = () => performance.now() }: { now?: () => number } = {}): VisibleControls {
  const watched = new Map<Element, Watched>();
  const confirmsVisibility = browserConfirmsVisibility();

  const setState = (entry: Watched, state: ControlState) => {
    if (entry.state === state) return;
    entry.state = state;
    entry.onChange(state);
  };
  const seenAt = (entry: Watched, since: number) => {
    clearTimeout(entry.timer);
    entry.visibleSince = since;
    const waited = now() - since;
    if (waited >= armingMs) return setState(entry, 'armed');
    setState(entry, 'arming');
    entry.timer = setTimeout(() => setState(entry, 'armed'), armingMs - waited);
  };
  const lost = (entry: Watched) => {
    clearTimeout(entry.timer);
    entry.visibleSince = undefined;
    setState(entry, 'unseen');
  };

  const observer = confirmsVisibility
    ? new IntersectionObserver(
        (entries) => {
          for (const report of entries as VisibilityEntry[]) {
            const entry = watched.get(report.target);
            if (!entry) continue;
            if (!report.isVisible) lost(entry);
            // Still visible since an earlier report: the clock keeps running from then.
            else if (entry.visibleSince === undefined) seenAt(entry, report.time);
          }
        },
        { trackVisibility: true, delay: reportEveryMs } as VisibilityObserverInit,
      )
    : undefined;

  return {
    confirmsVisibility,
    watch(element, onChange) {
      const entry: Watched = { state: 'unseen', onChange };
      watched.set(element, entry);
      onChange('unseen');
      if (observer) observer.observe(element);
      else seenAt(entry, now());
    },
    unwatch(element) {
      const entry = watched.get(element);
      if (entry) clearTimeout(entry.timer);
      watched.delete(element);
      observer?.unobserve(element);
    },
    stateOf(element) {
      return watched.get(element)?.state ?? 'unseen';
    },
  };
}

/**
 * What IntersectionObserver v2 does not see, checked on the element and every ancestor up to the document, across
 * shadow roots: a mask that hides it, content-visibility: hidden, or a size too small to read (CSS zoom).
 * Undefined when the element is plainly shown; otherwise what hides it, for a test or a log line.
 */
export function hiddenByStyle(element: Element, minimumSize = { width: 16, height: 10 }): string | undefined {
  const box = element.getBoundingClientRect();
  if (box.width < minimumSize.width || box.height < minimumSize.height) return `shown at ${Math.round(box.width)}×${Math.round(box.height)} px`;
  for (let node: Element | null = element; node; node = node.parentElement ?? hostOf(node)) {
    const style = getComputedStyle(node);
    const mask = style.maskImage || style.getPropertyValue('-webkit-mask-image');
    if (mask && mask !== 'none') return `masked by ${node.localName}`;
    if (style.contentVisibility === 'hidden') return `content-visibility: hidden on ${node.localName}`;
  }
  return undefined;
}

function hostOf(node: Element): Element | null {
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}
