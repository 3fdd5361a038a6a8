import { describe, expect, it } from 'vitest';
import { frameMessageTag, isFrameMessage, postGrant, readGrant, type FrameToHost, type HostToFrame } from '@/utils/content/frame-protocol';

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

describe('the grant and its port', () => {
  it('posts the grant for the extension origin alone, with a port whose other end the host keeps', async () => {
    const posted: { message: unknown; origin: string; ports: MessagePort[] }[] = [];
    const frame = { postMessage: (message: unknown, origin: string, ports: MessagePort[]) => posted.push({ message, origin, ports }) } as unknown as Window;
    const hostPort = postGrant(frame, 'chrome-extension://ours', 'token-1');
    expect(posted).toHaveLength(1);
    const [{ message, origin, ports }] = posted as [(typeof posted)[number]];
    expect(origin).toBe('chrome-extension://ours');
    const offered = readGrant(new MessageEvent('message', { data: message, ports }));
    expect(offered?.token).toBe('token-1');
    // What the host sends on its end arrives at the frame's end, and nowhere else.
    const arrived = new Promise((resolve) => (offered!.port.onmessage = (event) => resolve(event.data)));
    hostPort.postMessage({ tag: frameMessageTag, type: 'resized', width: 480 });
    expect(await arrived).toEqual({ tag: frameMessageTag, type: 'resized', width: 480 });
    hostPort.close();
  });

  it('takes no grant without exactly one port, nor a port without a well-formed grant', () => {
    const one = new MessageChannel();
    const two = new MessageChannel();
    const grant = { tag: frameMessageTag, type: 'grant', token: 'token-1' };
    expect(readGrant(new MessageEvent('message', { data: grant }))).toBeUndefined();
    expect(readGrant(new MessageEvent('message', { data: grant, ports: [one.port1, two.port1] }))).toBeUndefined();
    expect(readGrant(new MessageEvent('message', { data: { ...grant, token: 'x'.repeat(101) }, ports: [one.port1] }))).toBeUndefined();
    expect(readGrant(new MessageEvent('message', { data: { tag: frameMessageTag, type: 'resized', width: 480 }, ports: [one.port1] }))).toBeUndefined();
    // Control: the same grant with one port is taken.
    expect(readGrant(new MessageEvent('message', { data: grant, ports: [one.port1] }))?.port).toBe(one.port1);
    for (const port of [one.port1, one.port2, two.port1, two.port2]) port.close();
  });
});
