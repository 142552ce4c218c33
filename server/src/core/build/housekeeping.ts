import { bi } from '../i18n';
import type { Bilingual } from '../types';
import type { BuildSummary } from './types';
import { orphanWarning } from './orphans';

/** What a build did besides its own batch: leftovers of interrupted builds removed, their published batches recorded. */
/** What the user must know of the output folder before uploading it: archives of interrupted builds that no row names. */
export function housekeepingWarnings(s: Pick<BuildSummary, 'outDir' | 'orphanArchives'>): Bilingual[] {
  const warning = orphanWarning(s.outDir, s.orphanArchives ?? []);
  return warning ? [warning] : [];
}

export function housekeepingNotes(s: Pick<BuildSummary, 'leftoversRemoved' | 'recoveredBatches'>): Bilingual[] {
  return [
    ...(s.leftoversRemoved ?? []).map((name) => bi(`已移除中斷建置留下的暫存檔：${name}`, `removed a leftover of an interrupted build: ${name}`)),
    ...(s.recoveredBatches ?? []).map((csv) => bi(`中斷的建置已發布 ${csv}，其列已記為送出`, `an interrupted build had published ${csv}; its rows are recorded as sent`)),
  ];
}
