import { describe, expect, it } from 'vitest';
import { devBrowserLaunch, loadByHandLine } from '@/utils/dev-browser';

describe('npm run dev: open a browser, or say where the build is', () => {
  it('opens one where there is a display and no root', () => {
    expect(devBrowserLaunch({ platform: 'linux', env: { DISPLAY: ':0' }, uid: 1000 })).toEqual({ canLaunch: true });
    expect(devBrowserLaunch({ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' }, uid: 1000 })).toEqual({ canLaunch: true });
    expect(devBrowserLaunch({ platform: 'darwin', env: {}, uid: 501 })).toEqual({ canLaunch: true });
    expect(devBrowserLaunch({ platform: 'win32', env: {} })).toEqual({ canLaunch: true });
  });

  it('skips the launch on a Linux machine without a display, and as root', () => {
    expect(devBrowserLaunch({ platform: 'linux', env: {}, uid: 1000 })).toMatchObject({ canLaunch: false, reason: expect.stringMatching(/no display/) });
    expect(devBrowserLaunch({ platform: 'linux', env: { DISPLAY: ':0' }, uid: 0 })).toMatchObject({ canLaunch: false, reason: expect.stringMatching(/root/) });
  });

  it('says in one line where the build is and how to load it, per browser', () => {
    const chrome = loadByHandLine('chrome', '/repo/.output/chrome-mv3-dev', 'no display');
    expect(chrome).toMatch(/\/repo\/\.output\/chrome-mv3-dev.*chrome:\/\/extensions.*Load unpacked/);
    expect(chrome).not.toContain('\n');
    expect(loadByHandLine('firefox', '/repo/.output/firefox-mv3-dev', 'no display')).toMatch(/about:debugging.*Load Temporary Add-on/);
  });
});
