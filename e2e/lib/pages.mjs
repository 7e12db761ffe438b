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

/**
 * New service's first two pages, as the payments team fills them (cost center CC-4711,
 * budget alerts to payments@example.com), ticking `environments` (their labels). Leaves the
 * form on its next page, what the service needs.
 */
export async function fillNewService(
  page,
  { name, description, environments },
) {
  await page.getByLabel('Name').first().fill(name);
  await page.getByLabel('Description').fill(description);
  await pickEntity(page, 'Owner', 'pay', /payments/i);
  await page.getByLabel('Cost center').fill('CC-4711');
  await page.getByRole('button', { name: 'Next' }).click();
  for (const environment of environments)
    await page.getByRole('checkbox', { name: environment }).check();
  await page.getByLabel('Budget alerts to').fill('payments@example.com');
  await page.getByRole('button', { name: 'Next' }).click();
}

/**
 * A template's repository page: owner and name typed key by key and left with Tab, as a
 * person does. The picker keeps what it was told on input and blur, not what was pasted
 * into the DOM.
 */
export async function fillRepository(page, owner, name) {
  for (const [label, value] of [
    ['Owner', owner],
    ['Repository', name],
  ]) {
    const field = page.getByRole('textbox', { name: label }).last();
    await field.clear();
    await field.pressSequentially(value);
    await field.press('Tab');
  }
}
