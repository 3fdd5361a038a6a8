import type { PaperRef } from '@/utils/sites/types';
import { defaultSettings, type Settings } from '@/utils/storage/settings';

/** Evidence kinds the fake server tells apart in an abstract, so verdicts differ across a batch. */
const abstractsByEvidence = [
  'We analyse a production trace of 2.1 billion requests collected from 12 clusters over 30 days and find that tail latency is dominated by queueing at the storage tier.',
  'We evaluate the scheduler in a discrete-event simulation of a 10,000-node cluster and show a 40% reduction in job completion time.',
  'We implement the protocol in 3,000 lines of Rust and measure it with standard microbenchmarks on a four-node testbed.',
];

/**
 * Listing entries as an arXiv `/new` page yields them: id, title, authors, abstract, PDF link. Synthetic: the
 * batch engine cares about their number and shape, not their content.
 */
export function makeListingPapers(count: number): PaperRef[] {
  return Array.from({ length: count }, (_, index) => {
    const paperId = `2611.${String(10_000 + index).padStart(5, '0')}`;
    return {
      site: 'arxiv',
      paperId,
      title: `Queueing Paper Number ${index + 1}: Tail Latency in Disaggregated Storage`,
      authors: [`Author ${index + 1}`, 'Q. Colleague'],
      abstract: abstractsByEvidence[index % abstractsByEvidence.length],
      pageUrl: `https://arxiv.org/abs/${paperId}`,
      pdfUrl: `https://arxiv.org/pdf/${paperId}`,
    } satisfies PaperRef;
  });
}

/** Settings for a keyless OpenAI-compatible server at `baseURL`, with a price for the fake model. */
export function fakeServerSettings(baseURL: string, model = 'fake-critic'): Settings {
  return {
    ...defaultSettings,
    provider: 'custom',
    baseURL,
    model,
    reasoningEffort: 'none',
    prices: [{ model: 'fake-critic', inputPerMillion: 0.25, outputPerMillion: 2 }],
  };
}
