import type { Finding } from '../../core/types';
import type { Output } from '../output';
import type { Reporter, ReporterSettings } from './reporter';

/**
 * `{"files":[{"path":…,"diagnostics":[{"line","column","endLine","endColumn","field","severity","code","message"}]}]}`
 * with 1-based lines and columns, written as the findings come.
 */
export class JsonReporter implements Reporter {
  private firstFile = true;
  private firstFinding = true;

  constructor(private readonly out: Output, private readonly settings: ReporterSettings) {}

  begin(): void {
    this.out.write('{"files":[');
  }

  beginFile(path: string): void {
    this.out.write(`${this.firstFile ? '' : ','}\n{"path":${JSON.stringify(path)},"diagnostics":[`);
    this.firstFile = false;
    this.firstFinding = true;
  }

  finding(f: Finding): void {
    const d = {
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      field: f.field,
      severity: f.severity,
      code: f.ruleId,
      message: f.message[this.settings.lang],
    };
    this.out.write(`${this.firstFinding ? '\n' : ',\n'}${JSON.stringify(d)}`);
    this.firstFinding = false;
  }

  endFile(): void {
    this.out.write(']}');
  }

  end(): void {
    this.out.write('\n]}\n');
  }
}
