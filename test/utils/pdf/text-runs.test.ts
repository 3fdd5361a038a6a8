/**
 * The page's text is now assembled from the operator list the hidden-text scan walks, instead of a second parse
 * with getTextContent. What reaches the prompt must not change: every PDF here is read both ways (the assembly
 * switched off sends each page down the getTextContent path, the one kept for pages the assembly cannot read) and
 * the final text, title, sections, references and hidden-text findings are compared.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { PDFName, PDFHexString } from 'pdf-lib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { extractPaper, type ExtractedPaper } from '@/utils/pdf/extract';
import { configurePdfjsForNode } from '../../support/node-pdfjs';
import { makeHiddenTextPdfs } from '../../support/make-hidden-text-pdfs';
import { makeVisibleTextPdfs } from '../../support/make-visible-text-pdfs';
import { makeEvaluationPaperPdf, makeTwoColumnFigurePdf } from '../../support/make-figure-pdfs';
import { makePdf } from '../../support/pdf-builder';
import { hasSharedFixtures, missingSharedFixtures, sharedFixturePath, skipNote } from '../../support/shared-fixtures';

const assembly = vi.hoisted(() => ({ enabled: true, pagesAssembled: 0 }));
vi.mock('@/utils/pdf/text-runs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/utils/pdf/text-runs')>();
  return {
    ...actual,
    assembleTextRuns: (...args: Parameters<typeof actual.assembleTextRuns>) => {
      if (!assembly.enabled) return undefined;
      const runs = actual.assembleTextRuns(...args);
      if (runs) assembly.pagesAssembled++;
      return runs;
    },
  };
});

/** What the prompt is built from, as comparable text. */
function promptView(paper: ExtractedPaper): string[] {
  return [
    `title: ${paper.title ?? ''}`,
    ...paper.pages.map((page) => `page ${page.number}: ${page.text}`),
    ...paper.sections.map((section) => `section ${section.level} ${section.heading}`),
    ...paper.references.map((reference) => `reference ${reference.text}`),
    ...paper.hiddenText.map((entry) => `hidden p${entry.page} ${entry.technique}: ${entry.text}`),
    `unchecked: ${paper.uncheckedPages.join(',')}`,
    `raw words: ${paper.rawWordCount}`,
  ];
}

const generous = { pageTimeoutMs: 120_000, totalTimeoutMs: 300_000, scanBudgetMs: 120_000 };

async function bothWays(bytes: Uint8Array): Promise<{ assembled: string[]; read: string[]; pagesAssembled: number }> {
  assembly.enabled = true;
  const before = assembly.pagesAssembled;
  const assembled = promptView(await extractPaper(bytes.slice(), generous));
  const pagesAssembled = assembly.pagesAssembled - before;
  assembly.enabled = false;
  try {
    return { assembled, read: promptView(await extractPaper(bytes.slice(), generous)), pagesAssembled };
  } finally {
    assembly.enabled = true;
  }
}

/** Words of `a` that `b` lacks, counting repeats. */
function wordsMissing(a: string, b: string): string[] {
  const left = new Map<string, number>();
  for (const word of b.split(/\s+/)) left.set(word, (left.get(word) ?? 0) + 1);
  return a.split(/\s+/).filter((word) => {
    const count = left.get(word) ?? 0;
    if (count > 0) left.set(word, count - 1);
    return count === 0;
  });
}

/** Where the two readings differ: for a page, the words only one way has; for any other line, the line. */
function differences({ assembled, read }: { assembled: string[]; read: string[] }): string[] {
  const found: string[] = [];
  assembled.forEach((line, index) => {
    const other = read[index] ?? '';
    if (line === other) return;
    if (line.startsWith('page ') && other.startsWith('page ')) {
      const onlyAssembled = wordsMissing(line, other);
      const onlyRead = wordsMissing(other, line);
      if (onlyAssembled.length > 0) found.push(`${line.split(':')[0]} assembled only: ${onlyAssembled.join(' ')}`);
      if (onlyRead.length > 0) found.push(`${line.split(':')[0]} getTextContent only: ${onlyRead.join(' ')}`);
      // Same words in another order is a difference too.
      if (onlyAssembled.length === 0 && onlyRead.length === 0) found.push(`${line.split(':')[0]} word order differs`);
    } else {
      found.push(`assembled> ${line}`, `getTextContent> ${other}`);
    }
  });
  for (const line of read.slice(assembled.length)) found.push(`getTextContent> ${line}`);
  return found;
}

beforeAll(() => configurePdfjsForNode());

describe('text runs from the operator list', () => {
  it('give the same prompt as getTextContent on the generated hidden-text, precision and figure corpora', async () => {
    const hidden = await makeHiddenTextPdfs();
    const visible = await makeVisibleTextPdfs();
    const pdfs: [string, Uint8Array][] = [
      ...hidden.map((entry): [string, Uint8Array] => [`hidden ${entry.name}${entry.variant ? ` ${entry.variant}` : ''}`, entry.bytes]),
      ...visible.flatMap((entry): [string, Uint8Array][] => [[`visible ${entry.name}`, entry.bytes], [`visible twin ${entry.name}`, entry.twin]]),
      ['figure two-column', await makeTwoColumnFigurePdf()],
      ['figure evaluation paper', await makeEvaluationPaperPdf()],
    ];
    const found: string[] = [];
    let pagesAssembled = 0;
    for (const [name, bytes] of pdfs) {
      const result = await bothWays(bytes);
      pagesAssembled += result.pagesAssembled;
      found.push(...differences(result).map((line) => `${name}: ${line}`));
    }
    expect(found).toEqual([]);
    // The comparison means something only if the assembly really read those pages.
    expect(pagesAssembled).toBeGreaterThanOrEqual(pdfs.length);
  }, 600_000);

  it('reproduce getTextContent on text set with spacing, scaling, rise, turns, ligatures, accents and Type 3 fonts', async () => {
    const bytes = await makePdf((page) => {
      const ligatures = page.mappedFont({ 0x41: '\ufb01', 0x42: '\ufb02', 0x43: 'e', 0x44: '\u0301', 0x45: 'n', 0x46: 'd' });
      const blank = page.blankType3Font('Type three');
      const hex = (text: string) => PDFHexString.of(Buffer.from(text, 'latin1').toString('hex'));
      // pdf-lib's operand types leave out arrays, which TJ takes.
      const show = (font: PDFName, size: number, ...ops: [string, ...unknown[]][]) => page.ops(['BT'], ['Tf', font, size], ...(ops as [string, ...never[]][]), ['ET']);
      const regular = page.page.node.newFontDictionary(page.font().name, page.font().ref);
      show(regular, 12, ['Td', 72, 720], ['Tz', 60], ['Tj', hex('Squeezed words stay apart')]);
      show(regular, 12, ['Td', 72, 700], ['Tc', 1.5], ['Tw', 4], ['Tj', hex('Tracked and word spaced text')]);
      show(regular, 12, ['Td', 72, 680], ['Tj', hex('Energy E = mc')], ['Ts', 5], ['Tf', regular, 8], ['Tj', hex('2')], ['Ts', 0], ['Tf', regular, 12], ['Tj', hex(' holds')]);
      show(regular, 12, ['Td', 72, 660], ['TJ', page.doc.context.obj([hex('Kerned'), -120, hex('gap'), -900, hex('wide gap'), -3000, hex('far away')])]);
      show(regular, 12, ['Tm', 0, 1, -1, 0, 560, 300], ['Tj', hex('Turned text reads upwards')]);
      show(regular, 12, ['Tm', -1, 0, 0, -1, 400, 120], ['Tj', hex('Upside down')]);
      show(ligatures, 12, ['Td', 72, 640], ['Tj', hex('ACEDBD')]);
      show(blank, 12, ['Td', 72, 620], ['Tj', hex('Type three')]);
      show(regular, 12, ['Td', 72, 600], ['Tj', hex('Saved')], ['q'], ['Tc', 3], ['Tj', hex(' inside')], ['Q'], ['Tj', hex(' restored')]);
      show(regular, 12, ['Td', 72, 580], ['Tj', hex('First line')], ['TL', 14], ['T*'], ['Tj', hex('Next line')], ["'", hex('Quoted line')]);
    });
    const result = await bothWays(bytes);
    expect(result.pagesAssembled).toBe(1);
    expect(differences(result)).toEqual([]);
    // The case must exercise what it names: the squeezed, turned and ligature lines reach the text.
    expect(result.assembled.join('\n')).toMatch(/Squeezed words stay apart/);
    expect(result.assembled.join('\n')).toMatch(/fi/);
  }, 120_000);
});

const papers = hasSharedFixtures ? readdirSync(sharedFixturePath('pdfs', 'papers')).filter((name) => name.endsWith('.pdf')) : [];

/**
 * Where the two ways differ on the shared papers, and why the assembled text is no worse. Keyed by paper; each
 * entry is a line only one way produces.
 */
const knownDifferences: Record<string, string[]> = {
  // Figure 5's node labels sit in a form after an inline CCITT image that pdf.js fails to decode; its operator list
  // stops there, so pdf.js draws none of them and the hidden-text scan never saw them (they used to reach the prompt
  // unjudged). Fifteen label words of one diagram; the caption and the body text that names the same entities stay.
  'naacl06-shinyama.pdf': [
    'page 5 getTextContent only: ’s SUFFIX Louisiana T-POS Katrina coast GPE+T-POS:coast SBJ OBJ PER+SBJ:hit-OBJ:coast PER+SBJ:hit hit',
    'assembled> raw words: 4878',
    'getTextContent> raw words: 4893',
  ],
  // getTextContent keeps measuring the figure caption with the previous font when the caption's font has the same
  // resource name and size, and cuts words apart ("M TTF", "R eplication"); the operator list names the font drawn.
  'pwl-tiered-replication-usenix-atc15.pdf': [
    'page 8 assembled only: width MTTF Replication',
    'page 8 getTextContent only: M TTF eplication w idth R',
    'assembled> raw words: 10589',
    'getTextContent> raw words: 10593',
  ],
};

describe.skipIf(!hasSharedFixtures)(`text runs from the operator list on real papers${skipNote(!hasSharedFixtures, missingSharedFixtures)}`, () => {
  it.each(papers)('%s gives the same prompt both ways, or a listed difference', async (name) => {
    const result = await bothWays(new Uint8Array(readFileSync(sharedFixturePath('pdfs', 'papers', name))));
    expect(result.pagesAssembled).toBeGreaterThan(0);
    expect(differences(result)).toEqual(knownDifferences[name] ?? []);
  }, 600_000);
});
