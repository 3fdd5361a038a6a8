/**
 * Turns drawn figure pixels into files: the image sent to the model (PNG or JPEG, whichever is smaller) and a
 * small JPEG thumbnail for the sidebar's strip and the saved take. Needs OffscreenCanvas (the sidebar has it).
 */
import { smallerImage, type FigureImageType, type RenderedFigure } from './figure-render';
import type { RenderedPixels } from './render-figures';
import { maxSavedThumbnailChars } from '@/utils/storage/take-schema';

/** Long side of a thumbnail: enough to recognise a plot, a few kilobytes as JPEG. */
export const thumbnailLongSidePx = 160;

function canvasOf({ width, height, pixels }: RenderedPixels): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.putImageData(new ImageData(new Uint8ClampedArray(pixels), width, height), 0, 0);
  return canvas;
}

async function encode(canvas: OffscreenCanvas, type: FigureImageType, quality?: number): Promise<Uint8Array> {
  const blob = await canvas.convertToBlob(quality === undefined ? { type } : { type, quality });
  return new Uint8Array(await blob.arrayBuffer());
}

/** The smaller of PNG and JPEG (quality 0.85 keeps axis labels sharp enough to read). */
export async function encodeFigure(drawn: RenderedPixels): Promise<RenderedFigure> {
  const canvas = canvasOf(drawn);
  const [png, jpeg] = await Promise.all([encode(canvas, 'image/png'), encode(canvas, 'image/jpeg', 0.85)]);
  const size = { widthPx: drawn.width, heightPx: drawn.height };
  return smallerImage([
    { type: 'image/png', bytes: png, ...size },
    { type: 'image/jpeg', bytes: jpeg, ...size },
  ]);
}

/** A JPEG data URL at most `thumbnailLongSidePx` on its long side; undefined when it would still be too large to keep. */
export async function thumbnailOf(drawn: RenderedPixels): Promise<string | undefined> {
  const scale = Math.min(1, thumbnailLongSidePx / Math.max(drawn.width, drawn.height));
  const [width, height] = [Math.max(1, Math.round(drawn.width * scale)), Math.max(1, Math.round(drawn.height * scale))];
  const small = new OffscreenCanvas(width, height);
  const context = small.getContext('2d');
  if (!context) return undefined;
  context.drawImage(canvasOf(drawn), 0, 0, width, height);
  const url = toDataUrl('image/jpeg', await encode(small, 'image/jpeg', 0.7));
  return url.length <= maxSavedThumbnailChars ? url : undefined;
}

export function toDataUrl(type: string, bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return `data:${type};base64,${btoa(binary)}`;
}
