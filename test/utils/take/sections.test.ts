import { describe, expect, it } from 'vitest';
import { classifyHeading, parseTakeSections } from '@/utils/take/sections';

const canonical = `## The "No-BS" Summary
They traced twelve clusters for two weeks.

## The Core Mechanism
A sampler that keeps every long request.

## The Critique
### Why it got in
First public trace of this kind.
### Where it is weak
One region, one fortnight.

## Discussion Questions
1. Would it hold with doubled context?
2. What happens during a rollout?
3. Are retries in the trace?`;

describe('parseTakeSections', () => {
  it('splits the canonical take, keeping the critique subsections in the critique', () => {
    const parsed = parseTakeSections(canonical);
    expect(parsed.missing).toEqual([]);
    expect(parsed.sections.map(({ key, heading }) => [key, heading])).toEqual([
      ['summary', 'The "No-BS" Summary'],
      ['mechanism', 'The Core Mechanism'],
      ['critique', 'The Critique'],
      ['questions', 'Discussion Questions'],
    ]);
    expect(parsed.sections[2]?.body).toBe('### Why it got in\nFirst public trace of this kind.\n### Where it is weak\nOne region, one fortnight.');
  });

  it('recognises renamed, reordered and bold headings, and reports what is missing', () => {
    const renamed = `Here is my take.

**TL;DR**
Clumps and tails.

# Questions to ask
- Why one region?

# Strengths and Weaknesses
Fine data, thin evaluation.`;
    const parsed = parseTakeSections(renamed);
    expect(parsed.sections.map(({ key, heading }) => [key, heading])).toEqual([
      ['other', ''],
      ['summary', 'TL;DR'],
      ['questions', 'Questions to ask'],
      ['critique', 'Strengths and Weaknesses'],
    ]);
    expect(parsed.missing).toEqual(['mechanism']);
  });

  it.each([
    ['Summary', 'summary'],
    ['The Delta', 'summary'],
    ['How it works', 'mechanism'],
    ['The Magic Trick', 'mechanism'],
    ['The Skeleton in the Closet', 'critique'],
    ['Contextual Fit', 'critique'],
    ['Questions for the authors', 'questions'],
    ['Appendix', 'other'],
  ] as const)('classifies "%s" as %s', (heading, key) => {
    expect(classifyHeading(heading)).toBe(key);
  });

  it('works on every prefix of a streamed take without throwing, and never loses text', () => {
    for (let length = 0; length <= canonical.length; length += 7) {
      const partial = canonical.slice(0, length);
      const parsed = parseTakeSections(partial);
      const words = (text: string) => text.split(/\s+/).filter((word) => word && !/^#+$/.test(word));
      const kept = parsed.sections.flatMap((section) => [...words(section.heading), ...words(section.body)]);
      expect(kept.join(' ').replace(/\*\*/g, '')).toBe(words(partial).join(' '));
    }
    const midway = parseTakeSections(canonical.slice(0, canonical.indexOf('## The Critique')));
    expect(midway.missing).toEqual(['critique', 'questions']);
  });

  it('ignores heading-like lines inside code fences', () => {
    const parsed = parseTakeSections('## Summary\nA config:\n```\n## not a heading\n```\nDone.');
    expect(parsed.sections).toHaveLength(1);
    expect(parsed.sections[0]?.body).toContain('## not a heading');
  });

  it('returns nothing for an empty take', () => {
    expect(parseTakeSections('')).toEqual({ sections: [], missing: ['summary', 'mechanism', 'critique', 'questions'] });
  });
});
