/**
 * The level of a build over the wire (node dist/server.js --stdio): nhiImaging/build packs a 7z at the request's
 * `level`, else at the setting buildCompressionLevel; a row whose images pass the archive limit is refused in store
 * with the remedy 'compress' (the editor's "Build compressed (LZMA2 level 1)"), and goes through at level 1; a level
 * 7-Zip is not asked for is answered InvalidParams. The limit is lowered (NHI_IMAGING_TEST_ARCHIVE_LIMIT), so that
 * megabytes stand for the 4.5 GB.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../../lsp/harness';
import { SAMPLE_ROWS, writeSampleDraft } from '../../../samples/draft/generate';
import { BUILD_REQUEST, type BuildResult } from '../../../server/src/shared/build';

/** The CT row's four 512x512 images come to about 2.1 MB; level 1 packs them well under this. */
const LIMIT = 1_000_000;

describe('language server over stdio: the compression level of a build', function () {
  this.timeout(90_000);
  let client: LspClient;
  let dir: string;
  let uri: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-lsp-level-'));
    client = await LspClient.start({
      pull: true,
      settings: { language: 'en', buildCompressionLevel: 1 },
      env: { NHI_IMAGING_TEST_ARCHIVE_LIMIT: String(LIMIT), NHI_IMAGING_OPEN_WORKER: '0' },
    });
    const draft = writeSampleDraft(dir, SAMPLE_ROWS.slice(0, 2));
    uri = pathToFileURL(draft).href;
    await client.open(uri, readFileSync(draft, 'utf8'));
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const build = (params: object) => client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20261125', ...params });

  it('in store refuses a row whose images pass the limit, naming compression as the remedy; at level 1 builds it', async () => {
    const refused = await build({ format: '7z', level: 0, outDir: join(dir, 'store') });
    assert.equal(refused.ok, false);
    assert.equal(refused.cancelled, false);
    assert.equal(refused.error!.remedy, 'compress', JSON.stringify(refused.error));
    assert.match(refused.error!.message, /^Row 1: [\d,]+ bytes .* exceed the 4\.5 GB limit \(1,000,000 bytes\) per archive.*--level 1/);
    assert.equal(existsSync(join(dir, 'store')), false, 'nothing is written');

    const built = await build({ format: '7z', level: 1, outDir: join(dir, 'level1') });
    assert.equal(built.ok, true, JSON.stringify(built.error));
    assert.equal(built.summary!.archives, 2);
    const ct = readFileSync(built.summary!.csvPath, 'utf8').split('\r\n')[0].split(',')[13];
    assert.ok(statSync(join(dir, 'level1', ct)).size < LIMIT, ct);
  });

  it('packs at the level of the setting when the request names none, and a CAB in MSZIP whatever the setting says', async () => {
    const built = await build({ format: '7z', outDir: join(dir, 'setting') });
    assert.equal(built.ok, true, JSON.stringify(built.error));
    const cab = await build({ format: 'cab', outDir: join(dir, 'cab') });
    assert.equal(cab.ok, false);
    assert.equal(cab.error!.remedy, 'compress', JSON.stringify(cab.error));
  });

  it('answers InvalidParams for a level 7-Zip is not asked for, a level for a CAB, or no URI, and goes on', async () => {
    for (const params of [{ uri, level: 2 }, { uri, level: 9 }, { uri, level: -1 }, { uri, level: '1' }, { uri, level: 1.5 }, { uri, format: 'cab', level: 1 }, { level: 1 }, null]) {
      await assert.rejects(client.request<BuildResult>(BUILD_REQUEST, params), (e: { code?: number }) => e.code === -32602, JSON.stringify(params));
    }
    const built = await build({ format: '7z', level: 5, outDir: join(dir, 'level5') });
    assert.equal(built.ok, true, JSON.stringify(built.error));
  });
});
