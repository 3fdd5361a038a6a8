import type { PaperRef } from '@/utils/sites/types';
import type { CritiqueInput } from '@/utils/prompt/critique-prompt';

/** A made-up workload paper, written for these tests; shaped like the extractor's output. */
export const syntheticPaper: PaperRef = {
  site: 'arxiv',
  paperId: '2411.00001v2',
  version: 2,
  latestVersion: 3,
  title: 'Clumps and Tails: Characterizing LLM Inference Requests in a Production Cluster',
  authors: ['Ada Tracer', 'Bo Flamegraph'],
  venue: 'arXiv',
  year: 2024,
  abstract: 'We analyze a two-week production trace of LLM inference requests and show that arrivals are bursty and heavy-tailed.',
  pageUrl: 'https://arxiv.org/abs/2411.00001v2',
  pdfUrl: 'https://arxiv.org/pdf/2411.00001v2',
};

export const syntheticPages = [
  {
    number: 1,
    text: 'Clumps and Tails\nAbstract\nWe collected request traces from twelve inference clusters over fourteen consecutive days in 2024. Arrivals are bursty, and a small fraction of long-context requests dominates the tail.',
  },
  {
    number: 2,
    text: 'Our tracer records the prefill and decode time of every request together with its KV-cache footprint. We sample one request in a thousand but keep every request above thirty thousand tokens.',
  },
  {
    number: 3,
    text: 'Evaluation\nWe replay the trace on a testbed of eight GPUs and compare against a first-come first-served baseline. The baseline does not batch requests across users.',
  },
];

export function pagedText(pages: { number: number; text: string }[]): string {
  return pages.map((page) => `[p. ${page.number}]\n${page.text}`).join('\n\n');
}

export const syntheticInput: CritiqueInput = {
  paper: syntheticPaper,
  text: pagedText(syntheticPages),
  readingSummary: 'pages 1-3 of 3 read; nothing skipped',
};
