// A UI-level test of the editor's promise: a user goes from a rejected upload CSV to a clean one without
// leaving the keyboard. code-server with the extension installed from its .vsix; the CSV of rejected-csv.ts
// (a BOM and a header row, a Gregorian birth date, a lower-case order code, full-width digits, a value with
// spaces) opened with Quick Open; F8 to the birth date's problem, Ctrl+. and the arrow keys to its quick fix;
// "NHI Imaging: Fix All" from the command palette for the rest, undone with Ctrl+Z and done again with
// "Source Action…"; Ctrl+S; the BOM, which VS Code keeps out of the text and writes back on save, dropped with
// Change File Encoding → Save with Encoding → UTF-8 from the palette. Every key goes through page.keyboard, and
// the focus must stay in the editor.
// Then the status bar counts no problem, the Problems panel is empty, and the file on disk is the fixed text.
// Screenshots go to test-artifacts/keyboard-*.png. Exits non-zero on any failure.
//   node test/vscode/ui/run-keyboard-fix.mjs      (npm run test:ui builds first)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../scripts/code-server.mjs';
import { artifacts, bin, counted, inWorkbench, readProblemCounts } from './workbench.mjs';

/** Generous: the machine running this may be busy with other work. */
const TIMEOUT = 60_000;

const fixture = JSON.parse(execFileSync(bin('tsx'), [join(repoRoot, 'test', 'vscode', 'ui', 'rejected-csv.ts')], { encoding: 'utf8' }));

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `keyboard-${name}.png`) });
}

/** Waits until the status bar's Problems item shows `errors` and `warnings`; returns what it shows. */
async function waitForProblemCounts(page, { errors, warnings }, what) {
  const until = Date.now() + TIMEOUT;
  for (;;) {
    const counts = await readProblemCounts(page);
    if (counts.errors === errors && counts.warnings === warnings) return counts;
    if (Date.now() > until) assert.fail(`${what}: the status bar shows ${counts.text} (${counts.label}), not ${errors} errors and ${warnings} warnings`);
    await page.waitForTimeout(100);
  }
}

/** Fails unless the keyboard focus is in the text editor (not lost to the body, a panel or a closed widget). */
async function assertEditorFocused(page, after) {
  await page
    .waitForFunction(() => !!document.activeElement?.closest('.editor-instance .monaco-editor'), null, { timeout: TIMEOUT })
    .catch(async () => {
      const where = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
      assert.fail(`after ${after} the keyboard focus is not in the editor but on ${where}`);
    });
}

const quickInput = (page) => page.locator('.quick-input-widget');

/** Opens the command palette with F1, types `command` and runs the entry titled `title` with Enter. */
async function runFromPalette(page, command, title) {
  await page.keyboard.press('F1');
  await quickInput(page).locator('input').waitFor({ state: 'visible', timeout: TIMEOUT });
  await page.keyboard.type(command);
  await quickInput(page).locator('.monaco-list-row.focused', { hasText: title }).waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
}

/**
 * Picks, in the quick pick that asks `placeholder`, the entry whose label is exactly `label`: types `typed`, then
 * Down to the entry if another comes first.
 */
async function pickInQuickPick(page, placeholder, typed, label) {
  await quickInput(page).locator(`input[placeholder="${placeholder}"]`).waitFor({ state: 'visible', timeout: TIMEOUT });
  await page.keyboard.type(typed);
  const exactly = new RegExp(`^${label}$`);
  await quickInput(page).locator('.monaco-list-row .label-name', { hasText: exactly }).first().waitFor({ timeout: TIMEOUT });
  const focused = quickInput(page).locator('.monaco-list-row.focused .label-name', { hasText: exactly });
  for (let i = 0; !(await focused.count()); i++) {
    assert.ok(i < 20, `the arrow keys never reached ${label}`);
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
}

/** Goes with F8 from problem to problem until the one of rule `rule`, whose message it leaves open. */
async function nextProblemUntil(page, rule) {
  for (let i = 0, shown = ''; ; i++) {
    await page.keyboard.press('F8');
    // Each problem's widget says "k of n problems": wait for the next one before reading it.
    const next = await page.waitForFunction((before) => {
      const text = document.querySelector('.marker-widget')?.innerText;
      return text && text !== before ? text : undefined;
    }, shown, { timeout: TIMEOUT });
    shown = await next.jsonValue();
    if (await page.locator('.marker-widget .descriptioncontainer', { hasText: rule }).count()) return;
    assert.ok(i < 10, `F8 never reached the problem of ${rule}; last: ${shown}`);
  }
}

/**
 * In the code action menu that is opening (Ctrl+., Source Action…), moves with the arrow keys to the action whose
 * title matches `title` and applies it with Enter; returns the title.
 */
async function chooseAction(page, title, screenshot) {
  const menu = page.locator('.action-widget');
  const actions = menu.locator('.monaco-list-row.action');
  await actions.first().waitFor({ state: 'visible', timeout: TIMEOUT });
  const titles = (await actions.allInnerTexts()).map((t) => t.trim());
  assert.ok(titles.some((t) => title.test(t)), `${title} among the actions offered: ${JSON.stringify(titles)}`);
  const focused = menu.locator('.monaco-list-row.action.focused');
  const focusedTitle = async () => ((await focused.count()) ? (await focused.innerText()).trim() : '');
  for (let i = 0; !title.test(await focusedTitle()); i++) {
    assert.ok(i <= titles.length, `the arrow keys never reached ${title} in ${JSON.stringify(titles)}`);
    await page.keyboard.press('ArrowDown');
  }
  await shot(page, screenshot);
  const chosen = await focusedTitle();
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden', timeout: TIMEOUT });
  return chosen;
}

async function main() {
  assert.deepEqual(fixture.fixedCounts, { errors: 0, warnings: 0, infos: 0, hints: 0 }, 'the fixed text is clean for the core');
  assert.ok(fixture.brokenCounts.errors >= 4, `the rejected CSV has errors (core says ${JSON.stringify(fixture.brokenCounts)})`);
  const work = mkdtempSync(join(tmpdir(), 'nhi-ui-keyboard-'));
  const workspace = join(work, 'workspace');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(fixture.settings, null, 2));
  const csv = join(workspace, fixture.fileName);
  writeFileSync(csv, fixture.broken);
  await inWorkbench({ name: 'keyboard', work, workspace }, async (page) => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: fixture.fileName }).waitFor({ timeout: TIMEOUT });

    // Quick Open (Ctrl+P), the file's name, Enter.
    await page.keyboard.press('Control+P');
    await quickInput(page).locator('input').waitFor({ state: 'visible', timeout: TIMEOUT });
    await page.keyboard.type(fixture.fileName);
    await quickInput(page).locator('.monaco-list-row.focused', { hasText: fixture.fileName }).waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    await page.locator('[id="status.editor.mode"]', { hasText: 'NHI Imaging Upload CSV' }).waitFor({ timeout: TIMEOUT });
    await assertEditorFocused(page, 'Quick Open');
    // The BOM is not in the editor's text: the server reads it from the file on disk, a warning like the core's.
    const rejected = await waitForProblemCounts(page, fixture.brokenCounts, 'the rejected CSV opened');
    await shot(page, '1-rejected');

    // F8 from problem to problem until the Gregorian birth date's.
    await nextProblemUntil(page, 'F09-format');
    await shot(page, '2-next-problem');

    // Ctrl+. lists its quick fixes; the arrow keys reach the ROC date; Enter applies it.
    await page.keyboard.press('Control+.');
    const roc = /Write as ROC (\d{7})/.exec(await chooseAction(page, /^Write as ROC \d{7}$/, '3-quick-fix'))[1];
    await page.locator('.view-lines .view-line', { hasText: `,${roc},` }).first().waitFor({ timeout: TIMEOUT });
    await waitForProblemCounts(page, { errors: rejected.errors - 1, warnings: rejected.warnings }, 'the quick fix applied');
    await assertEditorFocused(page, 'the quick fix');
    await page.keyboard.press('Escape');

    // The rest from the command palette: "NHI Imaging: Fix All"; undone with Ctrl+Z, the same with "Source Action…",
    // whose fix-all VS Code resolves (the server makes its edit then); then Ctrl+S.
    await runFromPalette(page, 'NHI Imaging: Fix All', 'NHI Imaging: Fix All');
    await waitForProblemCounts(page, { errors: 0, warnings: rejected.warnings }, 'Fix All');
    await assertEditorFocused(page, 'Fix All');
    await shot(page, '4-fixed-all');
    await page.keyboard.press('Control+Z');
    await waitForProblemCounts(page, { errors: rejected.errors - 1, warnings: rejected.warnings }, 'Fix All undone');
    await runFromPalette(page, 'Source Action', 'Source Action...');
    await chooseAction(page, /^Fix all auto-fixable problems \(\d+ in this file\)$/, '5-source-action');
    await waitForProblemCounts(page, { errors: 0, warnings: rejected.warnings }, 'Source Action… Fix all');
    await assertEditorFocused(page, 'Source Action…');
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active:not(.dirty)').waitFor({ timeout: TIMEOUT });
    assert.equal(readFileSync(csv, 'utf8'), `\uFEFF${fixture.fixed}`, 'the file on disk after Ctrl+S: the fixed text after the BOM VS Code keeps');
    await waitForProblemCounts(page, { errors: 0, warnings: rejected.warnings }, 'saved with its BOM');

    // The BOM, left on disk: as its warning says, Change File Encoding (from the palette), Save with Encoding, UTF-8.
    await runFromPalette(page, 'Change File Encoding', 'Change File Encoding');
    await pickInQuickPick(page, 'Select Action', 'Save with Encoding', 'Save with Encoding');
    await pickInQuickPick(page, 'Select File Encoding to Save with', 'UTF-8', 'UTF-8');
    await waitForProblemCounts(page, { errors: 0, warnings: 0 }, 'saved as UTF-8');
    await assertEditorFocused(page, 'Save with Encoding');
    assert.equal(readFileSync(csv, 'utf8'), fixture.fixed, 'the file on disk: the fixed text');

    // The Problems panel (Ctrl+Shift+M) has nothing for the file.
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    await problems.waitFor({ state: 'visible', timeout: TIMEOUT });
    await problems.locator('.message-box-container', { hasText: 'No problems have been detected' }).waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.equal(await problems.locator('.monaco-list-row', { hasText: fixture.fileName }).count(), 0, 'no entry for the file in the Problems panel');
    const clean = await readProblemCounts(page);
    assert.equal(clean.infos, 0, `no information left either (${clean.text})`);
    await shot(page, '6-clean');

    console.log(`UI test passed: a rejected CSV (${counted(rejected.errors, 'error')}, ${counted(rejected.warnings, 'warning')}) made clean with the keyboard alone; screenshots in test-artifacts/`);
  });
}

await main();
