/**
 * Whether `npm run dev` can open a browser with the extension loaded. WXT's runner (web-ext) starts Chrome or
 * Firefox after the first build; without a display, or as root (Chromium refuses to start there without
 * --no-sandbox), that launch fails and takes the dev server down with it. No imports: wxt.config.ts runs this in Node.
 */
export type DevBrowserLaunch = { canLaunch: true } | { canLaunch: false; reason: string };

export function devBrowserLaunch(machine: { platform: string; env: Record<string, string | undefined>; uid?: number }): DevBrowserLaunch {
  if (machine.platform === 'linux' && !machine.env.DISPLAY && !machine.env.WAYLAND_DISPLAY) {
    return { canLaunch: false, reason: 'no display: DISPLAY and WAYLAND_DISPLAY are unset' };
  }
  if (machine.uid === 0) return { canLaunch: false, reason: 'running as root, where Chromium will not start without --no-sandbox' };
  return { canLaunch: true };
}

/** The one line `npm run dev` prints instead of opening a browser: where the build is, and how to load it by hand. */
export function loadByHandLine(browser: string, outDir: string, reason: string): string {
  const how =
    browser === 'firefox'
      ? 'about:debugging#/runtime/this-firefox → Load Temporary Add-on… → its manifest.json'
      : 'chrome://extensions → Developer mode → Load unpacked → that folder';
  return `No browser opened (${reason}). The extension is built in ${outDir} and rebuilt on every change; load it by hand: ${how}.`;
}
