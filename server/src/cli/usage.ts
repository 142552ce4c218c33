import { BUILD_USAGE } from './build';

export const USAGE = `nhi-imaging: Taiwan NHI (健保) medical-imaging upload batches

Usage:
  nhi-imaging check [options] <files or folders…>   check upload CSVs (folders: every *.csv below)
  nhi-imaging build <draft.csv> [options]            pack a draft into an upload batch (see below)
  nhi-imaging resend --ledger PATH --rows KEYS       rebuild a batch of rows already sent, byte-identical
  nhi-imaging lsp --stdio                            run the language server over stdio
  nhi-imaging --help | --version

check options:
  -f, --format text|json|sarif    output format (default text)
      --now ISO-8601              reference time for the 24-hour upload deadline
                                  (default: now; without a zone it is Taiwan time, UTC+8)
      --lang zh-TW|en             message language (default: the system's)
      --min-severity LEVEL        show error, warning, information (default) or hint and above
      --archives                  also check each row's 7z/CAB archive (DICOMDIR, DICOM, JPG, sizes)
      --full                      like --archives, and verify every checksum and read images whole
      --archive-dir DIR           where the archives are (default: beside the CSV)

${BUILD_USAGE}
Exit status of check: 0 no errors, 1 errors found, 2 usage error or a file could not be read.
結束代碼：0 無錯誤，1 有錯誤，2 用法錯誤或有檔案無法讀取。
`;
