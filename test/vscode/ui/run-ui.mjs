// A UI-level test, as a person uses VS Code: code-server with the extension installed from
// its .vsix, the fixture workspace open; see which CSVs the explorer offers to treat as upload CSVs, click the upload CSV, read the
// problem counts in the status bar, hover a cell, run a command from the palette, open the walkthrough, open an upload
// CSV over 50 MB and take the offer to check it. The Explorer's deadlines view lists the file's rows.
// Screenshots go to test-artifacts/. Exits non-zero on any failure.
//   node test/vscode/ui/run-ui.mjs      (npm run test:ui builds first)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../scripts/code-server.mjs';
import { artifacts, bin, counted, inWorkbench, readProblemCounts } from './workbench.mjs';

const CSV = '3501200000_20261125_001.csv';
/** Over 50 MB: VS Code hands it to no extension. */
const LARGE_CSV = '3501200000_20261125_555.csv';

const TREAT_AS_UPLOAD_CSV = 'Treat This File as an Upload CSV';

/** Whether the explorer's context menu of `file` lists `title`; the menu is closed again. */
async function explorerMenuOffers(page, file, title) {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first().click({ button: 'right' });
  const items = page.locator('.context-view .action-label');
  await items.first().waitFor({ timeout: 10_000 });
  const labels = await items.allInnerTexts();
  await page.keyboard.press('Escape');
  await page.locator('.context-view .action-label').first().waitFor({ state: 'hidden', timeout: 10_000 });
  return labels.includes(title);
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'nhi-ui-'));
  const workspace = join(work, 'workspace');
  cpSync(join(repoRoot, 'test', 'vscode', 'fixtures', 'workspace'), workspace, { recursive: true });
  const settings = JSON.parse(readFileSync(join(workspace, '.vscode', 'settings.json'), 'utf8'));
  const expected = JSON.parse(
    execFileSync(bin('tsx'), [join(repoRoot, 'test', 'vscode', 'ui', 'expected-counts.ts'), join(workspace, CSV), settings['nhiImaging.deadlineReferenceTime']], {
      encoding: 'utf8',
    }),
  );
  assert.ok(expected.errors >= 2, `the fixture has errors (core says ${JSON.stringify(expected)})`);
  const firstRow = readFileSync(join(workspace, CSV), 'utf8').split(/\r?\n/)[0];
  writeFileSync(join(workspace, LARGE_CSV), `${firstRow}\r\n`.repeat(Math.ceil((51 * 1024 * 1024) / (firstRow.length + 2))));
  await inWorkbench({ name: 'ui', work, workspace }, async (page) => {
    // The explorer lists the workspace; open the upload CSV like a user, with a click.
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: CSV });
    await row.waitFor({ timeout: 60_000 });
    await row.click();
    await page.locator('.monaco-editor .view-lines', { hasText: '3501200000,12,11511' }).waitFor({ timeout: 30_000 });

    // The language mode in the status bar, and the grammar's per-column colours in the editor.
    await page.locator('[id="status.editor.mode"]', { hasText: 'NHI Imaging Upload CSV' }).waitFor({ timeout: 30_000 });
    // Tokenisation runs after the first paint: wait until the line is split into field tokens.
    const firstLine = page.locator('.view-lines .view-line', { hasText: '3501200000,12,11511,1151125083000' }).first();
    const tokenSpans = () => firstLine.locator('span > span').evaluateAll((els) => els.map((e) => [e.textContent, e.className]));
    let spans = await tokenSpans();
    for (const until = Date.now() + 30_000; spans.length < 17 && Date.now() < until; spans = await tokenSpans()) await page.waitForTimeout(200);
    // Fields 1-8 take the eight colour scopes of the cycle: eight different colours on screen.
    const firstEight = ['3501200000', '12', '11511', '1151125083000', '01', '0001', '1', 'A123456789'];
    const classes = firstEight.map((text) => spans.find(([t]) => t === text)?.[1]);
    assert.ok(classes.every(Boolean), `field tokens rendered: ${JSON.stringify(spans)}`);
    assert.equal(new Set(classes).size, 8, `fields 1-8 coloured differently: ${JSON.stringify(spans)}`);

    // With the extension's menus loaded: the explorer's context menu offers Treat This File as an Upload CSV for
    // another CSV, not for one that is an upload CSV already.
    assert.equal(await explorerMenuOffers(page, 'export.csv', TREAT_AS_UPLOAD_CSV), true, 'offered for export.csv');
    assert.equal(await explorerMenuOffers(page, CSV, TREAT_AS_UPLOAD_CSV), false, `not offered for ${CSV}`);

    // The Problems counts settle on what the core finds in the file.
    let counts;
    const started = Date.now();
    for (;;) {
      counts = await readProblemCounts(page);
      if (counts.errors === expected.errors && counts.warnings === expected.warnings) break;
      if (Date.now() - started > 30_000) break;
      await page.waitForTimeout(200);
    }
    await page.screenshot({ path: join(artifacts, 'ui-problems.png') });
    assert.equal(counts.errors, expected.errors, `errors in the status bar (${counts.text} / ${counts.label})`);
    assert.equal(counts.warnings, expected.warnings, `warnings in the status bar (${counts.text} / ${counts.label})`);

    // The extension's own status item: rows, errors, warnings.
    const ours = page.locator('.statusbar-item', { hasText: /3 rows/ });
    await ours.waitFor({ timeout: 30_000 });
    const oursText = (await ours.innerText()).replace(/\s+/g, ' ');
    assert.match(oursText, new RegExp(`3 rows ${expected.errors} ${expected.warnings}`), `NHI status item: ${oursText}`);

    // The Explorer's Upload Incentive Deadlines view lists the file's rows by time left; a click on one shows its row.
    const deadlinesPane = page.locator('.pane-header', { hasText: /Upload Incentive Deadlines/i });
    await deadlinesPane.waitFor({ timeout: 30_000 });
    if ((await deadlinesPane.getAttribute('aria-expanded')) === 'false') await deadlinesPane.click();
    const deadlineRows = page.locator('.pane-body .monaco-list-row', { hasText: / left · row \d+|ago · row \d+/ });
    await deadlineRows.first().waitFor({ timeout: 30_000 });
    const listed = await deadlineRows.allInnerTexts();
    assert.ok(listed.length >= 1 && listed.every((t) => /^(.+ left|missed .+ ago) · row \d+/.test(t.trim())), `deadline rows: ${JSON.stringify(listed)}`);
    await page.screenshot({ path: join(artifacts, 'ui-deadlines.png') });

    // Hover the order code of the first row.
    await page.locator('.view-lines .view-line span', { hasText: /^33070B$/ }).first().hover();
    const hover = page.locator('.monaco-hover', { hasText: '33070B' });
    await hover.waitFor({ state: 'visible', timeout: 30_000 });
    const hoverText = await hover.innerText();
    assert.match(hoverText, /電腦斷層造影/, `hover text: ${hoverText}`);
    // The hover fades in: taken at once, the screenshot shows it half transparent over the text.
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(artifacts, 'ui-hover.png') });

    // The cursor put on that cell: the status bar names its field, beside Ln/Col.
    await page.keyboard.press('Escape');
    await page.locator('.view-lines .view-line span', { hasText: /^33070B$/ }).first().click();
    const field = page.locator('.statusbar-item', { hasText: 'Field 10 order code (醫令代碼)' });
    await field.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(artifacts, 'ui-field.png') });

    // Run a command from the palette: the server log opens in the Output panel.
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>NHI Imaging: Show Language Server Log');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Language Server Log' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.panel .monaco-editor .view-lines', { hasText: 'language server running' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(artifacts, 'ui-output.png') });

    // The walkthrough, as Help > Welcome lists it: its steps and the button of the one opened.
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Welcome: Open Walkthrough');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Walkthrough' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with NHI imaging uploads' }).first().click({ timeout: 30_000 });
    const steps = page.locator('.getting-started-step');
    await steps.filter({ hasText: 'Check each row\'s archive' }).first().click({ timeout: 30_000 });
    await page.locator('.getting-started-step.expanded .monaco-button', { hasText: 'Check Linked Archives' }).first().waitFor({ timeout: 30_000 });
    for (const title of ['Open an upload CSV', 'See problems where they are, and fix them', 'Build the day\'s batch']) {
      await steps.filter({ hasText: title }).first().waitFor({ timeout: 10_000 });
    }
    await page.screenshot({ path: join(artifacts, 'ui-walkthrough.png') });
    await page.keyboard.press('Control+W');

    // An upload CSV over 50 MB: the extension says VS Code keeps it from extensions and offers a check,
    // which reads it from disk (or, in restricted mode, declines to).
    await page.keyboard.press('Escape');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: LARGE_CSV }).click();
    const offer = page.locator('.notification-toast', { hasText: 'over 50 MB' });
    await offer.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(artifacts, 'ui-large-file.png') });
    await offer.locator('.monaco-button', { hasText: 'Check It' }).click();
    const outcome = page.locator('.notification-toast', { hasText: /not trusted|\d+ rows, \d+ error/ });
    await outcome.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(artifacts, 'ui-large-file-checked.png') });

    console.log(`UI test passed: status bar shows ${counted(counts.errors, 'error')}, ${counted(counts.warnings, 'warning')} as the core finds; screenshots in test-artifacts/`);
  });
}

await main();
