/** A ledger edited by hand: saved again by Windows tools, or with a record damaged. */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';

describe('nhi-imaging build and resend with a ledger edited by hand', function () {
  this.timeout(120_000);
  let dir: string;
  let draft: string;
  let ledger: string;
  let sent: string;
  beforeEach(() => {
    dir = tempDir();
    draft = writeSampleDraft(dir);
    const built = runCli(['build', draft, '--out', join(dir, 'a'), '--date', '20261125', '--lang', 'en']);
    assert.equal(built.status, 0, built.stderr);
    ledger = join(dir, '.nhi-imaging', 'ledger.jsonl');
    sent = readFileSync(ledger, 'utf8');
  });
  afterEach(() => removeDir(dir));

  const caseOfRow = (text: string, n: number): string => (JSON.parse(text.split('\n').filter((l) => l.includes('"t":"row"'))[n]) as { case: string }).case;
  const resend = (rows: string, out: string) => runCli(['resend', '--ledger', ledger, '--rows', rows, '--out', join(dir, out), '--date', '20261125', '--lang', 'en']);

  it('reads a ledger saved with a byte order mark and CRLF line ends (Notepad, PowerShell 5\'s Set-Content -Encoding UTF8)', () => {
    writeFileSync(ledger, '\uFEFF' + sent.replace(/\n/g, '\r\n'));
    const again = resend(caseOfRow(sent, 0), 'b');
    assert.equal(again.status, 0, again.stderr);
    assert.ok(existsSync(join(dir, 'b', '3501200000_20261125_002.csv')), again.stdout);
    const rebuilt = runCli(['build', draft, '--out', join(dir, 'c'), '--date', '20261125', '--lang', 'en']);
    assert.equal(rebuilt.status, 0, rebuilt.stderr);
    assert.match(rebuilt.stdout, /This record was sent in 3501200000_20261125_001\.csv/, 'the sent rows are still known');
  });

  it('a ledger cut short inside its batch record: the rows are said to be built but never sent, not missing from it', () => {
    writeFileSync(ledger, sent.slice(0, sent.indexOf('"t":"batch"') + 20));
    const again = resend(`${caseOfRow(sent, 0).toLowerCase()},${caseOfRow(sent, 2)}`, 'b');
    assert.equal(again.status, 1, again.stderr);
    assert.match(again.stderr, new RegExp(`^nhi-imaging: ${caseOfRow(sent, 0).toLowerCase()}, ${caseOfRow(sent, 2)}: built, but its batch was never published .*so it was not sent; build it again$`, 'm'));
    const unknown = resend('261125ZZZZZZ', 'b');
    assert.match(unknown.stderr, /^nhi-imaging: Not in the ledger: 261125ZZZZZZ$/m);
  });

  it('refuses a ledger with a damaged record, naming its line and field, and changes nothing', () => {
    const lines = sent.trimEnd().split('\n');
    const at = lines.findIndex((l) => l.includes('"t":"row"'));
    const record = JSON.parse(lines[at]) as Record<string, unknown>;
    record.case = 123456;
    lines[at] = JSON.stringify(record);
    const edited = lines.join('\n') + '\n';
    writeFileSync(ledger, edited);

    const again = resend(caseOfRow(sent, 1), 'b');
    assert.equal(again.status, 1, again.stderr);
    assert.match(again.stderr, new RegExp(`Line ${at + 1} of the ledger .* is a damaged record \\(its case is missing or of the wrong type`));
    assert.doesNotMatch(again.stderr, /TypeError/);
    const rebuilt = runCli(['build', draft, '--out', join(dir, 'c'), '--date', '20261125', '--lang', 'zh-TW']);
    assert.equal(rebuilt.status, 1, rebuilt.stderr);
    assert.match(rebuilt.stderr, new RegExp(`第 ${at + 1} 行的紀錄已損壞（缺少 case`));
    assert.equal(readFileSync(ledger, 'utf8'), edited);
    assert.equal(existsSync(join(dir, 'b')) || existsSync(join(dir, 'c')), false, 'no output folder');
  });
});
