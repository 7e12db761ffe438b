// What a person does on the portal's pages, shared by the Chromium journeys.

/**
 * What the back end learns on its own schedule (the catalog reading a merged file, the
 * status collector asking Argo CD) shows after a reload, as a person would do.
 */
export async function reloadUntilVisible(page, locator, attempts = 20) {
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      // Time for the page to render what it has, before deciding it is not there yet.
      await locator.waitFor({ timeout: 8000 });
      return;
    } catch {
      await page.reload();
    }
  }
  await locator.waitFor();
}

/** Opens a template's form from the Create page, as a person chooses it. */
export async function openTemplate(page, title) {
  await page.getByRole('link', { name: 'Create' }).first().click();
  await page.waitForURL(/\/create/);
  // The card whose title is exactly this: other templates' descriptions
  // name this one ("made by New service").
  await page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText(title, { exact: true }) })
    .getByRole('button', { name: /choose/i })
    .click();
}

/** Picks an entity in an autocomplete field (EntityPicker, OwnerPicker) by what a person types. */
export async function pickEntity(page, label, typed, option) {
  await page.getByRole('textbox', { name: label }).fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}
