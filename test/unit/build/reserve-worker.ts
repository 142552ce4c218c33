// Reserves case numbers in a loop; run as a separate process by ledger.test.ts.
// Every worker draws the same "random" characters, so only the ledger and its lock keep them apart.
import { reserve } from '../../../server/src/core/build/ledger';

async function main(): Promise<void> {
  const [ledgerPath, count, startAt] = process.argv.slice(2);
  await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
  // Six draws make one case number: the k-th attempt spells k in base `max`, identically in every worker.
  let draw = 0;
  const sameEverywhere = (max: number): number => {
    const attempt = Math.floor(draw / 6);
    const digit = 5 - (draw++ % 6);
    return Math.floor(attempt / max ** digit) % max;
  };
  const got: { cases: string[]; sequence: number }[] = [];
  for (let i = 0; i < Number(count); i++) {
    const r = await reserve(ledgerPath, { hospital: '3501200000', date: '20261125', caseCount: 2, build: `w${process.pid}`, random: sameEverywhere });
    got.push({ cases: r.cases, sequence: r.sequence });
  }
  process.stdout.write(JSON.stringify(got));
}

void main();
