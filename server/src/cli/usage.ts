// The help of `nhi-imaging`, in the language of the messages (--lang, else the system's).
import { bi } from '../core/i18n';

export const BUILD_USAGE = bi(
  `build 與 resend：
  nhi-imaging build <草稿 CSV> [-o|--out 資料夾] [--format 7z|cab] [--date YYYYMMDD] [--ledger 路徑]
                    [--force] [--rebuild-dicomdir] [--level 0|1|3|5] [--lang zh-TW|en]
                    [--settings 檔案] [--rule 規則代碼=等級]…
      將草稿每列的影像（序號14「影像壓縮檔名稱」所寫的資料夾或檔案，相對於 CSV）打包成
      附 DICOMDIR 的 DCF/ATT 壓縮檔，以新的案件編號命名，寫出
      {醫事機構代碼}_{系統日期}_{序號}.csv 並檢查結果。輸出：--out（預設為草稿旁的
      ./upload）。影像解析度不足或影像類別與醫令不符時停止建置，除非加 --force。
      --level：7z 壓縮等級，0 不壓縮（預設），1、3、5 以 LZMA2 壓縮。每個壓縮檔上限 4.5 GB：
      影像超過者不壓縮即拒絕；壓縮時依壓縮檔實際大小判斷，一超過即停止打包。
      --settings、--rule：同 check，各規則的嚴重度；設為 warning 或 off 的規則
      （如 A14-dicom-attribute）不阻止建置。
  nhi-imaging resend --ledger 路徑 --rows KEY|CASE[,…] [-o|--out 資料夾] [--date YYYYMMDD]
                     [--rebuild-dicomdir] [--lang zh-TW|en] [--settings 檔案] [--rule 規則代碼=等級]…
      產生新的批次，各列與已送出的列逐位元組相同（沿用或重新產生壓縮檔）。
      輸出：--out（預設：第一列上次送出的批次所在的資料夾）。KEY 為列鍵
      （序號1、4、5、6、8、10、11、15、16 以 | 相連），CASE 為案件編號；多個以逗號分隔。
      --settings、--rule 同 build：重新打包壓縮檔時據以判斷原始影像。原以建置產生的
      DICOMDIR 送出的列，重新打包時照樣產生；--rebuild-dicomdir 讓重新打包的壓縮檔一律產生
      新的 DICOMDIR，不沿用影像資料夾內的（該 DICOMDIR 已損壞，或帳冊早於此紀錄時）。
  結束代碼：0 已建置，1 草稿、其影像或帳冊有問題（未建置），2 用法錯誤、讀寫失敗或已取消。
  進度輸出至標準錯誤，摘要輸出至標準輸出。
`,
  `build / resend:
  nhi-imaging build <draft.csv> [-o|--out DIR] [--format 7z|cab] [--date YYYYMMDD] [--ledger PATH]
                    [--force] [--rebuild-dicomdir] [--level 0|1|3|5] [--lang zh-TW|en]
                    [--settings FILE] [--rule RULE=LEVEL]…
      Packs each draft row's images (field 14 = folder or files, relative to the CSV) into
      DCF/ATT archives with a DICOMDIR, names them with new case numbers, writes
      {hospital}_{date}_{sequence}.csv and checks the result. Output: --out (default ./upload
      beside the draft). Image size/modality problems stop the build unless --force.
      --level: 7z compression, 0 store (default), 1, 3, 5 LZMA2. An archive may hold 4.5 GB:
      a row whose images pass it is refused in store; compressed, it is judged by its archive,
      and packing stops as soon as that passes the limit.
      --settings, --rule: rule severities as for check; a rule made a warning or off (such
      as A14-dicom-attribute) does not stop the build.
  nhi-imaging resend --ledger PATH --rows KEY|CASE[,…] [-o|--out DIR] [--date YYYYMMDD]
                     [--rebuild-dicomdir] [--lang zh-TW|en] [--settings FILE] [--rule RULE=LEVEL]…
      A new batch whose rows are byte-identical to rows already sent (archives reused or rebuilt).
      Output: --out (default: the folder of the batch that last sent the first row). KEY is a
      row's key (fields 1, 4, 5, 6, 8, 10, 11, 15, 16 joined by |), CASE its case number;
      several are comma-separated. --settings and --rule as for build: they judge the source
      images of an archive packed again. A row sent with a DICOMDIR its build wrote gets one
      again; --rebuild-dicomdir writes a new one into every archive packed again instead of
      keeping the image folder's (broken since, or recorded by an older ledger).
  Exit status: 0 built, 1 the draft, its images or the ledger have problems (nothing built),
  2 usage error, I/O failure or cancelled. Progress goes to stderr, the summary to stdout.
`,
);

export const FIX_USAGE = bi(
  `fix：
  nhi-imaging fix <CSV 檔…> [--dry-run] [-o|--out 檔案] [--now ISO-8601] [--lang zh-TW|en]
                  [--settings 檔案] [--rule 規則代碼=等級]…
      套用編輯器「全部修正」會做的修正（民國日期、補 0、去除空白與引號、全形改半形、大寫、
      標題列、BOM、檔尾符號、空白列…），列出修正了什麼，以及需要人判斷、未修正的問題
      （兩位數年份的世紀、月日順序不明的日期、其他時區的時間…），再檢查修正後的結果。
      原檔改寫前保留為「檔名.csv.bak」（已有則 .bak2…）；--out 寫到新檔、不改原檔（沒有
      可修正的也寫出副本）；--dry-run 只列出，不寫入。非 UTF-8 的檔案不修正。--settings、--rule 同 check：
      關閉的規則不修正。
      結束代碼：0 修正後無錯誤，1 仍有錯誤，2 用法錯誤或無法讀寫。
`,
  `fix:
  nhi-imaging fix <files.csv…> [--dry-run] [-o|--out FILE] [--now ISO-8601] [--lang zh-TW|en]
                  [--settings FILE] [--rule RULE=LEVEL]…
      Applies the fixes the editor's "Fix All" applies (ROC dates, zero padding, spaces and
      quotes, full-width to half-width, upper case, header rows, BOM, end-of-file marks, empty
      rows…), lists them and the problems left for a person to choose (the century of a
      two-digit year, a date whose month/day order is not known, a time in another zone…),
      then checks the result. The original is kept as NAME.csv.bak (or .bak2…) before it is
      replaced; --out writes a new file (a copy when there is nothing to fix) and leaves the
      CSV as it is; --dry-run writes nothing.
      A file that is not UTF-8 is not fixed. --settings and --rule as for check: a rule
      that is off is not fixed.
      Exit status: 0 no errors left, 1 errors left, 2 usage error or a file not read or written.
`,
);

export const USAGE = bi(
  `nhi-imaging：臺灣健保醫療檢查影像上傳批次

用法：
  nhi-imaging check [選項] <檔案或資料夾…>          檢查上傳 CSV（資料夾：其下所有 *.csv；
                                                     -：從標準輸入讀取一個 CSV）
  nhi-imaging fix <CSV 檔…> [選項]                   套用可自動完成的修正，再檢查（見下方）
  nhi-imaging build <草稿 CSV> [選項]                將草稿打包成上傳批次（見下方）
  nhi-imaging resend --ledger 路徑 --rows KEYS       以已送出的列重新產生批次，內容逐位元組相同
  nhi-imaging lsp --stdio                            經由標準輸入輸出執行語言伺服器
                                                     （亦可 --node-ipc、--socket=PORT 或 --pipe=NAME）
  nhi-imaging --help（-h）| --version（-v）
--lang zh-TW|en 可寫在命令之前或之後（nhi-imaging --lang en check …），各命令皆然。

check 選項：
  -f, --format text|json|sarif    輸出格式（預設 text）
      --now ISO-8601              24 小時上傳獎勵期限與「晚於現在的時間」所依據的參考時間
                                  （預設：現在；未含時區時為臺灣時間，UTC+8）
      --lang zh-TW|en             訊息與本說明的語言（預設：系統的語言）
      --min-severity 等級         只顯示此等級以上的結果：error（錯誤）、warning（警告）、
                                  information（資訊，預設）或 hint（提示）
      --archives                  一併檢查每列的 7z/CAB 壓縮檔（DICOMDIR、DICOM、JPG、大小）；
                                  草稿則檢查序號14 的影像路徑
      --full                      同 --archives，並驗證所有檢查碼、完整讀取影像
      --archive-dir 資料夾        壓縮檔所在的資料夾（預設：CSV 所在的資料夾）
      --stdin-filename 路徑       從 - 讀取的 CSV 的檔名與位置（用於檔名規則與壓縮檔）；
                                  未指定時不檢查檔名
      --settings 檔案             從 VS Code 的 settings.json 或 .code-workspace 讀取各規則的嚴重度
                                  （nhiImaging.severity、nhiImaging.idChecksumSeverity）
      --rule 規則代碼=等級        設定一條規則的嚴重度：error、warning、information、hint 或 off
                                  （可重複；在 --settings 之後套用）

${FIX_USAGE['zh-TW']}
${BUILD_USAGE['zh-TW']}
check 的結束代碼：0 無錯誤，1 有錯誤，2 用法錯誤或有檔案無法讀取。
`,
  `nhi-imaging: Taiwan NHI (健保) medical-imaging upload batches

Usage:
  nhi-imaging check [options] <files or folders…>   check upload CSVs (folders: every *.csv below;
                                                     - reads one from standard input)
  nhi-imaging fix <files.csv…> [options]             apply the fixes that need no choice, then check (below)
  nhi-imaging build <draft.csv> [options]            pack a draft into an upload batch (see below)
  nhi-imaging resend --ledger PATH --rows KEYS       rebuild a batch of rows already sent, byte-identical
  nhi-imaging lsp --stdio                            run the language server over stdio
                                                     (also --node-ipc, --socket=PORT or --pipe=NAME)
  nhi-imaging --help (-h) | --version (-v)
--lang zh-TW|en may stand before the command or after it (nhi-imaging --lang en check …), for every command.

check options:
  -f, --format text|json|sarif    output format (default text)
      --now ISO-8601              reference time for the 24-hour incentive deadline and
                                  for times later than now (default: now; without a zone
                                  it is Taiwan time, UTC+8)
      --lang zh-TW|en             language of the messages and of this help (default: the system's)
      --min-severity LEVEL        show error, warning, information (default) or hint and above
      --archives                  also check each row's 7z/CAB archive (DICOMDIR, DICOM, JPG, sizes);
                                  in a draft, the image paths of field 14
      --full                      like --archives, and verify every checksum and read images whole
      --archive-dir DIR           where the archives are (default: beside the CSV)
      --stdin-filename PATH       the name and place of the CSV read from - (file-name rules,
                                  archives); without it the file name is not checked
      --settings FILE             rule severities from a VS Code settings.json or .code-workspace
                                  (nhiImaging.severity, nhiImaging.idChecksumSeverity)
      --rule RULE=LEVEL           one rule's severity: error, warning, information, hint or off
                                  (repeatable; applied after --settings)

${FIX_USAGE.en}
${BUILD_USAGE.en}
Exit status of check: 0 no errors, 1 errors found, 2 usage error or a file could not be read.
`,
);
