/** The archive check's English counts of files: "1 file is", "2 files are", never "file(s)". */
import { strict as assert } from 'node:assert';
import type { ArchiveEntry, ArchiveReader } from '../../../server/src/core/archive/types';
import { inspectArchive } from '../../../server/src/core/images/inspect';

/** A 7z reader over entries of 3 bytes that are no image, encrypted or not. */
function readerOf(encrypted: boolean[]): ArchiveReader {
  const entries = encrypted.map((e, index): ArchiveEntry => ({
    index, name: `IMG${index}.jpg`, rawName: `IMG${index}.jpg`, size: 3, packedSize: 3, crc32: null, isDirectory: false,
    isSymlink: false, attributes: null, encrypted: e, method: e ? 'aes' : 'copy', mtime: null,
  }));
  return {
    kind: '7z', path: 'ATT.7z', fileSize: 100, notices: [],
    entries: () => entries,
    readEntry: async () => Uint8Array.from([0x61, 0x62, 0x63]),
    streamEntry: async function* () { yield Uint8Array.from([0x61, 0x62, 0x63]); },
    verify: async () => ({ ok: true, entriesChecked: 0, bytesChecked: 0, problems: [] }),
    close: async () => undefined,
  };
}

async function messageOf(encrypted: boolean[], ruleId: string): Promise<string> {
  const content = await inspectArchive(readerOf(encrypted), { layout: 'att', mode: 'quick' });
  const issue = content.issues.issues().find((i) => i.ruleId === ruleId);
  assert.ok(issue, `${ruleId} among ${content.issues.issues().map((i) => i.ruleId).join(', ')}`);
  return issue.message.en;
}

describe('images/inspect: counts of files in English', () => {
  it('A14-encrypted: 1 file is, 2 files are password-encrypted', async () => {
    assert.match(await messageOf([true], 'A14-encrypted'), /^1 file is password-encrypted/);
    assert.match(await messageOf([true, true], 'A14-encrypted'), /^2 files are password-encrypted/);
  });

  it('A14-empty: the files of an archive without a readable image, 1 file or 2 files', async () => {
    assert.match(await messageOf([false], 'A14-empty'), /^no readable image in the archive \(1 file\)/);
    assert.match(await messageOf([false, false], 'A14-empty'), /^no readable image in the archive \(2 files\)/);
  });
});
