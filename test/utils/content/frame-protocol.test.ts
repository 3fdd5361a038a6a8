import { describe, expect, it } from 'vitest';
import { frameMessageTag, isFrameMessage, type FrameToHost, type HostToFrame } from '@/utils/content/frame-protocol';

describe('isFrameMessage', () => {
  it('accepts our messages of the expected types, with their fields checked', () => {
    expect(isFrameMessage<FrameToHost>({ tag: frameMessageTag, type: 'layout', width: 420, pushPage: true }, ['layout'])).toBe(true);
    expect(isFrameMessage<FrameToHost>({ tag: frameMessageTag, type: 'layout', pushPage: false }, ['layout'])).toBe(true);
    expect(isFrameMessage<HostToFrame>({ tag: frameMessageTag, type: 'resized', width: 512 }, ['resized'])).toBe(true);
    expect(isFrameMessage<FrameToHost>({ tag: frameMessageTag, type: 'close' }, ['close'])).toBe(true);
  });

  it.each([
    [{ tag: frameMessageTag, type: 'layout', width: 'wide', pushPage: true }],
    [{ tag: frameMessageTag, type: 'layout', width: 420 }],
    [{ tag: frameMessageTag, type: 'resized', width: Number.POSITIVE_INFINITY }],
    [{ tag: frameMessageTag, type: 'resized', width: -5 }],
    [{ tag: 'someone-else', type: 'close' }],
    [null],
  ])('refuses what the page could post: %j', (message) => {
    expect(isFrameMessage<FrameToHost | HostToFrame>(message, ['layout', 'resized', 'close'])).toBe(false);
  });

  it('refuses a type the receiver did not ask for', () => {
    expect(isFrameMessage<FrameToHost>({ tag: frameMessageTag, type: 'close' }, ['layout'])).toBe(false);
  });
});
