import { describe, expect, it } from 'vitest';
import { planFigureRender, smallerImage, type RenderedFigure } from '@/utils/pdf/figure-render';

const region = (width: number, height: number) => ({ left: 50, bottom: 100, right: 50 + width, top: 100 + height });

describe('planFigureRender', () => {
  it('renders a column-wide plot at 150 dpi', () => {
    // 240 × 160 pt is 3⅓ × 2⅔ inches: 500 × 333 px at 150 dpi.
    expect(planFigureRender({ page: 4, region: region(240, 160) })).toMatchObject({ page: 4, scale: 150 / 72, widthPx: 500, heightPx: 333 });
  });

  it('scales a page-wide figure down so its long side is 1,024 px', () => {
    const plan = planFigureRender({ page: 2, region: region(500, 300) });
    expect(plan.widthPx).toBe(1024);
    expect(plan.heightPx).toBe(614);
    expect(plan.scale).toBeCloseTo(1024 / 500, 6);
  });

  it('caps a tall figure on its height, and never plans an empty image', () => {
    expect(planFigureRender({ page: 1, region: region(100, 700) })).toMatchObject({ heightPx: 1024, widthPx: 146 });
    expect(planFigureRender({ page: 1, region: region(0, 0) })).toMatchObject({ widthPx: 2, heightPx: 2 });
  });
});

describe('smallerImage', () => {
  const image = (type: RenderedFigure['type'], size: number): RenderedFigure => ({ type, bytes: new Uint8Array(size), widthPx: 10, heightPx: 10 });

  it('keeps whichever encoding is smaller', () => {
    expect(smallerImage([image('image/png', 900), image('image/jpeg', 400)]).type).toBe('image/jpeg');
    expect(smallerImage([image('image/png', 300), image('image/jpeg', 400)]).type).toBe('image/png');
  });

  it('refuses to choose from nothing', () => {
    expect(() => smallerImage([])).toThrow();
  });
});
