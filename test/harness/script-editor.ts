// Driving the Data tab's Monaco editor from end-to-end tests.
import type { Page } from 'playwright-core'

/** The lines the editor shows (Monaco draws spaces as no-break spaces). */
export async function shownScript(page: Page): Promise<string> {
  return (await page.locator('[data-testid="script-editor"] .view-lines').innerText()).replace(/\u00a0/g, ' ')
}

/** Replaces the whole script by a paste (typed text would be auto-indented and auto-closed), then waits until the
 *  editor shows it. */
export async function replaceScript(page: Page, source: string): Promise<void> {
  await page.locator('[data-testid="script-editor"] .view-line').first().click()
  await page.keyboard.press('Control+A')
  // page code as text: the tests are compiled without the DOM's types
  await page.evaluate(`{
    const data = new DataTransfer()
    data.setData('text/plain', ${JSON.stringify(source)})
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }`)
  const second = source.split('\n')[1].trim().replace(/\s+/g, ' ')
  const deadline = Date.now() + 10_000
  while (!(await shownScript(page)).includes(second)) {
    if (Date.now() > deadline) throw new Error('the editor did not take the pasted script')
    await page.waitForTimeout(25)
  }
}
