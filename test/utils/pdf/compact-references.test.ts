import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from '@/utils/llm/token-estimate';
import { compactReference, compactReferenceList } from '@/utils/pdf/compact-references';
import { extractPaper } from '@/utils/pdf/extract';
import { hasSharedFixtures, missingSharedFixtures, sharedFixturePath, skipNote } from '../../support/shared-fixtures';
import { configurePdfjsForNode } from '../../support/node-pdfjs';

/** Entries as the extraction parses them from the shared papers (Mooncake, Dapper, NAACL '06, Mesos). */
const entries = [
  {
    reference: { index: 7, text: '[7] Pratyush Patel, Esha Choukse, Chaojie Zhang, Aashaka Shah, Íñigo Goiri, Saeed Maleki, and Ricardo Bianchini. Splitwise: Efficient generative llm inference using phase splitting. In 2024 ACM/IEEE 51st Annual International Symposium on Computer Architecture (ISCA), pages 118–132. IEEE, 2024.', year: 2024 },
    compact: '[7] Patel et al. Splitwise: Efficient generative llm inference using phase splitting. ISCA 2024.',
  },
  {
    reference: { index: 10, text: '[10] J. Dean and S. Ghemawat. MapReduce: Simplified Data Processing on Large Clusters. In Proceedings of the 6th USENIX Symposium on Operating Systems Design and Implementation (OSDI’04), pages 137–150, December 2004.', year: 2004 },
    compact: '[10] Dean and Ghemawat. MapReduce: Simplified Data Processing on Large Clusters. OSDI 2004.',
  },
  {
    reference: { index: 4, text: 'Takaaki Hasegawa, Satoshi Sekine, and Ralph Grishman. 2004. Discovering relations among named entities from large corpora. In Proceedings of the Annual Meeting of Association of Computational Linguistics (ACL-04).', year: 2004 },
    compact: '[4] Hasegawa et al. Discovering relations among named entities from large corpora. ACL 2004.',
  },
  { reference: { index: 1, text: '[1] OpenAI. Introducing chatgpt. https://openai.com/ blog/chatgpt, 2022.', year: 2022 }, compact: '[1] OpenAI. Introducing chatgpt. 2022.' },
  { reference: { index: 2, text: '[2] Apache Hadoop. http://hadoop.apache.org.' }, compact: '[2] Apache Hadoop.' },
];

describe('compactReference', () => {
  it.each(entries)('$compact', ({ reference, compact }) => {
    expect(compactReference(reference)).toBe(compact);
  });

  it('cuts a long title after its opening words', () => {
    const long = { index: 3, text: '[3] A. Author. One two three four five six seven eight nine ten eleven. In SOSP, 2019.', year: 2019 };
    expect(compactReference(long)).toBe('[3] Author. One two three four five six seven eight… SOSP 2019.');
  });
});

describe.skipIf(!hasSharedFixtures)(`the compact list on real reference lists${skipNote(!hasSharedFixtures, missingSharedFixtures)}`, () => {
  it.each(['mooncake-fast25.pdf', 'pwl-mesos-nsdi11.pdf', 'pwl-dapper-google-tr-2010.pdf', 'pwl-tiered-replication-usenix-atc15.pdf'])(
    '%s: one line per entry, at most 60% of the raw list and about 25 tokens an entry',
    async (file) => {
      configurePdfjsForNode();
      const paper = await extractPaper(new Uint8Array(readFileSync(sharedFixturePath('pdfs', 'papers', file))), { pageTimeoutMs: 120_000, totalTimeoutMs: 300_000 });
      const compact = compactReferenceList(paper.references);
      const raw = paper.references.map((reference) => reference.text).join('\n');
      expect(compact.split('\n')).toHaveLength(paper.references.length);
      expect(estimateTokens(compact)).toBeLessThanOrEqual(0.6 * estimateTokens(raw));
      expect(estimateTokens(compact) / paper.references.length).toBeLessThanOrEqual(25);
    },
    300_000,
  );
});
