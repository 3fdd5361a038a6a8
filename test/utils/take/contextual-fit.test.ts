import { describe, expect, it } from 'vitest';
import { checkContextualFit, type ReferenceEntry } from '@/utils/take/contextual-fit';
import { canReadRealPaper, cannotReadRealPaper, realPages, realReferences } from '../../support/real-paper';
import { skipNote } from '../../support/shared-fixtures';

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
