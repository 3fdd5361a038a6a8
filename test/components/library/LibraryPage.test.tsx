/** @vitest-environment happy-dom */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LIBRARY_PAGE_SIZE, LibraryPage } from '@/components/library/LibraryPage';
import { getTake, restoreTakes, saveTake, takeId, type Take } from '@/utils/storage/takes';
import { makeRealisticTake, makeRealisticTakes } from '../../support/realistic-takes';

afterEach(() => {
  cleanup();
  window.location.hash = '';
  vi.restoreAllMocks();
});

/** A take whose title, author and text words occur nowhere in the generated ones. */
function pagedAttentionTake(): Take {
  const base = makeRealisticTake(9999);
  const paper = {
    site: 'acm' as const,
    paperId: '10.1145/3600006.3613165',
    title: 'Efficient Memory Management for Large Language Model Serving with PagedAttention',
    authors: ['Woosuk Kwon', 'Zhuohan Li'],
    venue: "SOSP '23",
    year: 2023,
    pageUrl: 'https://dl.acm.org/doi/10.1145/3600006.3613165',
  };
  const createdAt = '2026-11-20T12:00:00.000Z';
  return {
    ...base,
    paper,
    createdAt,
    id: takeId(paper, base.model, createdAt),
    status: 'complete',
    markdown: '## The Magic Trick\n\nImagine wiretapping the allocator: the KV cache is paged like virtual memory.\n\n![x](https://evil.example/p.png)',
  };
}

async function renderLibrary(takes: Take[]) {
  await restoreTakes(takes);
  render(<LibraryPage />);
  await screen.findByText(new RegExp(`^${takes.length} take${takes.length === 1 ? '' : 's'}( \\(|$)`));
}

const rows = () => within(screen.getByRole('list', { name: 'Saved takes' })).queryAllByRole('listitem');

describe('library page', () => {
  it('renders a bounded number of rows, then more on request', async () => {
    const takes = makeRealisticTakes(LIBRARY_PAGE_SIZE + 50);
    await renderLibrary(takes);
    expect(rows()).toHaveLength(LIBRARY_PAGE_SIZE);
    fireEvent.click(screen.getByRole('button', { name: 'Show more (50 not shown)' }));
    expect(rows()).toHaveLength(LIBRARY_PAGE_SIZE + 50);
  });

  it('searches title, authors and take text, case-insensitively', async () => {
    const special = pagedAttentionTake();
    await renderLibrary([...makeRealisticTakes(120), special]);
    const search = screen.getByLabelText('Search');
    for (const text of ['PAGEDATTENTION', 'kwon', 'wiretapping the allocator', 'allocator kwon']) {
      fireEvent.change(search, { target: { value: text } });
      expect(rows().map((row) => row.textContent)).toEqual([expect.stringContaining(special.paper.title)]);
    }
    fireEvent.change(search, { target: { value: 'kwon nonexistentword' } });
    expect(rows()).toHaveLength(0);
    expect(screen.getByText('0 of 121 takes')).toBeTruthy();
  });

  it('filters by site, year and model together', async () => {
    const takes = makeRealisticTakes(150);
    await renderLibrary(takes);
    const target = takes[17]!;
    fireEvent.change(screen.getByLabelText('Site'), { target: { value: target.paper.site } });
    fireEvent.change(screen.getByLabelText('Year'), { target: { value: String(target.paper.year) } });
    fireEvent.change(screen.getByLabelText('Model'), { target: { value: target.model } });
    const expected = takes.filter((t) => t.paper.site === target.paper.site && t.paper.year === target.paper.year && t.model === target.model);
    expect(rows()).toHaveLength(expected.length);
    expect(screen.getByText(`${expected.length} of 150 takes`)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Venue'), { target: { value: target.paper.venue } });
    expect(rows().length).toBe(expected.filter((t) => t.paper.venue === target.paper.venue).length);
  });

  it('sorts by title', async () => {
    const takes = makeRealisticTakes(40);
    await renderLibrary(takes);
    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'title' } });
    const titles = rows().map((row) => row.querySelector('.take-title')?.textContent ?? '');
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true })));
    expect(titles[0]).toBe([...takes.map((t) => t.paper.title)].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true }))[0]);
  });

  it('opens a take rendered as Markdown, without images', async () => {
    const special = pagedAttentionTake();
    await renderLibrary([special, ...makeRealisticTakes(5)]);
    fireEvent.click(screen.getByRole('button', { name: new RegExp(special.paper.title) }));
    const article = await screen.findByRole('article');
    expect(within(article).getByRole('heading', { name: 'The Magic Trick' })).toBeTruthy();
    expect(article.querySelector('img')).toBeNull();
  });

  it('deletes a take and undoes the deletion', async () => {
    const takes = makeRealisticTakes(8);
    await renderLibrary(takes);
    const victim = takes[3]!;
    const newestFirst = [...takes].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    fireEvent.click(within(rows()[newestFirst.indexOf(victim)]!).getByRole('button'));
    await screen.findByRole('article');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await screen.findByText('7 takes');
    expect(screen.getByRole('status').textContent).toContain(`Deleted “${victim.paper.title}”`);
    expect(await getTake(victim.id)).toBeUndefined();

    fireEvent.click(within(screen.getByRole('status')).getByRole('button', { name: 'Undo' }));
    await screen.findByText('8 takes');
    expect(screen.getByRole('status').textContent).toBe('Restored the take.');
    expect(await getTake(victim.id)).toEqual(victim);
  });

  it("groups a paper's versions in one row, and the pane switches between them", async () => {
    const first = pagedAttentionTake();
    const regenerated = { ...first, createdAt: '2026-11-21T12:00:00.000Z', id: takeId(first.paper, first.model, '2026-11-21T12:00:00.000Z'), markdown: '## The Magic Trick\n\nThe second version.' };
    await renderLibrary([first, regenerated, ...makeRealisticTakes(3)]);
    expect(rows()).toHaveLength(4);
    expect(screen.getByText('5 takes (4 papers)')).toBeTruthy();
    const row = rows().find((candidate) => candidate.textContent?.includes(first.paper.title))!;
    expect(row.textContent).toContain('2 versions');
    fireEvent.click(within(row).getByRole('button'));
    const article = await screen.findByRole('article');
    expect(article.textContent).toContain('The second version.');
    const versions = within(screen.getByRole('navigation', { name: "Versions of this paper's take" })).getAllByRole('button');
    expect(versions).toHaveLength(2);
    fireEvent.click(versions[1]!);
    await waitFor(() => expect(screen.getByRole('article').textContent).toContain('the KV cache is paged like virtual memory'));
  });

  it('says what to do when the library is empty, and how to get back from a search that finds nothing', async () => {
    render(<LibraryPage />);
    expect(await screen.findByRole('heading', { name: 'Your library is empty' })).toBeTruthy();
    cleanup();
    await renderLibrary(makeRealisticTakes(3));
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'nothing like this anywhere' } });
    expect(screen.getByRole('heading', { name: 'No takes match' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear the search and filters' }));
    expect(rows()).toHaveLength(3);
  });

  it('shows a take saved in another tab without reloading', async () => {
    await renderLibrary(makeRealisticTakes(3));
    await saveTake(pagedAttentionTake());
    await screen.findByText('4 takes');
    expect(screen.getByText(pagedAttentionTake().paper.title)).toBeTruthy();
  });

  it('says why a deletion failed when storage refuses it', async () => {
    const takes = makeRealisticTakes(2);
    await renderLibrary(takes);
    fireEvent.click(screen.getAllByRole('button', { name: /./ }).find((b) => b.classList.contains('take-row'))!);
    await screen.findByRole('article');
    vi.spyOn(fakeBrowser.storage.local, 'remove').mockRejectedValue(new Error('IO error: database locked'));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not save the deletion: IO error: database locked/);
    expect(screen.getByText('2 takes')).toBeTruthy();
  });

  it('imports a JSON export and reports what was added and skipped', async () => {
    const existing = makeRealisticTake(1);
    await renderLibrary([existing]);
    const file = new File(
      [JSON.stringify({ format: 'shedders-take.takes', schemaVersion: 3, exportedAt: '2026-11-01T00:00:00.000Z', takes: [existing, pagedAttentionTake(), { id: 'x' }] })],
      'my-takes.json',
      { type: 'application/json' },
    );
    fireEvent.change(screen.getByLabelText('Import takes (JSON export)'), { target: { files: [file] } });
    expect(await screen.findByText(/my-takes\.json: Added 1 take\. Skipped 1 already in your library\. Skipped 1 that could not be read:/)).toBeTruthy();
    expect(screen.getByText(/Entry 3: paper is missing/)).toBeTruthy();
    await screen.findByText('2 takes');
  });

  it('refuses a malformed import with its reason and imports nothing', async () => {
    await renderLibrary([makeRealisticTake(1)]);
    const file = new File(['{"format": "shedders-take.takes", "takes": ['], 'broken.json', { type: 'application/json' });
    fireEvent.change(screen.getByLabelText('Import takes (JSON export)'), { target: { files: [file] } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/^broken\.json: This file is not valid JSON .* Nothing was imported\.$/);
    expect(screen.getByText('1 take')).toBeTruthy();
  });

  it('opens the take named in the URL fragment (the sidebar links here)', async () => {
    const special = pagedAttentionTake();
    window.location.hash = `#take=${encodeURIComponent(special.id)}`;
    await renderLibrary([...makeRealisticTakes(3), special]);
    const article = await screen.findByRole('article');
    expect(article.querySelector('#take-view-title')?.textContent).toBe(special.paper.title);
  });

  it('refuses a file over 50 MB before reading it', async () => {
    await renderLibrary([makeRealisticTake(1)]);
    const file = new File([new Uint8Array(50 * 1024 * 1024 + 1)], 'huge.json', { type: 'application/json' });
    const read = vi.spyOn(file, 'text');
    fireEvent.change(screen.getByLabelText('Import takes (JSON export)'), { target: { files: [file] } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/^huge\.json is 50\.0 MB, over the 50 MB import limit\. Nothing was imported\.$/);
    expect(read).not.toHaveBeenCalled();
  });

  it('opens the paper page with the re-run fragment in a new tab', async () => {
    const special = pagedAttentionTake();
    await renderLibrary([special]);
    fireEvent.click(screen.getByRole('button', { name: new RegExp(special.paper.title) }));
    await screen.findByRole('article');
    fireEvent.change(screen.getByLabelText('Re-run with'), { target: { value: 'gpt-5' } });
    fireEvent.click(screen.getByRole('button', { name: "Re-run on the paper's page" }));
    await waitFor(async () => expect((await fakeBrowser.tabs.query({})).map((tab) => tab.url)).toContain('https://dl.acm.org/doi/10.1145/3600006.3613165#shedders-take-model=gpt-5'));
  });
});
