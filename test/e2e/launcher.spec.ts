import { expect, sidebarFrame, test } from './support/extension-test';
import { launcher, pressLauncher } from './support/launchers';

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

test('opened by a click with nothing to start, the sidebar takes focus on its heading for screen readers without drawing a ring; the keyboard still gets one', async ({ context }) => {
  const page = await context.newPage();
  // An HTML-only paper: no take can start, so focus goes to the heading (with a start button, it goes there instead).
  await page.goto('https://arxiv.org/abs/2403.10561');
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  const heading = sidebar.getByRole('heading', { level: 1, name: "Shedder's Take" });
  await expect.poll(() => heading.evaluate((element) => element.ownerDocument.activeElement === element)).toBe(true);
  expect(await heading.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('none');
  // Control: moving on with the keyboard draws the ring on the next control.
  await heading.press('Tab');
  const next = sidebar.getByRole('button', { name: "Collapse Shedder's Take" });
  await expect.poll(() => next.evaluate((element) => element.ownerDocument.activeElement === element)).toBe(true);
  expect(await next.evaluate((element) => ({ visible: element.matches(':focus-visible'), outline: getComputedStyle(element).outlineStyle }))).toEqual({ visible: true, outline: 'solid' });
});
