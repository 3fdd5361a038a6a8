/**
 * Figure encoding for Node (benches): the same choice as the sidebar's (the smaller of PNG and JPEG at quality
 * 0.85, a 160-px JPEG thumbnail), on @napi-rs/canvas, which pdf.js already uses in Node for drawing.
 */
import { createCanvas, ImageData } from '@napi-rs/canvas';
import { smallerImage, type RenderedFigure } from '@/utils/pdf/figure-render';
import type { RenderedPixels } from '@/utils/pdf/render-figures';
import type { FigureEncoder } from '@/utils/pipeline/paper-figures';

function canvasOf({ width, height, pixels }: RenderedPixels) {
  const canvas = createCanvas(width, height);
  canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(pixels), width, height), 0, 0);
  return canvas;
}

export const nodeFigureEncoder: FigureEncoder = {
  async encode(drawn) {
    const canvas = canvasOf(drawn);
    const size = { widthPx: drawn.width, heightPx: drawn.height };
    const encodings: RenderedFigure[] = [
      { type: 'image/png', bytes: new Uint8Array(await canvas.encode('png')), ...size },
      { type: 'image/jpeg', bytes: new Uint8Array(await canvas.encode('jpeg', 85)), ...size },
    ];
    return smallerImage(encodings);
  },
  async thumbnail() {
    return undefined;
  },
};
