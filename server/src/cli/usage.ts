export const BUILD_USAGE = `build / resend:
  nhi-imaging build <draft.csv> [--out DIR] [--format 7z|cab] [--date YYYYMMDD] [--ledger PATH]
                    [--force] [--rebuild-dicomdir] [--level 0|1|3|5] [--lang zh-TW|en]
      Packs each draft row's images (field 14 = folder or files, relative to the CSV) into
      DCF/ATT archives with a DICOMDIR, names them with new case numbers, writes
      {hospital}_{date}_{sequence}.csv and checks the result. Output: --out (default ./upload
      beside the draft). Image size/modality problems stop the build unless --force.
  nhi-imaging resend --ledger PATH --rows KEY|CASE[,…] [--out DIR] [--date YYYYMMDD]
                     [--lang zh-TW|en]
      A new batch whose rows are byte-identical to rows already sent (archives reused or rebuilt).
      Output: --out (default: the current folder).
  Exit status: 0 built, 1 the draft, its images or the ledger have problems (nothing built),
  2 usage error, I/O failure or cancelled. Progress goes to stderr, the summary to stdout.
  結束代碼：0 已建置，1 草稿、其影像或帳冊有問題（未建置），2 用法錯誤、讀寫失敗或已取消。
`;

export const USAGE = `nhi-imaging: Taiwan NHI (健保) medical-imaging upload batches

Usage:
  nhi-imaging check [options] <files or folders…>   check upload CSVs (folders: every *.csv below;
                                                     - reads one from standard input)
  nhi-imaging build <draft.csv> [options]            pack a draft into an upload batch (see below)
  nhi-imaging resend --ledger PATH --rows KEYS       rebuild a batch of rows already sent, byte-identical
  nhi-imaging lsp --stdio                            run the language server over stdio
  nhi-imaging --help | --version

check options:
  -f, --format text|json|sarif    output format (default text)
      --now ISO-8601              reference time for the 24-hour upload deadline and
                                  for times later than now (default: now; without a zone
                                  it is Taiwan time, UTC+8)
      --lang zh-TW|en             message language (default: the system's)
      --min-severity LEVEL        show error, warning, information (default) or hint and above
      --archives                  also check each row's 7z/CAB archive (DICOMDIR, DICOM, JPG, sizes)
      --full                      like --archives, and verify every checksum and read images whole
      --archive-dir DIR           where the archives are (default: beside the CSV)
      --stdin-filename PATH       the name and place of the CSV read from - (file-name rules,
                                  archives); without it the file name is not checked

${BUILD_USAGE}
Exit status of check: 0 no errors, 1 errors found, 2 usage error or a file could not be read.
結束代碼：0 無錯誤，1 有錯誤，2 用法錯誤或有檔案無法讀取。
`;
