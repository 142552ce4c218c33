import { strict as assert } from 'node:assert';
import { defaultOptions } from '../../../server/src/core/options';
import { EXAMPLE_FILE_NAME, EXAMPLE_NOW, exampleLine } from '../../../server/src/core/spec/example';
import { validateText } from '../../../server/src/core/validate';
import type { Finding } from '../../../server/src/core/types';
import { applyEdits } from './edits';

const options = defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME, lang: 'en' });
const ROWS = [exampleLine(), exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' }), exampleLine({ 11: '3', 14: 'DCF3501200000_C00000000003.7z' })];
const serious = (text: string, opts = options): Finding[] => validateText(text, opts).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');

describe('FILE-line-ends', () => {
  it('a classic Mac file (Excel for Mac "CSV (Macintosh)"): one warning on line 1 naming the style, the rows where the editor shows them', () => {
    const text = ROWS.join('\r') + '\r';
    const found = validateText(text, options).findings;
    const lineEnds = found.filter((f) => f.ruleId === 'FILE-line-ends');
    assert.equal(lineEnds.length, 1);
    const [f] = lineEnds;
    assert.deepEqual([f.severity, f.row, f.range], ['warning', null, { start: { line: 0, character: 0 }, end: { line: 0, character: ROWS[0].length } }]);
    assert.match(f.message.en, /lines end in a lone CR \(classic Mac.*3 from line 1 on.*whole file as one row; use CRLF line ends throughout/);
    assert.match(f.message['zh-TW'], /單獨的 CR.*第 1 行起共 3 處.*CRLF/);
    assert.deepEqual(serious(text).map((x) => x.ruleId), ['FILE-line-ends']);
    // The row findings stand on the lines an editor shows (a lone CR is a line break there).
    const deadlines = found.filter((x) => x.ruleId === 'DEADLINE').map((x) => [x.row, x.range.start.line]);
    assert.deepEqual(deadlines, [[0, 0], [1, 1], [2, 2]]);
  });

  it('the fix writes CRLF for each lone CR, and leaves nothing to flag', () => {
    const text = ROWS.join('\r') + '\r';
    const [f] = serious(text);
    assert.equal(f.fixes?.length, 1);
    assert.equal(f.fixes![0].kind, 'line-ends');
    assert.equal(f.fixes![0].edits.length, 3);
    const fixed = applyEdits(text, f.fixes![0].edits);
    assert.equal(fixed, ROWS.join('\r\n') + '\r\n');
    assert.deepEqual(serious(fixed), []);
  });

  it('CRLF and LF mixed: nothing (NOTES allows both)', () => {
    assert.deepEqual(serious(`${ROWS[0]}\r\n${ROWS[1]}\n${ROWS[2]}\r\n`), []);
    assert.deepEqual(serious(`${ROWS[0]}\n${ROWS[1]}\n${ROWS[2]}`), []);
  });

  it('a lone CR among LF lines: the first one\'s line, and the fix writes LF, the file\'s own line break', () => {
    const text = `${ROWS[0]}\n${ROWS[1]}\r${ROWS[2]}\n`;
    const [f] = serious(text);
    assert.equal(f.ruleId, 'FILE-line-ends');
    assert.equal(f.range.start.line, 1);
    assert.match(f.message.en, /^1 line ends in a lone CR \(classic Mac line ends\), the first on line 2, among lines ending in LF;.*use LF line ends throughout$/);
    assert.equal(applyEdits(text, f.fixes![0].edits), `${ROWS.join('\n')}\n`);
  });

  it('counts the lone CRs in English: 1 line ends and its fix changes 1 line end, 2 lines end and 2 line ends', () => {
    const [one] = serious(`${ROWS[0]}\r${ROWS[1]}\n${ROWS[2]}\n${ROWS[0]}\n`).filter((f) => f.ruleId === 'FILE-line-ends');
    assert.match(one.message.en, /^1 line ends in a lone CR .*a reader that splits lines at LF joins it with the next line into one row/);
    assert.equal(one.fixes![0].title.en, 'Change the 1 lone CR line end to LF');
    const [two] = serious(`${ROWS[0]}\r${ROWS[1]}\r${ROWS[2]}\n${ROWS[0]}\n${ROWS[1]}\n`).filter((f) => f.ruleId === 'FILE-line-ends');
    assert.match(two.message.en, /^2 lines end in a lone CR .*a reader that splits lines at LF joins each of them with the next line into one row/);
    assert.equal(two.fixes![0].title.en, 'Change the 2 lone CR line ends to LF');
  });

  it('a lone CR among CRLF and LF lines: CRLF, the more frequent', () => {
    const text = `${ROWS[0]}\r\n${ROWS[1]}\r${ROWS[2]}\r\n\n`;
    const [f] = serious(text);
    assert.match(f.message.en, /among lines ending in CRLF \/ LF/);
    assert.equal(applyEdits(text, f.fixes![0].edits), `${ROWS[0]}\r\n${ROWS[1]}\r\n${ROWS[2]}\r\n\n`);
  });

  it('switched off: no finding', () => {
    const off = defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME, severities: { 'FILE-line-ends': 'off' } });
    assert.deepEqual(serious(ROWS.join('\r'), off), []);
  });
});
