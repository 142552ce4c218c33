// A UI-level test in VS Code's display language zh-TW (declared for code-server as run-ui.mjs's workbench, with
// nhiImaging.language "auto"): the extension's command titles in the palette, its language name and status item,
// the server's hover, Problems texts and Output channel in Traditional Chinese, no %key% left untranslated.
// VS Code's own texts stay English: no language pack can be downloaded here.
// Screenshots go to test-artifacts/ui-zh-tw-*.png. Exits non-zero on any failure.
//   node test/vscode/ui/run-ui-zh-tw.mjs      (npm run test:ui builds first)
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../scripts/code-server.mjs';
import { artifacts, inWorkbench } from './workbench.mjs';

const CSV = '3501200000_20261125_001.csv';
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const nlsZh = JSON.parse(readFileSync(join(repoRoot, 'package.nls.zh-tw.json'), 'utf8'));
const zh = (value) => nlsZh[/^%(.+)%$/.exec(value)[1]];
const CJK = /[\u4e00-\u9fff]/;

const shot = (page, name) => page.screenshot({ path: join(artifacts, `ui-zh-tw-${name}.png`) });

async function palette(page, text) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>${text}`);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'nhi-ui-zh-'));
  const workspace = join(work, 'workspace');
  cpSync(join(repoRoot, 'test', 'vscode', 'fixtures', 'workspace'), workspace, { recursive: true });
  const settingsFile = join(workspace, '.vscode', 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(readFileSync(settingsFile, 'utf8')), 'nhiImaging.language': 'auto' }, null, 2));
  await inWorkbench({ name: 'ui-zh-tw', work, workspace, locale: 'zh-tw' }, async (page) => {
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: CSV });
    await row.waitFor({ timeout: 60_000 });
    await row.click();
    await page.locator('[id="status.editor.mode"]', { hasText: '健保影像上傳 CSV' }).waitFor({ timeout: 30_000 });
    const ours = page.locator('.statusbar-item', { hasText: /\d+ 列/ });
    await ours.waitFor({ timeout: 30_000 });
    assert.match(await ours.getAttribute('aria-label'), /錯誤.*警告/s, 'the status item says its counts in Chinese');

    // The Explorer's deadlines view: its title from package.nls.zh-tw.json, its rows in Chinese.
    const deadlinesPane = page.locator('.pane-header', { hasText: zh(manifest.contributes.views.explorer.find((v) => v.id === 'nhiImaging.deadlines').name) });
    await deadlinesPane.waitFor({ timeout: 30_000 });
    if ((await deadlinesPane.getAttribute('aria-expanded')) === 'false') await deadlinesPane.click();
    const deadlineRow = page.locator('.pane-body .monaco-list-row', { hasText: /(尚餘|已逾期) .+ · 第 \d+ 列/ }).first();
    await deadlineRow.waitFor({ timeout: 30_000 });
    await shot(page, 'deadlines');

    // Every command an upload CSV's editor offers, by its zh-TW title in its zh-TW category.
    const category = zh(manifest.contributes.commands[0].category);
    await palette(page, `${category}: `);
    await shot(page, 'palette');
    const listed = await page.locator('.quick-input-list .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    await page.keyboard.press('Escape');
    const offered = manifest.contributes.commands.filter((c) => c.command !== 'nhiImaging.treatAsUploadCsv');
    for (const c of offered) assert.ok(listed.some((l) => l.startsWith(`${category}: ${zh(c.title)}`)), `${c.command} as 「${category}: ${zh(c.title)}」 in ${JSON.stringify(listed)}`);
    for (const l of listed) assert.doesNotMatch(l, /%[\w.]+%|NHI Imaging/, 'no untranslated title');

    // The server answers in Chinese: the hover of an order code and the texts of the Problems panel.
    // The cursor on the cell, by keyboard: the Chinese inlay hints push it past the right edge of the editor.
    const firstRow = readFileSync(join(workspace, CSV), 'utf8').split(/\r?\n/)[0];
    await page.keyboard.press('Control+G');
    await page.keyboard.type(`1:${firstRow.indexOf(',33070B,') + 2}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover', { hasText: '序號10' });
    await hover.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await hover.innerText(), /電腦斷層造影/);
    await page.waitForTimeout(500);
    await shot(page, 'hover');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+M');
    const markers = page.locator('.markers-panel .monaco-list-row .marker-message-details, .markers-panel .monaco-list-row .marker-message');
    await markers.first().waitFor({ timeout: 30_000 });
    const messages = await page.locator('.markers-panel .monaco-list-row[aria-label^="Error"], .markers-panel .monaco-list-row[aria-label^="Warning"]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('aria-label')),
    );
    assert.ok(messages.length > 0, 'problems listed');
    for (const m of messages) assert.match(m, CJK, `a problem in Chinese: ${m}`);
    await shot(page, 'problems');

    // The Output channel, named in Chinese, logs the display language and a running server in Chinese.
    await palette(page, `${category}: ${nlsZh['command.showServerLog']}`);
    await page.keyboard.press('Enter');
    await page.locator('.panel .monaco-editor .view-lines', { hasText: '健保影像上傳：語言伺服器執行中' }).first().waitFor({ timeout: 30_000 });
    // The editor writes spaces as no-break spaces.
    assert.match((await page.locator('.panel .monaco-editor .view-lines').first().innerText()).replace(/\s+/g, ' '), /顯示語言 zh-tw/);
    await shot(page, 'output');
    console.log(`UI test passed: display language zh-TW, ${offered.length} commands titled in Chinese, hover, ${messages.length} problems and the Output channel in Chinese; screenshots in test-artifacts/`);
  });
}

await main();
