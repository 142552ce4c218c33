import { bi } from '../i18n';
import { ArchiveError } from './errors';
import { DEFAULT_LIMITS, type ArchiveLimits } from './types';

export function resolveLimits(partial?: Partial<ArchiveLimits>): ArchiveLimits {
  return { ...DEFAULT_LIMITS, ...partial };
}

/** Counts decoded bytes for one opened archive and fails once the total cap is passed. */
export class InflateBudget {
  used = 0;
  constructor(private readonly limits: ArchiveLimits, private readonly path: string) {}

  spend(n: number): void {
    this.used += n;
    if (this.used > this.limits.maxTotalBytes) {
      throw new ArchiveError('limit-exceeded', bi(`${this.path}：解碼總量超過 ${this.limits.maxTotalBytes} 位元組`, `${this.path}: more than ${this.limits.maxTotalBytes} bytes decoded in total`));
    }
  }

  checkEntry(name: string, size: number, wanted: number): void {
    if (Math.min(size, wanted) > this.limits.maxEntryBytes) {
      throw new ArchiveError('limit-exceeded', bi(`${name}：${size} 位元組，每個項目上限為 ${this.limits.maxEntryBytes}`, `${name}: ${size} bytes, the cap per entry is ${this.limits.maxEntryBytes}`));
    }
  }
}
