import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_FILE_NAME } from '../fixtures/rows';
import { checkJson, line, removeDir, runCli, standaloneRows, tempDir, validRow } from './helpers';

const NOW = ['--now', '2025-11-25T09:00'];

describe('nhi-imaging check and fix: rule severities from --settings and --rule', function () {
  this.timeout(120_000);
  let dir: string;
  let csv: string;
  const [a, b] = standaloneRows(2);
  /** Row 1: a national ID whose check digit fails (F08-checksum, a warning by default); row 2: a Gregorian birth date (F09-format). */
  const rows = () => {
    const id = validRow(a);
    id[7] = id[7].slice(0, 9) + String((Number(id[7][9]) + 1) % 10);
    const birth = validRow(b);
    birth[8] = `${Number(birth[8].slice(0, 3)) + 1911}${birth[8].slice(3)}`;
    return [id, birth];
  };

  beforeEach(() => {
    dir = tempDir();
    csv = join(dir, FIXTURE_FILE_NAME);
    writeFileSync(csv, `${rows().map(line).join('\r\n')}\r\n`);
  });
  afterEach(() => removeDir(dir));

  const levels = (extra: string[]) => {
    const { run, report } = checkJson([csv], [...NOW, ...extra]);
    const by = (code: string) => report.files[0].diagnostics.find((d) => d.code === code)?.severity ?? 'none';
    return { status: run.status, checksum: by('F08-checksum'), birth: by('F09-format') };
  };

  it('--rule sets one rule\'s level or turns it off, after the defaults', () => {
    assert.deepEqual(levels([]), { status: 1, checksum: 'warning', birth: 'error' });
    assert.deepEqual(levels(['--rule', 'F08-checksum=error', '--rule', 'F09-format=off']), { status: 1, checksum: 'error', birth: 'none' });
    assert.deepEqual(levels(['--rule', 'F09-format=information']), { status: 0, checksum: 'warning', birth: 'information' });
  });

  it('--settings reads a settings.json with comments and trailing commas, and --rule goes after it', () => {
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, '{\n  // the team\'s rules, https://example.org/rules\n  "nhiImaging.severity": { "F09-format": "warning", "F10-order-code": "loud", },\n  "nhiImaging.idChecksumSeverity": "off",\n}\n');
    assert.deepEqual(levels(['--settings', settings]), { status: 0, checksum: 'none', birth: 'warning' });
    assert.deepEqual(levels(['--settings', settings, '--rule', 'F08-checksum=information']), { status: 0, checksum: 'information', birth: 'warning' });
  });

  it('--settings reads a settings.json that starts with a UTF-8 byte order mark (Windows Notepad writes one), as VS Code reads it', () => {
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, '\ufeff{\r\n  "nhiImaging.severity": { "F09-format": "warning" }\r\n}\r\n');
    assert.deepEqual(levels(['--settings', settings]), { status: 0, checksum: 'warning', birth: 'warning' });
  });

  it('--settings reads the settings of a .code-workspace file, and nested nhiImaging objects', () => {
    const workspace = join(dir, 'nhi.code-workspace');
    writeFileSync(workspace, JSON.stringify({ folders: [{ path: '.' }], settings: { 'nhiImaging.severity': { 'F09-format': 'off' } } }));
    assert.deepEqual(levels(['--settings', workspace]), { status: 1, checksum: 'warning', birth: 'none' });
    const nested = join(dir, 'nested.json');
    writeFileSync(nested, JSON.stringify({ nhiImaging: { idChecksumSeverity: 'error' } }));
    assert.deepEqual(levels(['--settings', nested]), { status: 1, checksum: 'error', birth: 'error' });
  });

  it('refuses an unknown rule or level, and a settings file it cannot read or parse, naming the line (exit 2)', () => {
    const unknown = runCli(['check', '--lang', 'en', '--rule', 'F99-nothing=off', csv]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no rule "F99-nothing"/);
    assert.match(runCli(['check', '--lang', 'en', '--rule', 'F09-format=loud', csv]).stderr, /must be one of error, warning, information, hint, off/);
    assert.match(runCli(['check', '--lang', 'en', '--rule', 'F09-format', csv]).stderr, /--rule takes RULE=LEVEL/);
    assert.match(runCli(['check', '--lang', 'en', '--settings', join(dir, 'none.json'), csv]).stderr, /cannot be read: no such file/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "nhiImaging.severity": {\n    "F09-format": off\n  }\n}\n');
    const parsed = runCli(['check', '--lang', 'en', '--settings', broken, csv]);
    assert.equal(parsed.status, 2);
    assert.match(parsed.stderr, /is no JSON settings file at line 3/);
  });

  it('fix leaves what a rule turned off finds as it is, and checks the result with the same levels', () => {
    const before = readFileSync(csv, 'utf8');
    const run = runCli(['fix', '--lang', 'en', ...NOW, '--rule', 'F09-format=off', '--rule', 'F-too-long=off', csv]);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /nothing to fix automatically/);
    assert.equal(readFileSync(csv, 'utf8'), before);
    const fixed = runCli(['fix', '--lang', 'en', ...NOW, '--rule', 'F08-checksum=off', csv]);
    assert.equal(fixed.status, 0, fixed.stdout);
    assert.match(fixed.stdout, /fixed 1 problem\n    2:\d+  F09-format/);
    assert.doesNotMatch(fixed.stdout, /F08-checksum/);
  });
});
