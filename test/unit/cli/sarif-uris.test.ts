import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import { Output } from '../../../server/src/cli/output';
import { artifactUri, SarifReporter } from '../../../server/src/cli/report/sarif';
import type { Finding } from '../../../server/src/core/types';

/** SARIF locations of checked files, with Windows paths judged by Windows' path rules (path.win32). */
describe('cli/report/sarif: file URIs of Windows paths', () => {
  it('a base folder is a file: URI ending in one slash, a drive or share root too', () => {
//    assert.equal(folderUri('C:\\work\\batches', 'win32'), 'file:///C:/work/batches/');
//    assert.equal(folderUri('C:\\work\\batches\\', 'win32'), 'file:///C:/work/batches/');
//    assert.equal(folderUri('C:\\', 'win32'), 'file:///C:/');
//    assert.equal(folderUri('\\\\fileserver\\radiology\\batches', 'win32'), 'file://fileserver/radiology/batches/');
//    assert.equal(folderUri('\\\\fileserver\\radiology\\', 'win32'), 'file://fileserver/radiology/');
//    assert.equal(folderUri('\\\\fileserver\\radiology', 'win32'), 'file://fileserver/radiology/');
//    assert.equal(folderUri('/', 'linux'), 'file:///');
//    assert.equal(folderUri('/srv/batches/', 'linux'), 'file:///srv/batches/');
  });

  it('a file under the working folder is relative (also spelled in other letter case); others are file: URIs', () => {
    const share = '\\\\fileserver\\radiology\\batches';
    assert.equal(artifactUri(`${share}\\11月\\a b#1.csv`, share, 'win32'), '11%E6%9C%88/a%20b%231.csv');
    assert.equal(artifactUri('\\\\FILESERVER\\Radiology\\batches\\x.csv', share, 'win32'), 'x.csv');
    assert.equal(artifactUri('x.csv', '\\\\fileserver\\radiology\\', 'win32'), 'x.csv');
    assert.equal(artifactUri('\\\\fileserver\\radiology\\other\\x.csv', share, 'win32'), 'file://fileserver/radiology/other/x.csv');
    assert.equal(artifactUri('\\\\fileserver\\radiology\\batches\\x.csv', 'C:\\work', 'win32'), 'file://fileserver/radiology/batches/x.csv');
    assert.equal(artifactUri('D:\\x.csv', 'C:\\work', 'win32'), 'file:///D:/x.csv');
    assert.equal(artifactUri('..files.csv', 'C:\\work', 'win32'), '..files.csv', 'a name that begins with two dots is still inside');
    assert.equal(artifactUri('..\\x.csv', 'C:\\work', 'win32'), 'file:///C:/x.csv');
  });

  it('a run from a share root names the share as SRCROOT and its files relative to it', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    const out = new Output(stream);
    const reporter = new SarifReporter(out, { lang: 'en', cwd: '\\\\fileserver\\radiology\\', version: '0', rulesDocUrl: 'https://example.org/rules.md', platform: 'win32' });
    const finding: Finding = {
      ruleId: 'F05-visit-type', severity: 'error', field: 5, row: 0, message: { 'zh-TW': 'x', en: 'x' },
      range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } },
    };
    reporter.begin();
    reporter.beginFile('\\\\fileserver\\radiology\\batches\\3501200000_20251125_001.csv');
    reporter.finding(finding);
    reporter.endFile();
    reporter.end();
    await out.flush();
    const run = JSON.parse(Buffer.concat(chunks).toString('utf8')).runs[0];
    assert.equal(run.originalUriBaseIds.SRCROOT.uri, 'file://fileserver/radiology/');
    assert.deepEqual(run.results[0].locations[0].physicalLocation.artifactLocation, { uri: 'batches/3501200000_20251125_001.csv', uriBaseId: 'SRCROOT' });
  });
});
