import type { PaperRef } from '@/utils/sites/types';
import { takeId, type Take } from '@/utils/storage/takes';

/**
 * Synthetic but realistically shaped takes: systems-paper titles and venues on all three sites, multi-section
 * critiques of a few kilobytes, quote checks, follow-ups, partial takes and local models without a price.
 * Seeded, so every run (tests and the benchmark) sees the same data.
 */

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const subjects = ['Tail Latency', 'KV-Cache Eviction', 'Microservice Call Graphs', 'LLM Inference Serving', 'Datacenter Power Capping', 'Disaggregated Memory', 'GPU Cluster Scheduling', 'Serverless Cold Starts', 'RDMA Congestion Control', 'Distributed Tracing', 'Continuous Batching', 'Request Hedging'];
const framings = ['Characterizing', 'Taming', 'Understanding', 'Rethinking', 'A Large-Scale Study of', 'Towards Predictable', 'Demystifying', 'Revisiting'];
const settingsPhrases = ['at Hyperscale', 'in Production Clusters', 'for Mixed SLO Workloads', 'Under Bursty Arrivals', 'with Heavy-Tailed Requests', 'Across Three Hyperscalers'];
const givenNames = ['Ana', 'Wei', 'Priya', 'Jonas', 'Chiara', 'Kenji', 'Fatima', 'Mateo', 'Olga', 'Siddharth', 'Lea', 'Tomás', 'Yuki', 'Ngozi'];
const familyNames = ['Zhang', 'Müller', 'Gupta', 'Rossi', 'Tanaka', 'Okafor', 'García', 'Ivanova', 'Kim', 'Dubois', 'Nakamura', 'Haddad'];
const venuesBySite = {
  arxiv: ['arXiv (cs.DC)', 'arXiv (cs.OS)', 'arXiv (cs.LG)'],
  acm: ['SOSP', 'ASPLOS', 'EuroSys', 'SoCC', 'SIGCOMM'],
  usenix: ['OSDI', 'NSDI', 'ATC', 'FAST'],
} as const;
const models = [
  { model: 'gpt-5-mini', provider: 'openai', pricePerMillion: [0.25, 2] },
  { model: 'gpt-5', provider: 'openai', pricePerMillion: [1.25, 10] },
  { model: 'anthropic/claude-sonnet-4.5', provider: 'openrouter', pricePerMillion: [3, 15] },
  { model: 'qwen3:8b', provider: 'ollama', pricePerMillion: undefined },
] as const;
const critiqueSentences = [
  'The abstract promises “unprecedented insight”; the evaluation is one cluster on one Tuesday afternoon.',
  'Requests come in clumps, and occasionally someone asks the model to write a novel.',
  'Their baseline is a single-threaded Python replayer, which explains most of the 50% latency win.',
  'They separate queueing from execution from KV-cache misses, and that decomposition is the real contribution.',
  'The trace is “production-like”: ShareGPT prompts replayed on a testbed, not production.',
  'Decode-bound scenarios are not measured at all; prefill dominates every figure.',
  'The sampling strategy keeps rare long-context requests, which most prior traces drop.',
  'Compare with Profiling a Warehouse-Scale Computer: same method, newer workload.',
  'Retry storms and request hedging are invisible because only successful calls were traced.',
  'Figure 7 uses a log scale that makes a 3% difference look like a cliff.',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function paragraph(random: () => number, sentences: number): string {
  return Array.from({ length: sentences }, () => pick(random, critiqueSentences)).join(' ');
}

function makePaper(random: () => number, index: number): PaperRef {
  const site = pick(random, ['arxiv', 'arxiv', 'acm', 'usenix'] as const);
  const year = 2019 + Math.floor(random() * 7);
  const title = `${pick(random, framings)} ${pick(random, subjects)} ${pick(random, settingsPhrases)}`;
  const authors = Array.from({ length: 2 + Math.floor(random() * 5) }, () => `${pick(random, givenNames)} ${pick(random, familyNames)}`);
  const venue = pick(random, venuesBySite[site]);
  if (site === 'arxiv') {
    const version = 1 + Math.floor(random() * 3);
    const bareId = `${String(year % 100).padStart(2, '0')}${String(1 + (index % 12)).padStart(2, '0')}.${String(10000 + index).slice(-5)}`;
    return { site, paperId: `${bareId}v${version}`, version, latestVersion: version + (random() < 0.2 ? 1 : 0), title, authors, venue, year, pageUrl: `https://arxiv.org/abs/${bareId}v${version}`, pdfUrl: `https://arxiv.org/pdf/${bareId}v${version}` };
  }
  if (site === 'acm') {
    const doi = `10.1145/${3600000 + index}.${3610000 + index}`;
    return { site, paperId: doi, title, authors, venue: `${venue} '${year % 100}`, year, pageUrl: `https://dl.acm.org/doi/${doi}`, pdfUrl: `https://dl.acm.org/doi/pdf/${doi}` };
  }
  const conference = `${venue.toLowerCase()}${year % 100}`;
  const slug = `${familyNames[index % familyNames.length]!.toLowerCase()}-${index}`;
  return { site, paperId: `${conference}/${slug}`, title, authors, venue: `${venue} '${year % 100}`, year, pageUrl: `https://www.usenix.org/conference/${conference}/presentation/${slug}`, presentationUrl: `https://www.usenix.org/conference/${conference}/presentation/${slug}` };
}

export function makeRealisticTake(index: number, random = seededRandom(index + 1)): Take {
  const paper = makePaper(random, index);
  const { model, provider, pricePerMillion } = pick(random, models);
  const createdAt = new Date(Date.UTC(2026, 0, 1) + index * 3_600_000 + Math.floor(random() * 3_000_000)).toISOString();
  const kind = random() < 0.8 ? 'full' : 'quick';
  const status = random() < 0.07 ? 'partial' : 'complete';
  const verdict = pick(random, critiqueSentences);
  const sections = kind === 'full'
    ? ['## The No-BS Summary', paragraph(random, 4), '## The Core Mechanism', paragraph(random, 6), '## The Critique', `**Why it got in:** ${paragraph(random, 3)}`, `**Where it is weak:** ${paragraph(random, 4)}`, '## Discussion Questions', '1. Would their findings hold if the context window doubled?', '2. What happens during a partial rollout?', '3. Did they account for retry storms?']
    : ['## Quick take', paragraph(random, 3)];
  const markdown = status === 'partial' ? sections.slice(0, 3).join('\n\n') : sections.join('\n\n');
  const inputTokens = 8000 + Math.floor(random() * 30000);
  const outputTokens = 600 + Math.floor(random() * 2500);
  const usage = pricePerMillion
    ? { inputTokens, outputTokens, costUsd: (inputTokens * pricePerMillion[0] + outputTokens * pricePerMillion[1]) / 1e6 }
    : { inputTokens, outputTokens };
  const quoteChecks = Array.from({ length: Math.floor(random() * 4) }, (_, i) =>
    random() < 0.75
      ? { quote: pick(random, critiqueSentences).slice(0, 60), page: i + 2, status: 'verified' as const, foundOnPage: i + 2 }
      : { quote: 'a 50% reduction in p99 latency', page: i + 3, status: 'not-found' as const },
  );
  const followUps = random() < 0.3
    ? [
        { role: 'user' as const, content: 'Is the trace really from production?' },
        { role: 'assistant' as const, content: paragraph(random, 2) },
      ]
    : [];
  return { id: takeId(paper, model, createdAt), paper, model, provider, promptVersion: 3, createdAt, kind, status, verdict, markdown, quoteChecks, usage, followUps, figures: [] };
}

export function makeRealisticTakes(count: number): Take[] {
  return Array.from({ length: count }, (_, index) => makeRealisticTake(index));
}
