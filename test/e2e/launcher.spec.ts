import { expect, sidebarFrame, test } from './support/extension-test';
import { launcher } from './support/launchers';

// The launcher on each site and page kind, in both browsers: both-browsers/launcher.spec.ts.

test('Esc closes the sidebar and gives focus back to the launcher', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2106.09608');
  const button = await launcher(page);
  await button.click();
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('heading', { level: 2 })).toBeVisible();
  await sidebar.getByRole('button', { name: "Collapse Shedder's Take" }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('complementary', { name: "Shedder's Take" })).toBeHidden();
  await expect(button).toBeFocused();
});
