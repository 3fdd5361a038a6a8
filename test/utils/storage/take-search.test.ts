import { describe, expect, it } from 'vitest';
import { applyTakesChange, createIncrementalFilter, filterOptions, filterTakes, groupByPaper, summarizeTake, type LibraryQuery } from '@/utils/storage/take-search';
import { makeRealisticTake, makeRealisticTakes } from '../../support/realistic-takes';

const summaries = makeRealisticTakes(400).map(summarizeTake);

describe('filterTakes', () => {
  it('matches every word anywhere in title, authors or text, ignoring case', () => {
    const take = makeRealisticTake(3);
    const author = take.paper.authors[0]!.split(' ')[1]!;
    const query: LibraryQuery = { text: `${take.paper.title.split(' ')[1]!.toUpperCase()} ${author}`, sort: 'date' };
    const result = filterTakes(summaries, query);
    expect(result.map((s) => s.id)).toContain(take.id);
    for (const s of result) {
      expect(s.searchText).toContain(take.paper.title.split(' ')[1]!.toLowerCase());
      expect(s.searchText).toContain(author.toLowerCase());
    }
  });

  it('sorts newest first or by title', () => {
    const byDate = filterTakes(summaries, { text: '', sort: 'date' });
    expect(byDate.map((s) => s.createdAt)).toEqual([...summaries.map((s) => s.createdAt)].sort().reverse());
    const byTitle = filterTakes(summaries, { text: '', sort: 'title' }).map((s) => s.title.toLowerCase());
    expect(byTitle).toEqual([...byTitle].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
  });

  it('offers only filter values that occur', () => {
    const options = filterOptions(summaries);
    expect(new Set(options.models)).toEqual(new Set(summaries.map((s) => s.model)));
    expect(options.years).toEqual([...new Set(summaries.flatMap((s) => (s.year === undefined ? [] : [s.year])))].sort((a, b) => b - a));
  });
});

describe('createIncrementalFilter', () => {
  it('gives the same answer as filterTakes while typing, deleting and changing filters', () => {
    const filter = createIncrementalFilter();
    const steps: LibraryQuery[] = [];
    for (const text of ['t', 'ta', 'tai', 'tail', 'tail ', 'tail l', 'tail la', 'tail', 'kv', 'kv c', 'kv ca']) steps.push({ text, sort: 'date' });
    steps.push({ text: 'kv ca', sort: 'date', site: 'arxiv' }, { text: 'kv cac', sort: 'date', site: 'arxiv' }, { text: 'kv cac', sort: 'title', site: 'arxiv' });
    for (const query of steps) expect(filter(summaries, query)).toEqual(filterTakes(summaries, query));
  });

  it('starts over when the list itself changed', () => {
    const filter = createIncrementalFilter();
    filter(summaries, { text: 'tail', sort: 'date' });
    const newTake = { ...makeRealisticTake(5000), verdict: 'tail latency at its finest' };
    const changed = applyTakesChange(summaries, { saved: [newTake], removedIds: [] });
    expect(filter(changed, { text: 'tail l', sort: 'date' }).map((s) => s.id)).toContain(newTake.id);
  });
});

describe('applyTakesChange', () => {
  it('replaces saved takes, removes deleted ones and keeps newest first', () => {
    const updated = { ...makeRealisticTake(1), verdict: 'Updated verdict.' };
    const next = applyTakesChange(summaries, { saved: [updated], removedIds: [summaries[5]!.id] });
    expect(next).toHaveLength(summaries.length - 1);
    expect(next.find((s) => s.id === updated.id)?.verdict).toBe('Updated verdict.');
    expect(next.map((s) => s.createdAt)).toEqual([...next.map((s) => s.createdAt)].sort().reverse());
  });
});

describe('groupByPaper', () => {
  it("gathers a paper's takes into one row, where its first listed take stands, spoken for by its newest full take", () => {
    const [a, b] = [makeRealisticTake(1), makeRealisticTake(2)];
    const aFull = { ...a, kind: 'full' as const, createdAt: '2026-01-01T00:00:00.000Z' };
    const aAgain = { ...a, id: `${a.id}-again`, kind: 'full' as const, createdAt: '2026-02-01T00:00:00.000Z' };
    const aQuick = { ...a, id: `${a.id}-quick`, kind: 'quick' as const, verdict: 'Verdict: skim', createdAt: '2026-03-01T00:00:00.000Z' };
    const summaries = [aQuick, b, aAgain, aFull].map(summarizeTake);
    const groups = groupByPaper(summaries);
    expect(groups.map((group) => group.speaking.title)).toEqual([a.paper.title, b.paper.title]);
    expect(groups[0]?.speaking.id).toBe(aAgain.id);
    expect(groups[0]?.versions.map((take) => take.id)).toEqual([aQuick.id, aAgain.id, aFull.id]);
    expect(groups[1]?.versions).toHaveLength(1);
  });
});
