import { describe, expect, it } from 'vitest';
import { clampSidebarWidth, sidebarWidthLimits } from '@/utils/ui/sidebar-width';

describe('clampSidebarWidth', () => {
  it('never goes under the minimum, and leaves the page room in a small window', () => {
    expect(clampSidebarWidth(100, 1440)).toBe(sidebarWidthLimits.min);
    expect(clampSidebarWidth(5000, 1440)).toBe(sidebarWidthLimits.max);
    expect(clampSidebarWidth(900, 1024)).toBe(1024 - sidebarWidthLimits.pageKeeps);
    expect(clampSidebarWidth(450.6, 1440)).toBe(451);
    // A window narrower than both: the sidebar keeps its readable minimum.
    expect(clampSidebarWidth(400, 500)).toBe(sidebarWidthLimits.min);
  });
});
