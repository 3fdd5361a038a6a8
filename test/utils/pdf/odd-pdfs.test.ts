import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfReadError, extractPaper, type PdfReadErrorKind } from '@/utils/pdf/extract';
import { hasSharedFixtures, missingSharedFixtures, sharedFixturePath, skipNote } from '../../support/shared-fixtures';
import { configurePdfjsForNode } from '../../support/node-pdfjs';

type Outcome = { text: string; pagesRead?: number } | { error: PdfReadErrorKind };

/**
 * What each odd file must end in, decided by reading it with pdftotext/pdfinfo and PASSWORDS.md.
 * `text` is a piece of the clean text that must be there.
 */
const expected: Record<string, Outcome> = {
  'deepspeed-sc22-ds-inference-slides.pdf': { text: 'DeepSpeed Inference' },
  // Render mode 3 with no image under it: reported as hidden, the visible line stays.
  'docling-invisible_text_layer.pdf': { text: 'Visible heading line' },
  'docling-normal_4pages.pdf': { text: '국회입법조사처' },
  'pdfjs-90ms_rksj_h_sample.pdf': { text: '日本語テスト' },
  'pdfjs-ArabicCIDTrueType.pdf': { text: 'اﻟﻌﺮﺑﻴﺔ' },
  'pdfjs-GHOSTSCRIPT-698804-1-fuzzed.pdf': { error: 'empty' },
  'pdfjs-PDFBOX-3148-2-fuzzed.pdf': { error: 'empty' },
  // Its page tree loops: page 1 reads, page 2 is skipped with a note.
  'pdfjs-Pages-tree-refs.pdf': { text: 'Pages loop' },
  'pdfjs-REDHAT-1531897-0.pdf': { error: 'damaged' },
  'pdfjs-TrueType_without_cmap.pdf': { text: '’>in' },
  'pdfjs-Type3WordSpacing.pdf': { text: 'ab ba abba' },
  'pdfjs-XiaoBiaoSong.pdf': { text: '关于红军作战的原则' },
  'pdfjs-bomb_giant.pdf': { text: 'GIANT JBIG2 BOMB' },
  'pdfjs-chrome-text-selection-markedContent.pdf': { text: 'EUR 8.00 target price' },
  'pdfjs-copy_paste_ligatures.pdf': { text: 'abcdeffffiflffiffl' },
  'pdfjs-empty.pdf': { error: 'empty' },
  // Permission restrictions only (empty user password): it opens, and has no text.
  'pdfjs-empty_protected.pdf': { error: 'empty' },
  'pdfjs-freeculture.pdf': { text: 'FREE CULTURE', pagesRead: 150 },
  'pdfjs-helloworld-bad.pdf': { text: 'Hello, world!' },
  'pdfjs-noembed-eucjp.pdf': { text: 'あいうえお' },
  'pdfjs-noembed-identity.pdf': { text: 'ABC あいうえお 123' },
  'pdfjs-noembed-sjis.pdf': { text: 'あいうえお' },
  'pdfjs-poppler-395-0-fuzzed.pdf': { error: 'damaged' },
  'pdfjs-print_protection.pdf': { error: 'password' },
  'pdfjs-saslprep-r6.pdf': { error: 'password' },
  'pdfjs-scan-bad.pdf': { text: 'pdf.js' },
  // A custom security handler pdf.js does not implement: it opens but yields no text (poppler reads "Security Handler").
  'pdfjs-secHandler.pdf': { error: 'empty' },
  'pdfjs-simpletype3font.pdf': { text: 'ababab' },
  'pdfjs-xref_command_missing.pdf': { text: 'Reduced test-case' },
  'pdfminer-contrib_issue-886-xref-stream-widths.pdf': { text: 'Hello' },
  'pdfminer-contrib_matplotlib.pdf': { text: '8' },
  'pdfminer-encryption_rc4-40.pdf': { error: 'password' },
  'pdfminer-nonfree_kampo.pdf': { text: '金曜日' },
  // The whole page is turned a quarter: read in its own frame.
  'pdfminer-zen_of_python_corrupted.pdf': { text: 'Beautiful is better than ugly. Explicit is better than implicit.' },
};

/** Every file must settle well within this, the decompression bomb included. */
const perFileLimitMs = 60_000;

const files = hasSharedFixtures ? readdirSync(sharedFixturePath('pdfs', 'odd')).filter((name) => name.endsWith('.pdf')) : [];

describe.skipIf(!hasSharedFixtures)(`odd PDFs end in text or a typed error${skipNote(!hasSharedFixtures, missingSharedFixtures)}`, () => {
  beforeAll(() => configurePdfjsForNode());

  it('has an expectation for every file', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(files)('%s', async (name) => {
    const bytes = new Uint8Array(readFileSync(sharedFixturePath('pdfs', 'odd', name)));
    // extractPaper's own page and total budgets end every file; one that ran past them would time this test out.
    const outcome = await extractPaper(bytes, { pageTimeoutMs: perFileLimitMs / 2, totalTimeoutMs: perFileLimitMs }).then(
      (paper) => ({ paper }),
      (error: unknown) => ({ error }),
    );
    const want = expected[name]!;
    if ('error' in want) {
      expect('error' in outcome && outcome.error).toBeInstanceOf(PdfReadError);
      const error = (outcome as { error: PdfReadError }).error;
      expect(error.kind).toBe(want.error);
      expect(error.message.length).toBeGreaterThan(20);
    } else {
      expect('paper' in outcome, `failed: ${'error' in outcome ? String(outcome.error) : ''}`).toBe(true);
      const paper = (outcome as { paper: Awaited<ReturnType<typeof extractPaper>> }).paper;
      expect(paper.pages.map((page) => page.text).join('\n')).toContain(want.text);
      if (want.pagesRead) {
        expect(paper.pagesRead).toBe(want.pagesRead);
        expect(paper.notes.join(' ')).toContain(`only the first ${want.pagesRead} were read`);
      }
    }
  }, perFileLimitMs * 2);
});
