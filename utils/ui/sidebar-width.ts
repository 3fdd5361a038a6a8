/**
 * How wide the sidebar may be. Apart from the stored appearance so the content script, which sizes the sidebar,
 * carries no storage code: it is loaded on every matched page.
 */

/** Narrower than this, the take's lines get too short to read; wider, the page behind has no room left. */
export const sidebarWidthLimits = { min: 320, max: 820, pageKeeps: 360 } as const;

/** A width the sidebar may take in a window this wide: never under the minimum, and the page keeps some room. */
export function clampSidebarWidth(width: number, viewportWidth: number): number {
  const max = Math.max(sidebarWidthLimits.min, Math.min(sidebarWidthLimits.max, viewportWidth - sidebarWidthLimits.pageKeeps));
  return Math.round(Math.min(max, Math.max(sidebarWidthLimits.min, width)));
}
