import { describe, expect, it } from 'vitest';
import { estimateTokens } from '@/utils/llm/token-estimate';
import { fitToBudget, type BudgetPaper } from '@/utils/pdf/budget';
import type { PaperSection, Reference, SectionKind } from '@/utils/pdf/structure';

function section(heading: string, kind: SectionKind, page: number, characters: number): PaperSection {
  const text = 'x'.repeat(characters);
  return { heading, level: 1, page, kind, text, pageTexts: [{ page, text }] };
}

/** A 14-page paper: front matter, four body sections, related work, acknowledgements, references, appendix. */
const paper: BudgetPaper = {
  pageCount: 14,
  pagesRead: 14,
  sections: [
    section('', 'front', 1, 400),
    section('Abstract', 'abstract', 1, 800),
    section('1 Introduction', 'body', 2, 4000),
    section('2 Design', 'body', 4, 8000),
    section('3 Evaluation', 'body', 7, 8000),
    section('4 Related Work', 'related-work', 10, 4000),
    section('5 Conclusion', 'body', 11, 1200),
    section('Acknowledgements', 'acknowledgements', 11, 400),
    section('References', 'references', 12, 6000),
    section('A Proofs', 'appendix', 13, 9200),
  ],
};

function tokensOf(sections: PaperSection[]): number {
  return estimateTokens(fitToBudget({ ...paper, sections }, Number.MAX_SAFE_INTEGER).text);
}

describe('estimateTokens', () => {
  it('counts about four characters per token, rounding up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });
});

describe('fitToBudget', () => {
  it('leaves out a reference section it could not parse into entries, and says so', () => {
    const fitted = fitToBudget(paper, 1_000_000);
    expect(fitted.text).not.toContain('## References');
    expect(fitted.skipped.map((part) => part.heading)).toEqual(['References']);
    expect(fitted.summary).toBe('read pages 1–2, 4, 7, 10–11, 13 of 14; skipped the references');
  });

  it('marks every page so the model can cite it', () => {
    const fitted = fitToBudget(paper, 1_000_000);
    expect(fitted.text).toContain('## 2 Design\n[p. 4]\n');
    expect(fitted.includedPages).toEqual([1, 2, 4, 7, 10, 11, 13]);
  });

  it('drops the appendix first, then acknowledgements, then related work, then trailing body sections', () => {
    const withoutAppendix = paper.sections.filter((candidate) => candidate.kind !== 'appendix' && candidate.kind !== 'references');
    const justFits = tokensOf(withoutAppendix);
    expect(fitToBudget(paper, justFits).skipped.map((part) => part.heading)).toEqual(['References', 'A Proofs']);

    const withoutRelated = withoutAppendix.filter((candidate) => candidate.kind !== 'acknowledgements' && candidate.kind !== 'related-work');
    expect(fitToBudget(paper, tokensOf(withoutRelated)).skipped.map((part) => part.heading)).toEqual(['References', 'A Proofs', 'Acknowledgements', '4 Related Work']);

    const small = fitToBudget(paper, tokensOf(withoutRelated.filter((candidate) => !['5 Conclusion', '3 Evaluation'].includes(candidate.heading))));
    expect(small.skipped.map((part) => part.heading)).toEqual(['References', 'A Proofs', 'Acknowledgements', '4 Related Work', '5 Conclusion', '3 Evaluation']);
    expect(small.summary).toMatch(
      /^read pages 1–2, 4 of 14; skipped the appendix \(2,3\d\d tokens\), the acknowledgements \(1\d\d tokens\), related work \(1,0\d\d tokens\), section 5 Conclusion \(3\d\d tokens\), section 3 Evaluation \(2,0\d\d tokens\) and the references$/,
    );
    expect(small.includedPages).toEqual([1, 2, 4]);
  });

  it('cuts what still does not fit, visibly, and records the cut', () => {
    const fitted = fitToBudget(paper, 500);
    expect(estimateTokens(fitted.text)).toBeLessThanOrEqual(520);
    expect(fitted.text).toContain("[… cut here: the rest did not fit the model's budget]");
    expect(fitted.skipped.at(-1)).toMatchObject({ reason: 'cut at the token budget' });
    expect(fitted.summary).toMatch(/the end of the remaining text \(\d[\d,]* tokens\)/);
  });

  it('says when pages were never extracted', () => {
    expect(fitToBudget({ ...paper, pagesRead: 12 }, 1_000_000).summary).toContain('(pages after 12 were not extracted)');
  });

  describe('the compact reference list', () => {
    const references: Reference[] = [
      { index: 1, text: '[1] Gyeong-In Yu, Joo Seong Jeong, Geon-Woo Kim, and Byung-Gon Chun. Orca: A distributed serving system for transformer-based generative models. In 16th USENIX Symposium on Operating Systems Design and Implementation (OSDI 22), pages 521–538, 2022.', year: 2022 },
      { index: 2, text: '[2] Jeffrey Dean and Sanjay Ghemawat. MapReduce: Simplified data processing on large clusters. In OSDI, 2004.', year: 2004 },
    ];
    const withReferences: BudgetPaper = { ...paper, references };
    const listTokens = estimateTokens(fitToBudget(withReferences, Number.MAX_SAFE_INTEGER).text) - tokensOf(paper.sections.filter((candidate) => candidate.kind !== 'references'));

    it('goes after the body, one short line per work, and the summary says it was read', () => {
      const fitted = fitToBudget(withReferences, 1_000_000);
      expect(fitted.text.endsWith('## Reference list (compact: first author, title, venue, year)\n[1] Yu et al. Orca: A distributed serving system for transformer-based generative… OSDI 2022.\n[2] Dean and Ghemawat. MapReduce: Simplified data processing on large clusters. OSDI 2004.')).toBe(true);
      expect(fitted.text.indexOf('## Reference list')).toBeGreaterThan(fitted.text.indexOf('## A Proofs'));
      expect(fitted.referencesSent).toBe(2);
      expect(fitted.skipped).toEqual([]);
      expect(fitted.summary).toBe('read pages 1–2, 4, 7, 10–11, 13 of 14 and the reference list (2 entries)');
    });

    it('is dropped only after the appendix, the acknowledgements and related work, and before any body section', () => {
      const withoutRelated = paper.sections.filter((candidate) => !['appendix', 'references', 'acknowledgements', 'related-work'].includes(candidate.kind));
      const keepsList = fitToBudget(withReferences, tokensOf(withoutRelated) + listTokens + 5);
      expect(keepsList.referencesSent).toBe(2);
      expect(keepsList.skipped.map((part) => part.heading)).toEqual(['A Proofs', 'Acknowledgements', '4 Related Work']);

      const dropsList = fitToBudget(withReferences, tokensOf(withoutRelated));
      expect(dropsList.referencesSent).toBe(0);
      expect(dropsList.text).not.toContain('Reference list');
      expect(dropsList.skipped.map((part) => part.heading)).toEqual(['A Proofs', 'Acknowledgements', '4 Related Work', 'Reference list']);
      expect(dropsList.summary).toMatch(/; skipped the appendix \(.*\), the acknowledgements \(.*\), related work \(.*\) and the reference list \(\d+ tokens\)$/);
      expect(dropsList.text).toContain('## 5 Conclusion');
    });
  });
});

describe('fitToBudget: pages without a word on them', () => {
  it('says "read page 1 of 3 (pages 2–3 are blank)", not "read pages 1 of 3"', () => {
    const blank = {
      pageCount: 3,
      pagesRead: 3,
      sections: [section('', 'body', 1, 300)],
      pages: [
        { number: 1, text: 'x'.repeat(300) },
        { number: 2, text: '' },
        { number: 3, text: '  \n' },
      ],
    };
    expect(fitToBudget(blank, 10_000).summary).toBe('read page 1 of 3 (pages 2–3 are blank)');
    expect(fitToBudget({ ...blank, pages: blank.pages.slice(0, 2), pageCount: 2, pagesRead: 2 }, 10_000).summary).toBe('read page 1 of 2 (page 2 is blank)');
  });

  it('names a blank page only when it was read, and keeps the note on pages never extracted', () => {
    const partlyRead = { pageCount: 200, pagesRead: 2, sections: [section('', 'body', 1, 300)], pages: [{ number: 1, text: 'x' }, { number: 2, text: '' }] };
    expect(fitToBudget(partlyRead, 10_000).summary).toBe('read page 1 of 200 (page 2 is blank; pages after 2 were not extracted)');
  });
});
