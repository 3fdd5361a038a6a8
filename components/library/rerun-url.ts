/**
 * The paper's page with a fragment asking the sidebar to run again with `model`.
 * TODO [2026-12-15]: the sidebar reads `#shedders-take-model=` on load (sidebar engineer's side).
 */
export function rerunUrl(pageUrl: string, model: string): string {
  const url = new URL(pageUrl);
  url.hash = `shedders-take-model=${encodeURIComponent(model)}`;
  return url.href;
}
