import { beforeAll, describe, expect, it } from 'vitest';
import { displayOperators, leaveOutMask, renderPage } from '@/utils/pdf/render';
import { OPS, openPdf } from '@/utils/pdf/pdfjs';
import { makePdf } from '../../support/pdf-builder';
import { configurePdfjsForNode } from '../../support/node-pdfjs';

beforeAll(() => configurePdfjsForNode());

const fill = [OPS.fill, [], null];
const clipOnly = [OPS.endPath, [], null];

describe('leaveOutMask: the operators a render can leave out', () => {
  it('leaves out a saved-state block whose only paint is skipped, and keeps one that still paints', () => {
    const fns = [OPS.save, OPS.transform, OPS.constructPath, OPS.constructPath, OPS.restore, OPS.save, OPS.constructPath, OPS.restore];
    const args = [null, [1, 0, 0, 1, 5, 5], clipOnly, fill, null, null, fill, null];
    const mask = leaveOutMask(fns, args, (op) => op === 3);
    expect([...mask]).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
  });

  it('keeps the block around a paint that is not skipped, and every block enclosing it', () => {
    const fns = [OPS.save, OPS.save, OPS.constructPath, OPS.restore, OPS.constructPath, OPS.restore];
    const mask = leaveOutMask(fns, [null, null, fill, null, fill, null], (op) => op === 2);
    // The inner block is empty once op 2 is skipped; the outer one still paints op 4.
    expect([...mask]).toEqual([0, 1, 1, 1, 0, 0]);
  });

  it('keeps a block that closes marked content opened before it, or that switches a soft mask', () => {
    const unbalanced = leaveOutMask([OPS.beginMarkedContentProps, OPS.save, OPS.endMarkedContent, OPS.constructPath, OPS.restore], [['OC', {}], null, null, fill, null], (op) => op === 3);
    expect([...unbalanced]).toEqual([0, 0, 0, 1, 0]);
    const softMask = leaveOutMask([OPS.save, OPS.setGState, OPS.constructPath, OPS.restore], [null, [[['SMask', false]]], fill, null], (op) => op === 2);
    expect([...softMask]).toEqual([0, 0, 1, 0]);
    // Positive control: the same block without the soft mask change is left out whole.
    const plain = leaveOutMask([OPS.save, OPS.setGState, OPS.constructPath, OPS.restore], [null, [[['ca', 0.5]]], fill, null], (op) => op === 2);
    expect([...plain]).toEqual([1, 1, 1, 1]);
  });

  it('on a real page, a render that leaves out far paint draws the same pixels as one that draws it', async () => {
    const bytes = await makePdf((page) => {
      page.rect(400, 600, 100, 100, [0, 0, 0]);
      page.rect(90, 95, 60, 20, [0.8, 0.8, 1]);
      page.text('Visible', { x: 100, y: 100, size: 12 });
    });
    const opened = openPdf(bytes);
    try {
      const pdf = await opened.document;
      const page = await pdf.getPage(1);
      const list = await displayOperators(pdf, page);
      const fills = [...list.fnArray.keys()].filter((op) => list.fnArray[op] === OPS.constructPath && (list.argsArray[op] as unknown[])[0] === OPS.fill);
      expect(fills).toHaveLength(2);
      const [far, near] = fills as [number, number];
      // The far rectangle's whole q … Q block goes, not just its fill.
      const mask = leaveOutMask(list.fnArray, list.argsArray, (op) => op === far);
      expect([...mask].filter((value) => value === 1).length).toBeGreaterThan(1);
      expect(mask[near]).toBe(0);
      const region: [number, number, number, number] = [80, 80, 200, 130];
      const drawn = await renderPage(pdf, page, { scale: 1, region });
      const leftOut = await renderPage(pdf, page, { scale: 1, region, skip: (op) => op === far });
      expect(Buffer.from(leftOut.pixels).equals(Buffer.from(drawn.pixels))).toBe(true);
      // Positive control: leaving out paint inside the region does change the pixels.
      const withoutBox = await renderPage(pdf, page, { scale: 1, region, skip: (op) => op === near });
      expect(Buffer.from(withoutBox.pixels).equals(Buffer.from(drawn.pixels))).toBe(false);
      page.cleanup();
    } finally {
      await opened.destroy();
    }
  });
});
