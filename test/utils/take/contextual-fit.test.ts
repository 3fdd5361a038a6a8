import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { extractPaper } from '@/utils/pdf/extract';
import { citedAndNot, checkContextualFit, type ReferenceEntry } from '@/utils/take/contextual-fit';
import { configurePdfjsForNode } from '../../support/node-pdfjs';
import { hasSharedFixtures, missingSharedFixtures, sharedFixturePath, skipNote } from '../../support/shared-fixtures';
import { canReadRealPaper, cannotReadRealPaper, realPages, realReferences } from '../../support/real-paper';

/** Real titles of the persona's works, as reference lists cite them. */
const references: ReferenceEntry[] = [
  { index: 12, text: 'S. Kanev, J. P. Darago, K. Hazelwood, P. Ranganathan, T. Moseley, G.-Y. Wei, and D. Brooks. Profiling a warehouse-scale computer. In ISCA, 2015.', title: 'Profiling a warehouse-scale computer', year: 2015 },
  { index: 20, text: 'W. Kwon, Z. Li, S. Zhuang, et al. Efficient Memory Management for Large Language Model Serving with PagedAttention. In SOSP, 2023.', year: 2023 },
  { index: 31, text: 'G. Yu, P. Yu, et al. Orca: A Distributed Serving System for Transformer-Based Generative Models. In OSDI, 2022.' },
  { index: 40, text: 'J. Dean and L. A. Barroso. The tail at scale. Communications of the ACM, 56(2), 2013.' },
];

describe('checkContextualFit', () => {
  const take = `Compared with vLLM's batching and Google's "Profiling a Warehouse-Scale Computer", this is thin.
They echo "The Tail at Scale" and Dean et al., but ignore "Borg, Omega, and Kubernetes" and Verma et al. entirely.`;
  const checks = checkContextualFit(take, references);

  it('reports every persona work, whether the take mentions it and whether the paper cites it', () => {
    expect(checks.filter((check) => check.named === 'persona').map(({ work, mentionedInTake, inReferences, reference }) => [work, mentionedInTake, inReferences, reference?.index])).toEqual([
      ['Profiling a Warehouse-Scale Computer', true, true, 12],
      ['DeathStarBench', false, false, undefined],
      ['Orca', false, true, 31],
      ['vLLM (PagedAttention)', true, true, 20],
      ['Seer', false, false, undefined],
    ]);
  });

  it('adds the works the take names by quoted title or "et al.", without repeating persona works', () => {
    expect(checks.filter((check) => check.named === 'take').map(({ work, inReferences, reference }) => [work, inReferences, reference?.index])).toEqual([
      ['The Tail at Scale', true, 40],
      ['Borg, Omega, and Kubernetes', false, undefined],
      ['Dean et al.', true, 40],
      ['Verma et al.', false, undefined],
    ]);
  });

  it('does not take quoted evidence with a page for a title', () => {
    const withEvidence = checkContextualFit('"We Replay The Trace On A Testbed" (p. 3)', references);
    expect(withEvidence.filter((check) => check.named === 'take')).toEqual([]);
  });
});

describe.skipIf(!canReadRealPaper)(`checkContextualFit on a real reference list (Mesos, NSDI '11)${skipNote(!canReadRealPaper, cannotReadRealPaper)}`, () => {
  it('finds cited works by title and author, and none of the persona works', () => {
    const realRefs = realReferences(realPages());
    expect(realRefs.length).toBeGreaterThan(20);
    const take = 'Mesos builds on "Dominant Resource Fairness: Fair Allocation of Multiple Resource Types" and Engler et al., and predates "Large-scale cluster management at Google with Borg".';
    const checks = checkContextualFit(take, realRefs);
    expect(checks.filter((check) => check.named === 'persona').every((check) => !check.inReferences)).toBe(true);
    expect(checks.filter((check) => check.named === 'take').map(({ work, reference }) => [work, reference?.index])).toEqual([
      ['Dominant Resource Fairness: Fair Allocation of Multiple Resource Types', 21],
      ['Large-scale cluster management at Google with Borg', undefined],
      ['Engler et al.', 20],
    ]);
  });
});

describe('checkContextualFit: works the take names by their system names', () => {
  const serving: ReferenceEntry[] = [
    { index: 7, text: '[7] Pratyush Patel et al. Splitwise: Efficient generative llm inference using phase splitting. In ISCA, 2024.', year: 2024 },
    { index: 8, text: '[8] Yinmin Zhong et al. DistServe: Disaggregating prefill and decoding for goodput-optimized large language model serving. In OSDI, 2024.', year: 2024 },
    { index: 17, text: '[17] Lianmin Zheng et al. Efficiently programming large language models using SGLang. arXiv, 2023.', year: 2023 },
  ];
  const paperText = 'Mooncake serves Kimi. The KVCache pool of Mooncake, the Conductor of Mooncake, Mooncake Store and the Mooncake transfer engine. We compare with vLLM.';
  const take = `Mooncake's KVCache pool is DistServe with a bigger disk. It cites Splitwise (ISCA '24) and SGLang, but never Llumnix (OSDI '24) or TetriInfer, and its
prototype runs on 8 GiB of JavaScript glue.`;
  const checks = checkContextualFit(take, serving, { paperTitle: 'Mooncake: A KVCache-centric Architecture for Serving LLM Chatbot', paperText });

  it('reports each named system once, cited or not', () => {
    expect(checks.filter((check) => check.named === 'take').map(({ work, inReferences, reference }) => [work, inReferences, reference?.index])).toEqual([
      ['Splitwise', true, 7],
      ['Llumnix', false, undefined],
      ['DistServe', true, 8],
      ['SGLang', true, 17],
      ['TetriInfer', false, undefined],
    ]);
  });

  it("leaves out the paper's own names, units and products", () => {
    const works = checks.map((check) => check.work);
    for (const notAWork of ['Mooncake', 'KVCache', 'GiB', 'JavaScript']) expect(works).not.toContain(notAWork);
  });

  it('takes no name from a run of letters longer than any system name (a hostile answer’s unbroken word)', () => {
    const hostile = checkContextualFit(`A word no line can hold: Unbroken${'W'.repeat(30_000)} and FlexGen.`, serving);
    expect(hostile.filter((check) => check.named === 'take').map((check) => check.work)).toEqual(['FlexGen']);
  });

  it('splits what the take names into cited and not cited', () => {
    expect(citedAndNot(checks)).toEqual({ cited: ['Splitwise', 'DistServe', 'SGLang'], notCited: ['Llumnix', 'TetriInfer'] });
  });

  it('takes a name the paper uses throughout without citing it for its own, even when its title does not say it', () => {
    const own = checkContextualFit('TraceMonkey beats SquirrelFish on SunSpider.', [], { paperText: 'TraceMonkey records. TraceMonkey compiles. TraceMonkey traces. TraceMonkey runs. TraceMonkey wins. SunSpider.' });
    expect(own.filter((check) => check.named === 'take').map((check) => check.work)).toEqual(['SquirrelFish', 'SunSpider']);
  });
});

describe.skipIf(!hasSharedFixtures)(`checkContextualFit on Mooncake's real references and text${skipNote(!hasSharedFixtures, missingSharedFixtures)}`, () => {
  it('finds the serving systems Mooncake cites, and names the ones it does not', async () => {
    configurePdfjsForNode();
    const paper = await extractPaper(new Uint8Array(readFileSync(sharedFixturePath('pdfs', 'papers', 'mooncake-fast25.pdf'))), { pageTimeoutMs: 120_000, totalTimeoutMs: 300_000 });
    const take = 'Against DistServe, Splitwise and Sarathi-Serve the KVCache pool looks familiar; FlexGen and LoongServe are cited, Llumnix (OSDI 2024), AlpaServe and Cross-Region caching are not.';
    const checks = checkContextualFit(take, paper.references, { paperTitle: paper.title, paperText: paper.pages.map((page) => page.text).join('\n') });
    expect(citedAndNot(checks)).toEqual({ cited: ['DistServe', 'FlexGen', 'LoongServe', 'Sarathi-Serve'], notCited: ['Llumnix', 'AlpaServe'] });
  }, 300_000);
});
