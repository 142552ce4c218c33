// The build plan's read of source DICOM headers (scanDicomHeader), per file, against another tree's in the same run.
// Files: 300 generated CT instances of 512x512 (a third Implicit VR) and the bundled sample draft's, or pydicom's
// test files with PLAN_SCAN_SET=pydicom (many odd ones, refused or read by dicom-parser). Alternates this tree with
// PLAN_SCAN_COMPARE (a tree with node_modules, e.g. from `git archive REV`), PLAN_SCAN_PAIRS times (default 3).
// Run: node --import tsx test/bench/plan-scan.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PYDICOM = '/usr/lib/python3/dist-packages/pydicom/data/test_files';

if (process.argv[2] === 'child') await child(process.argv[3], process.argv[4]);
else await main();

async function child(tree, dir) {
  const { scanDicomHeader } = await import(join(tree, 'server/src/core/dicom/dicomdir-build-scan.ts'));
  const files = readdirSync(dir).filter((f) => f.endsWith('.dcm')).map((f) => join(dir, f));
  const samples = readdirSync(join(root, 'samples/draft'), { recursive: true }).map(String).filter((f) => f.endsWith('.dcm')).map((f) => join(root, 'samples/draft', f));
  const all = [...files, ...samples];
  let planned = 0;
  const round = async () => {
    planned = 0;
    for (const f of all) planned += await scanDicomHeader(f).then(() => 1, () => 0);
  };
  for (let i = 0; i < 5; i++) await round();
  const rounds = 30;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < rounds; i++) await round();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ files: all.length, planned, usPerFile: Math.round((ms * 1000) / (rounds * all.length)), cpuUsPerFile: Math.round((cpu.user + cpu.system) / (rounds * all.length)) }));
}

async function main() {
  const compare = process.env.PLAN_SCAN_COMPARE;
  const pairs = Number(process.env.PLAN_SCAN_PAIRS ?? 3);
  const work = mkdtempSync(join(tmpdir(), 'nhi-plan-scan-'));
  try {
    let dir = PYDICOM;
    if (process.env.PLAN_SCAN_SET !== 'pydicom') {
      const { makeInstance } = await import(join(root, 'test/fixtures/dicom.ts'));
      const { TS } = await import(join(root, 'server/src/core/dicom/uids.ts'));
      dir = work;
      for (let i = 0; i < 300; i++) {
        const transferSyntax = i % 3 === 0 ? TS.ImplicitVRLittleEndian : TS.ExplicitVRLittleEndian;
        writeFileSync(join(dir, `IM${i}.dcm`), makeInstance({ modality: 'CT', rows: 512, columns: 512, transferSyntax }).bytes);
      }
    }
    const run = (tree) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'child', tree, dir], { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      return JSON.parse(r.stdout.trim().split('\n').pop());
    };
    console.log('| pair | this tree: µs per file (CPU) | compared tree: µs per file (CPU) |');
    console.log('|---:|---:|---:|');
    for (let i = 1; i <= pairs; i++) {
      const ours = run(root);
      const theirs = compare ? run(compare) : undefined;
      console.log(`| ${i} | ${ours.usPerFile} (${ours.cpuUsPerFile}); ${ours.planned} of ${ours.files} planned | ${theirs ? `${theirs.usPerFile} (${theirs.cpuUsPerFile}); ${theirs.planned} of ${theirs.files} planned` : '–'} |`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
