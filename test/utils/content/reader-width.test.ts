import { describe, expect, it } from 'vitest';
import { followReaderWidth } from '@/utils/content/reader-width';

describe('the width the reader set against the stored width coming back', () => {
  it('an earlier width echoed late does not undo the newer one; the newer one echoed, storage leads again', () => {
    const width = followReaderWidth();
    // The drag ends at 562 px, then an arrow key makes it 586 px; storage reports 562 only after the key press.
    width.chose(562);
    width.chose(586);
    expect(width.fromStorage(562)).toBe(586);
    expect(width.fromStorage(586)).toBe(586);
    // Control: now caught up, a width stored elsewhere (another tab) or the options page's reset is followed.
    expect(width.fromStorage(500)).toBe(500);
    expect(width.fromStorage(undefined)).toBeUndefined();
  });

  it('follows storage while the reader has set nothing here', () => {
    const width = followReaderWidth();
    expect(width.fromStorage(undefined)).toBeUndefined();
    expect(width.fromStorage(480)).toBe(480);
  });

  it('the stored width read before the reader moved the edge does not undo the move', () => {
    const width = followReaderWidth();
    width.chose(450);
    expect(width.fromStorage(undefined)).toBe(450);
    expect(width.fromStorage(450)).toBe(450);
  });
});
