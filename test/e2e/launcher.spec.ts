import { expect, sidebarFrame, test } from './support/extension-test';

/**
 * One test per site and page kind: the launcher a reader sees, clicked as a reader clicks it, opens the
 * sidebar on the right paper. Titles are read off the fixture pages by hand, not computed by our adapters.
 */
const paperPages = [
  { name: 'arXiv abstract, 2021 layout', url: 'https://arxiv.org/abs/2106.09608', title: 'Learning Knowledge Graph-based World Models of Textual Environments' },
  { name: 'arXiv abstract, 2011 layout', url: 'https://arxiv.org/abs/1103.1901', title: 'Locally Cold Flows from Large-Scale Structure' },
  { name: 'arXiv abstract, current layout, old-style id', url: 'https://arxiv.org/abs/hep-th/9901001', title: 'String Junctions and Their Duals in Heterotic String Theory' },
  { name: 'ACM DL article, 2025', url: 'https://dl.acm.org/doi/10.1145/3706599.3719976', title: 'Exploring Older Adults Personality Preferences for LLM-powered Conversational Companions' },
  { name: 'USENIX presentation', url: 'https://www.usenix.org/conference/nsdi22/presentation/goyal', title: 'Backpressure Flow Control' },
];

for (const paper of paperPages) {
  test(`${paper.name}: the launcher opens the sidebar on the paper`, async ({ context }) => {
    const page = await context.newPage();
    await page.goto(paper.url);
    const launcher = page.getByRole('button', { name: "Shedder's Take", exact: true });
    await launcher.click();
    const sidebar = sidebarFrame(page);
    await expect(sidebar.getByRole('heading', { name: paper.title, level: 2 })).toBeVisible();
  });
}

test('Esc closes the sidebar and gives focus back to the launcher', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2106.09608');
  const launcher = page.getByRole('button', { name: "Shedder's Take", exact: true });
  await launcher.click();
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('heading', { level: 2 })).toBeVisible();
  await sidebar.getByRole('button', { name: "Collapse Shedder's Take" }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('complementary', { name: "Shedder's Take" })).toBeHidden();
  await expect(launcher).toBeFocused();
});
