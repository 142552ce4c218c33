import type { RuleSpec, Severity } from '../types';
import { exampleText, EXAMPLE_ROW } from './example';

/**
 * How a rule's example is fed to the validator (and shown in docs/rules.md):
 * - 'field': `example.bad`/`good` is the raw cell text of field `exampleField ?? field` in EXAMPLE_ROW;
 * - 'text': the whole CSV text;
 * - 'file-name': the file's name, with EXAMPLE_ROW as its content;
 * - 'external': the finding comes from outside the text validators (e.g. byte decoding); shown, not run.
 */
export type ExampleKind = 'field' | 'text' | 'file-name' | 'external';

export interface CatalogueRule extends RuleSpec {
  exampleKind: ExampleKind;
  exampleField?: number;
}

type Def = [
  id: string, field: number | null, section: string, severity: Severity,
  titleZh: string, titleEn: string, descZh: string, descEn: string,
  bad: string, good: string, kind?: ExampleKind, exampleField?: number,
];

const NOTES = 'NOTES decision';
/** What a cell may hold: Table 2's attribute column (X alphanumeric, 9 numeric), read as half-width ASCII by NOTES. */
const CELL_CHARS = `表二 屬性；${NOTES}`;
const row = (patch: Record<number, string> = {}) => exampleText(patch);
const rows = (...patches: Record<number, string>[]) => exampleText(...patches);
const ARCHIVE_2 = 'DCF3501200000_C00000000002.7z';

const DEFS: Def[] = [
  // File
  ['FILE-empty', null, NOTES, 'error', '空白檔案', 'Empty file',
    '檔案沒有任何資料列；每個 CSV 至少要有一筆資料。', 'The file has no data row; a batch CSV holds at least one row.',
    '', row(), 'text'],
  ['FILE-bom', null, NOTES, 'warning', '檔案開頭有 BOM', 'Byte order mark at the start',
    '檔案以 UTF-8 BOM（U+FEFF）開頭；請移除，以免第一欄被讀成多一個字元。', 'The file starts with a UTF-8 byte order mark (U+FEFF); remove it so that the first field is not read with an extra character.',
    '\uFEFF' + row(), row(), 'text'],
  ['FILE-eof-mark', null, NOTES, 'warning', '檔尾有結束符號（Ctrl-Z）', 'End-of-file mark (Ctrl-Z)',
    '最後一列之後有 DOS 的檔案結束符號 0x1A（Ctrl-Z），部分舊程式匯出時會加上；它不是資料，請移除，以免被當成一列。', 'A DOS end-of-file mark 0x1A (Ctrl-Z), which some older programs add when exporting, follows the last row; it is no data: remove it so that it is not read as a row.',
    row() + '\u001a', row(), 'text'],
  ['FILE-line-ends', null, `四、(二)1.(1)A (CSV text file); ${NOTES}: CRLF and LF are both fine`, 'warning', '換行是單獨的 CR', 'Lone CR line ends',
    '有的行以單獨的 CR 結尾（舊 Mac 換行；Excel for Mac 另存「CSV（Macintosh）」或「逗號分隔值」時各行都如此）。CRLF 與 LF 都可以，混用亦可；單獨的 CR 兩者皆非，以 LF 分行的讀取程式會把整個檔案（或該行與下一行）讀成一列。引號內欄位中的單獨 CR 是該欄的內容，不是換行：不列入此規則，修正也不會改動它（欄位內的控制字元另由 F-chars 標示）。修正會把單獨的 CR 改為檔案中較多的 CRLF 或 LF（沒有其他換行時改為 CRLF）。', 'Some lines end in a lone CR (classic Mac line ends; Excel for Mac\'s "CSV (Macintosh)" and "Comma Separated Values" end every line so). CRLF and LF are both fine, mixed too; a lone CR is neither, and a reader that splits lines at LF reads the whole file (or the line and the next) as one row. A lone CR inside a quoted field is that field\'s content, not a line end: this rule does not count it and its fix leaves it (F-chars flags the character in the field). The fix changes the lone CRs to the file\'s more frequent CRLF or LF (CRLF when it has no other line ends).',
    row().replace(/\n/g, '\r'), row(), 'text'],
  ['FILE-header', null, NOTES, 'error', '不應有標題列', 'Header row not allowed',
    '上傳格式沒有標題列；第一列看起來是欄位名稱，會被當成資料而退件。pandas 未加 header=None 讀取時，會把第一筆資料當成欄位名稱，寫回時空白欄位成為 Unnamed: N、重複的值加上 .1、.2：此時修正會還原這筆資料，而不是刪除它；跨列規則（報告序號、壓縮檔名稱）在修正前也已把它當成這筆資料計算。', 'The upload format has no header row; the first row looks like column names and would be rejected as data. pandas read without header=None takes the first record for column names and writes an empty value back as Unnamed: N and a repeated one with .1, .2 after it: the fix then restores the record instead of deleting it, and the rules across rows (report serials, archive names) count it as that record before the fix too.',
    '醫事機構代碼,醫事類別,執行年月,健保卡刷卡日期時間,就醫類別,就醫序號,補卡註記,身分證統一編號,出生日期,醫令代碼,報告序號,實際檢查日期時間,診療部位,影像壓縮檔名稱,依附就醫新生兒出生日期,依附就醫新生兒胞胎註記,實際收到影像日期時間\n' + row(), row(), 'text'],
  ['FILE-name', null, '四、(二)1.(1)C', 'error', '檔名不符規則', 'File name does not follow the rule',
    '檔名須為「醫事機構代碼(10碼)_系統日期(8碼)_序號(3~6碼).csv」，僅半型英數字與底線。系統日期寫成民國年月日 7 碼、各部分以 - . 或空白分隔、副檔名重複或大寫、副本的名稱時，訊息會說明並給出應改的檔名。', 'The file name must be {hospital code 10}_{system date YYYYMMDD}_{sequence 3-6 digits}.csv, half-width letters, digits and underscores only. A system date written as a 7-digit ROC date, parts separated by - . or spaces, an extension typed twice or in upper case, or the name of a copy is said to be that, with the name meant.',
    'batch 1.csv', '3501200000_20251125_001.csv', 'file-name'],
  ['FILE-name-date', null, '四、(二)1.(1)C', 'error', '檔名日期不存在', 'File name date does not exist',
    '檔名的系統日期須為存在的西元日期 YYYYMMDD（民國元年 1912 起）。', 'The system date in the file name must be a real Gregorian date YYYYMMDD (from 1912, ROC 1).',
    '3501200000_20251131_001.csv', '3501200000_20251125_001.csv', 'file-name'],
  ['FILE-name-date-future', null, '四、(二)1.(1)C', 'warning', '檔名日期晚於今天', 'File name date later than today',
    '檔名的系統日期是產生檔案當天的日期，不會晚於現在（參考時間）；常是年或月份打錯。日期以當天 00:00（臺灣時間）比較，容許 15 分鐘的時鐘誤差。', 'The system date in the file name is the day the file was made, never later than now (the reference time); often a mistyped year or month. The date counts from its 00:00 Taiwan time, with 15 minutes for clocks that differ.',
    '3501200000_20251126_001.csv', '3501200000_20251125_001.csv', 'file-name'],
  ['FILE-hospital', 1, '四、(二)1.(1)C', 'error', '醫事機構代碼與檔名不符', 'Hospital code differs from the file name',
    '每一列的醫事機構代碼（序號1）須與檔名開頭的醫事機構代碼相同。', 'Field 1 of every row must equal the hospital code at the start of the file name.',
    '3501299999_20251125_001.csv', '3501200000_20251125_001.csv', 'file-name'],
  // Row shape and CSV syntax
  ['ROW-columns', null, '表二', 'error', '欄位數不是 17', 'Not 17 fields',
    '每列須剛好 17 個欄位（非必填欄位留空但逗號要在）。序號 17 之後只有空白欄位時（試算表會為資料右側曾被使用或設定格式的欄寫出逗號），訊息會如此說明，修正會移除它們；各列以 U+2028 等 Unicode 分行字元相接（CSV 讀取程式不會在此換行）時，訊息亦會指出，且此列不再逐欄檢查（含該字元的欄位不另報不允許的字元）；整列是一個加了引號的值（匯出時把各欄以逗號接成一個文字欄）時，訊息會如此說明，修正會移除整列外的引號。', 'Every row has exactly 17 fields (optional ones empty, their commas present). When only empty fields follow field 17 (a spreadsheet writes a comma for each column past the data once used or formatted), the message says so and the fix removes them; rows joined by U+2028 or another Unicode line separator, where no CSV reader breaks a line, are named so too, and that row gets no field checks (no F-chars error for the field holding the character); a row that is one value in quotes (an export that joined the fields with commas into one text column) is named so, and its fix removes the quotes around it.',
    EXAMPLE_ROW.slice(0, 14).join(',') + '\n', row(), 'text'],
  ['ROW-index', null, '表二', 'error', '多了列索引欄', 'Row index column',
    '此列在欄位之前多了一個列編號，是匯出程式加上的列索引（pandas 的 index、R 的 row.names）；修正會刪除列編號。其後的醫事機構代碼若被當成數字而少了開頭的 0（9 位數字，後接 2 位數的醫事類別），仍認得是列索引，代碼另由序號 1 的規則補 0。匯出時請不寫索引（pandas index=False、R row.names = FALSE）。', 'The row has a row number before its fields, the row index an export added (pandas index, R row.names); the fix deletes the number. A hospital code after it that lost its leading 0 as a number (9 digits, then a 2-digit care category) still marks a row index; field 1\'s rule zero-pads the code. Export without the index (pandas index=False, R row.names = FALSE).',
    '0,' + row(), row(), 'text'],
  ['FILE-separator', null, '四、(二)1.(1)A', 'error', '整檔不是逗號分隔', 'The file is not comma-separated',
    '每一列都以分號、定位字元（Tab）或全形逗號「，」分隔欄位，而 CSV 以半型逗號分隔；常見於試算表以「文字檔」或其他地區設定匯出，全形逗號則是中文輸入法在全形模式下打出的。各列沒有逗號或引號時，修正會把分隔字元改為逗號。', 'Every row separates its fields by semicolons, tabs or full-width commas (，), and a CSV separates them by commas: spreadsheets write the first two in "text" or other-locale exports, a Chinese input method types the full-width comma in its full-width mode. Where a row holds no comma or quote, its fix replaces the separators with commas.',
    EXAMPLE_ROW.join(';') + '\n', row(), 'text'],
  ['ROW-empty', null, '四、(四)1', 'warning', '空白列', 'Empty row',
    '只有逗號或空白的一列（試算表常為格式化過的空列寫出）不是資料；逐筆檢核時會成為一筆不正確資料，請刪除。', 'A row of only commas or spaces (spreadsheets write them for formatted empty rows) holds no record; the row-by-row check would take it for a wrong record: delete it.',
    row() + ',,,,,,,,,,,,,,,,\n', row(), 'text'],
  ['ROW-header', null, '四、(四)1', 'error', '資料中又出現欄位名稱', 'Column names repeated',
    '第一列以下又出現一列欄位名稱：SQL*Plus 在每一頁（SET PAGESIZE，預設 14 行）開頭重複欄位標題與底線，Windows PowerShell 的 Export-Csv 把加了引號的欄位名稱寫在 #TYPE 行（ROW-type-line）之下，幾個匯出檔接在一起時也會如此。逐筆檢核時會成為一筆不正確資料；修正會刪除此列。SQL*Plus 匯出時請設定 SET PAGESIZE 0 或 SET HEADING OFF。', 'A row of column names below the first row: SQL*Plus repeats the headings and their underline at the top of every page (SET PAGESIZE, 14 lines by default), Windows PowerShell\'s Export-Csv writes the names in quotes below its #TYPE line (ROW-type-line), and exports joined into one file repeat theirs. The row-by-row check would take it for a wrong record; the fix deletes it. In SQL*Plus, export with SET PAGESIZE 0 or SET HEADING OFF.',
    row() + 'HOSP_ID,CARE_CAT,EXE_YM,SWIPE_DT,VISIT_TYPE,VISIT_SEQ,CARD_FLAG,ID_NO,BIRTH_DT,ORDER_CODE,RPT_SEQ,EXAM_DT,BODY_SITE,ARCHIVE_NAME,NB_BIRTH_DT,NB_MARK,IMG_RECV_DT\n', row(), 'text'],
  ['ROW-underline', null, '四、(四)1', 'error', '欄位名稱下的底線', 'Underline under column names',
    '只有破折號（與分隔字元）的一列，是 sqlcmd、SQL*Plus、psql 等查詢工具畫在欄位名稱下的底線，不是資料；逐筆檢核時會成為一筆不正確資料。修正會刪除此列；匯出時請關閉欄位標題（sqlcmd -h -1、SQL*Plus SET HEADING OFF）。', 'A row of only dashes (and separators) is the line sqlcmd, SQL*Plus, psql and other query tools draw under the column names, not a record; the row-by-row check would take it for a wrong record. The fix deletes it; export without column headings (sqlcmd -h -1, SQL*Plus SET HEADING OFF).',
    row() + '----------,--,-----\n', row(), 'text'],
  ['ROW-page-break', null, '四、(四)1', 'error', '分頁符號（form feed）', 'Page break (form feed)',
    '列首或單獨一行的分頁符號（form feed，0x0C），是 SQL*Plus（SET NEWPAGE 0）或報表程式在每頁開頭寫的分頁，不是資料；逐筆檢核時該列會成為一筆不正確資料。修正會移除列首的分頁符號（該列的值不變）或刪除只有分頁符號的一行；SQL*Plus 匯出時請設定 SET PAGESIZE 0。', 'A form feed (0x0C) before a row or alone on a line is the page break SQL*Plus (SET NEWPAGE 0) or a report writer puts at the top of each page, not data; the row-by-row check would reject the row. The fix removes the form feed before a row (its values stay) or deletes a line of only a form feed; export from SQL*Plus with SET PAGESIZE 0.',
    '\f' + row(), row(), 'text'],
  ['ROW-row-count', null, '四、(四)1', 'error', '查詢工具的筆數訊息', 'Query tool row count',
    '「(8 rows affected)」「8 rows selected.」「(8 rows)」等是 sqlcmd、SSMS、SQL*Plus、psql、mysql 在結果後面寫的筆數訊息，不是資料。修正會刪除此列，連同其前面的空白行及其後直到檔尾的空白行（檔案以最後一筆資料的換行結束）；匯出時請關閉（SQL Server SET NOCOUNT ON、SQL*Plus SET FEEDBACK OFF、psql -t）。', '"(8 rows affected)", "8 rows selected.", "(8 rows)" and the like are the row counts sqlcmd, SSMS, SQL*Plus, psql and mysql write after a result, not records. The fix deletes the line with the blank lines before it, and those after it up to the end of the file (the file then ends with its last record\'s line break); export without them (SQL Server SET NOCOUNT ON, SQL*Plus SET FEEDBACK OFF, psql -t).',
    row() + '(1 row affected)\n', row(), 'text'],
  ['ROW-note', null, '四、(四)1', 'error', '標題或備註文字', 'Title or note',
    '只有一兩格文字（含中文）、其餘欄位空白的一列，是試算表報表在資料上方的標題（115年11月影像上傳清單）或下方的合計、備註（合計,8筆；製表人：…），不是資料；逐筆檢核時會成為一筆不正確資料。此列只報一個錯誤、不計入資料列；快速修正會刪除此列，但不在全部修正之內：備註可能說了某列缺漏或待補，請先看過。', 'A line of one or two values of words (with Chinese) and its other fields empty is a title a spreadsheet report has above its data (115年11月影像上傳清單) or a total or note below it (合計,8筆; 製表人：…), not a record; the row-by-row check would take it for a wrong one. The line gets this one error and is not counted as a data row; its quick fix deletes it, but fix-all does not: a note may say that a row is missing or still to come, so a person reads it first.',
    row() + '合計,1筆,,,,,,,,,,,,,,,\n', row(), 'text'],
  ['ROW-type-line', null, '四、(四)1', 'error', 'PowerShell 的 #TYPE 行', 'PowerShell #TYPE line',
    '「#TYPE System.Data.DataRow」之類的一行，是 Windows PowerShell 5.1 的 Export-Csv、ConvertTo-Csv（例如 Invoke-Sqlcmd | Export-Csv）寫在檔案第一行的物件型別，其下是加了引號的欄位名稱（ROW-header）；兩者都不是資料，逐筆檢核時會成為不正確資料。修正會刪除此行；匯出時請加上 -NoTypeInformation（PowerShell 7 預設不寫此行）。', 'A line such as "#TYPE System.Data.DataRow" is the type of the objects that Windows PowerShell 5.1\'s Export-Csv and ConvertTo-Csv (Invoke-Sqlcmd | Export-Csv, for one) write as the first line, with the column names in quotes below it (ROW-header); neither is a record, and the row-by-row check would take each for a wrong one. The fix deletes the line; export with -NoTypeInformation (PowerShell 7 leaves it out).',
    '#TYPE System.Data.DataRow\n' + row(), row(), 'text'],
  ['CSV-syntax', null, NOTES, 'error', 'CSV 引號錯誤', 'CSV quoting error',
    '引號未成對、欄位中間出現引號或引號後還有文字；欄位值本不應加引號。', 'An unclosed quote, a quote inside an unquoted field or text after a closing quote; values should carry no quotes at all.',
    row({ 10: '"33070B' }), row(), 'text'],
  // Any field
  ['F-required', null, '表二', 'error', '必填欄位空白', 'Required field is empty',
    '必填欄位不可空白。', 'A required field is empty.', '', '12', 'field', 2],
  ['F-too-long', null, '表二', 'error', '超過欄位長度', 'Value longer than the field',
    '值的長度超過表二所定長度。', 'The value is longer than Table 2 allows.', '1234567', '1', 'field', 11],
  ['F-spaces', null, NOTES, 'error', '前後有空白', 'Surrounding spaces',
    '欄位值前後不可有空白（或看不見的字元）。列首的位元組順序記號（BOM，U+FEFF）是接在本檔後面的另一個檔案的開頭（copy /b、cat），訊息會如此說明；修正會移除它們。', 'Values carry no leading or trailing spaces (or invisible characters). A byte order mark (U+FEFF) before a row is the start of another file joined to this one (copy /b, cat), and the message says so; the fix removes them.', ' 33070B', '33070B', 'field', 10],
  ['F-quoted', null, NOTES, 'error', '欄位值加了引號', 'Quoted value',
    '欄位值不加引號：CSV 的引號、文書處理器或輸入法打出的 “ ” ‘ ’ ＂ ＇ 「 」 『 』、匯出程式寫成 SQL 文字常值的 \' \'，或匯出程式為了讓 Excel 保留前導 0 而寫的公式 ="0001" 與值前的單引號 \'0001。引號成對包住整個值、值內沒有其他引號時，修正會移除引號（與公式的 =、值前的單引號）。', 'Values are written without quotes: CSV quotes, the “ ” ‘ ’ ＂ ＇ 「 」 『 』 a word processor or an input method types, the \' \' of an export that writes SQL text literals, or the formula ="0001" and the apostrophe before \'0001 an export writes so that Excel keeps leading zeros. Where one pair wraps the whole value and no other quote is inside, the fix removes them (and the formula\'s =, the apostrophe before a value).', '"33070B"', '33070B', 'field', 10],
  ['F-fullwidth', null, CELL_CHARS, 'error', '全形字元', 'Full-width characters',
    '只可使用半型英數字；全形字元請改為半型。', 'Only half-width characters are allowed; convert full-width ones.', '３３０７０Ｂ', '33070B', 'field', 10],
  ['F-chars', null, CELL_CHARS, 'error', '不允許的字元', 'Character not allowed',
    '欄位只可含半型英數字（及欄位格式所需的符號）；不可有中文、控制字元或其他符號。醫事類別、就醫類別、補卡註記、醫令代碼或診療部位寫成健保署格式說明所列的中文名稱（如「門診西醫醫院」、「頸椎及胸椎」、「全口」）時，訊息指出其代碼，修正會改為代碼；兩個醫令共用的名稱（32001C、32002C 的「胸腔檢查」）只列出代碼，由人依原始紀錄選擇。依附就醫新生兒胞胎註記寫成「男」「女」時，訊息說明字母的寫法。', 'Fields hold half-width letters and digits (and the symbols their form needs); no Chinese, control characters or other symbols. A care category, visit type, card flag, order code or body site written as the Chinese name the NHI text lists for its code (門診西醫醫院, 頸椎及胸椎, 全口) is told its code, which the fix writes; a name two orders share (胸腔檢查 of 32001C and 32002C) is told both codes, for a person to choose from the source record. A birth-order mark written 男 or 女 is told how the letter is written.',
    '3307ØB', '33070B', 'field', 10],
  ['F-null-literal', null, '表二', 'error', '以 NULL、NaN 等表示沒有值', 'NULL, NaN and the like for no value',
    '匯出程式以 NULL、\\N（MySQL）、NaN、None、N/A 等文字表示沒有值；必填欄位請填入實際的值，非必填欄位請留空。', 'An export wrote NULL, \\N (MySQL), NaN, None, N/A or the like for a missing value; fill in a required field, leave an optional one empty.',
    'NULL', '', 'field', 17],
  ['F-decimal', null, '表二', 'error', '數字被寫成小數', 'Written as a decimal number',
    '試算表或匯出程式把數字欄寫成帶 .0 的小數；欄位為文字（屬性 X）或整數，請把欄位設為文字後重新匯出。', 'A spreadsheet or an export wrote a number column with a .0 decimal part; the fields are text (attribute X) or integers: set the column to text and export again.',
    '1.0', '1', 'field', 11],
  ['F-thousands', null, '表二', 'error', '數字加了千分位逗號', 'Written with thousands separators',
    '試算表把設成數值格式（使用千分位）的欄寫成有千分位逗號的數字（如 "1,151,125,083,000"），CSV 因其中的逗號而加了引號；欄位為文字（屬性 X）或整數，不含逗號。修正會去掉逗號與引號（與多餘的 .0），欄位本身的檢查再讀其數字（少了開頭的 0 時一併補上）；請把欄位設為文字後重新匯出。', 'A spreadsheet wrote a column formatted as a number with thousands separators as such (e.g. "1,151,125,083,000"), which the CSV quotes for its commas; the fields are text (attribute X) or integers, without commas. The fix removes the commas and quotes (and a .0 decimal part), and the field\'s own check then reads the digits (putting back a leading zero it lost); set the column to text and export again.',
    '"3,501,200,000"', '3501200000', 'field', 1],
  ['F-scientific', null, '表二', 'error', '數字被寫成科學記號', 'Written in scientific notation',
    '試算表把長數字改寫成科學記號（如 1.12131E+17），原本的位數已遺失；請把欄位設為文字後重新匯出。', 'A spreadsheet wrote a long number in scientific notation (e.g. 1.12131E+17), which loses digits; set the column to text and export again.',
    '3.5012E+09', '3501200000', 'field', 1],
  ['F-future', null, `表二 序號4、9、12、15、17；${NOTES}`, 'warning', '時間晚於現在', 'Time later than now',
    '健保卡刷卡日期時間（序號4）、出生日期（序號9）、實際檢查日期時間（序號12）、依附就醫新生兒出生日期（序號15）或實際收到影像日期時間（序號17）晚於現在（參考時間），不會是真實的上傳資料，常是民國年或月份打錯。容許 15 分鐘的時鐘誤差；日期以當天 00:00 比較。', 'The card swipe (field 4), birth date (9), exam time (12), newborn birth date (15) or image received time (17) is later than now (the reference time): no real upload data does that, and it is often a mistyped ROC year or month. Clocks may differ by 15 minutes; a date counts from its 00:00.',
    '11511250945', '11411250945', 'field', 12],
  // Single fields
  ['F01-format', 1, '表二 序號1', 'error', '醫事機構代碼格式錯誤', 'Malformed hospital code',
    '醫事機構代碼必為 10 碼英數字。', 'The hospital code is exactly 10 letters or digits.', '350120000', '3501200000'],
  ['F02-care-category', 2, '表二 序號2', 'error', '醫事類別代碼不存在', 'Unknown care category',
    '醫事類別須為 11、12、13、14、15、19、21、22、29、50 之一。', 'The care category is one of 11, 12, 13, 14, 15, 19, 21, 22, 29, 50.', '10', '12'],
  ['F03-format', 3, '表二 序號3', 'error', '執行年月格式錯誤', 'Malformed execution year-month',
    '執行年月為民國年月 YYYMM（例如 11411）。', 'The execution year-month is ROC YYYMM (e.g. 11411).', '202511', '11411'],
  ['F04-format', 4, '表二 序號4', 'error', '健保卡刷卡日期時間格式錯誤', 'Malformed card swipe time',
    '健保卡刷卡日期時間為存在的民國 YYYMMDDHHMMSS。', 'The card swipe time is a real ROC date-time YYYMMDDHHMMSS.', '1141131093015', '1141125093015'],
  ['F05-visit-type', 5, '表二 序號5', 'error', '就醫類別代碼不存在', 'Unknown visit type',
    '就醫類別須為表二所列代碼（另接受健保署後來新增之 09、AJ、AK、BG、EA）。', 'The visit type is a code listed in Table 2 (codes NHI added later, 09, AJ, AK, BG, EA, are accepted too).', '10', '01'],
  ['F06-visit-serial', 6, '表二 序號6', 'error', '就醫序號格式錯誤', 'Malformed visit serial',
    '就醫序號為 0001-9999、IC 加 2 碼、HVIT 或異常代碼，共 4 碼。', 'The visit serial is 0001-9999, IC plus two characters, HVIT or an abnormal code: 4 characters.', '1', '0001'],
  ['F07-card-flag', 7, '表二 序號7', 'error', '補卡註記錯誤', 'Wrong card flag',
    '補卡註記為 1（正常）或 2（補卡）。', 'The card flag is 1 (normal) or 2 (replacement card).', '0', '1'],
  ['F08-pattern', 8, '表二 序號8', 'error', '身分證統一編號格式錯誤', 'Malformed national ID',
    '身分證統一編號為 1 個英文字母加 1、2、8、9 或 A-D，再加 8 碼數字。', 'The ID is a letter, then 1, 2, 8, 9 or A-D, then 8 digits.', 'A12345678', 'A123456789'],
  ['F08-checksum', 8, '表二 序號8', 'warning', '身分證統一編號檢查碼不符', 'National ID checksum fails',
    '身分證統一編號依檢查碼公式計算不符；請核對號碼。', 'The ID fails its check-digit formula; check the number.', 'A123456780', 'A123456789'],
  ['F09-format', 9, '表二 序號9', 'error', '出生日期格式錯誤', 'Malformed birth date',
    '出生日期為存在的民國年月日 YYYMMDD。', 'The birth date is a real ROC date YYYMMDD.', '19860312', '0750312'],
  ['F10-order-code', 10, '表二 序號10、表一', 'error', '醫令代碼不在表一', 'Order code not in Table 1',
    '醫令代碼須為表一所列 37 項之一。', 'The order code is one of the 37 codes of Table 1.', '33070C', '33070B'],
  ['F11-format', 11, '表二 序號11', 'error', '報告序號格式錯誤', 'Malformed report serial',
    '報告序號為 1 起之整數。', 'The report serial is an integer from 1.', '0', '1'],
  ['F12-format', 12, '表二 序號12', 'error', '實際檢查日期時間格式錯誤', 'Malformed exam time',
    '實際檢查日期時間為存在的民國 YYYMMDDHHMM。', 'The exam time is a real ROC date-time YYYMMDDHHMM.', '11411250960', '11411250945'],
  ['F14-pattern', 14, '表二 序號14、四、(二)1.(2)E', 'error', '影像壓縮檔名稱格式錯誤', 'Malformed archive name',
    '影像壓縮檔名稱為 DCF 或 ATT + 醫事機構代號 10 碼 + _ + 案件編號 12 碼英數字 + .CAB 或 .7z（長度 30 或 29）。寫成壓縮檔路徑（D:\\NHI\\DCF…7z）時，修正只留檔名。', 'The archive name is DCF or ATT + 10-character hospital code + _ + 12-character case number + .CAB or .7z (30 or 29 characters). Written as the path of the archive (D:\\NHI\\DCF…7z), the fix leaves its name.',
    'DCF3501200000-C00000000001.7z', 'DCF3501200000_C00000000001.7z'],
  ['F14-extension-case', 14, '四、(二)1.(2)E(d)', 'error', '副檔名大小寫錯誤', 'Wrong extension case',
    '副檔名須寫作 .CAB（大寫）或 .7z（小寫）。', 'The extension is written .CAB (upper case) or .7z (lower case).', 'DCF3501200000_C00000000001.7Z', 'DCF3501200000_C00000000001.7z'],
  ['F15-format', 15, '表二 序號15', 'error', '依附就醫新生兒出生日期格式錯誤', 'Malformed newborn birth date',
    '依附就醫新生兒出生日期為存在的民國年月日 YYYMMDD。', 'The newborn birth date is a real ROC date YYYMMDD.', '1141131', '1141120'],
  ['F16-format', 16, '表二 序號16', 'error', '依附就醫新生兒胞胎註記格式錯誤', 'Malformed newborn birth-order mark',
    '依附就醫新生兒胞胎註記為一個英文字母：大寫男性、小寫女性，字母順序為出生順序。', 'The birth-order mark is one letter: upper case male, lower case female, the letter giving the birth order.', '1', 'A'],
  ['F17-format', 17, '表二 序號17', 'error', '實際收到影像日期時間格式錯誤', 'Malformed image received time',
    '實際收到影像日期時間為存在的民國 YYYMMDDHHMM。', 'The image received time is a real ROC date-time YYYMMDDHHMM.', '1141125', '11411251000'],
  // Across fields
  ['X03-exam-month', 3, '表二 序號3', 'error', '執行年月與實際檢查日期不符', 'Execution month differs from the exam',
    '執行年月須等於實際檢查日期時間（序號12）的年月。', 'Field 3 equals the year-month of the exam time (field 12).', '11410', '11411'],
  ['X04-card-after-exam', 4, '表二 序號4、7', 'warning', '刷卡晚於檢查但未註記補卡', 'Card swiped after the exam without the replacement flag',
    '健保卡刷卡日期時間（序號4）晚於實際檢查日期時間（序號12）而補卡註記（序號7）為 1；若為補卡請填 2。', 'The card was swiped after the exam while field 7 is 1; a replacement card is flagged 2.', '1141125100000', '1141125093015'],
  ['X06-preventive-care-serial', 6, '表二 序號6 三、序號5', 'warning', '預防保健的就醫序號不是 IC 代碼', 'Preventive care without an IC visit serial',
    '就醫類別為 AC（預防保健）時，就醫序號填「IC+預防保健之服務時程代碼」，而不是四碼流水號；健保卡異常時的異常代碼不受影響。', 'With visit type AC (preventive care) the visit serial is "IC" + the preventive care service code, not a 4-digit serial number; an abnormal code for a card that could not be used is still fine.',
    row({ 5: 'AC' }), row({ 5: 'AC', 6: 'IC21' }), 'text'],
  ['X09-birth-after-exam', 9, `表二 序號9；${NOTES}`, 'error', '出生日期晚於實際檢查日期', 'Birth date after the exam',
    '出生日期不可晚於實際檢查日期。', 'The birth date cannot be after the exam date.', '1141126', '0750312'],
  ['X12-zero-time', 12, '表二 序號12 三', 'information', '實際檢查時分為 0000', 'Exam time 0000',
    '時分 0000 僅限交付、轉檢或代檢且無檢查時分紀錄者；若為實際 00:00 可忽略。', 'HHMM 0000 is for delivered, referred or delegated exams without a recorded time; ignore if the exam really was at 00:00.', '11411250000', '11411250945'],
  ['X13-body-site-required', 13, '表二 序號13 一', 'error', '缺少診療部位', 'Body site missing',
    'CT、MRI、34004C、01271C 必填診療部位。CT/MRI 的訊息另提醒：pandas 讀取時會把部位 NA（頸椎及頸部）當成沒有值，寫回時成為空白。', 'CT, MRI, 34004C and 01271C need a body site. For CT/MRI the message adds that pandas reads the site NA (cervical spine and neck) as no value and writes it back empty.', '', 'H'],
  ['X13-body-site-code', 13, '表二 序號13 二', 'error', '診療部位代碼錯誤', 'Unknown body site code',
    'CT/MRI 為部位字母（H、A、F、U、N、J、K、G、C、I、P、E、Q、M、V、S、T、O，另接受 B、D）；牙科為 FDI 牙位或區域代碼，每碼 2 字元。超過 15 位、第 15 位之後都是 0 的牙位（試算表只保留數字的 15 位有效數字），訊息會指出位數已遺失。', 'CT/MRI: region letters (H A F U N J K G C I P E Q M V S T O, also B and D); dental: FDI tooth numbers or region codes, 2 characters each. Dental codes of more than 15 digits whose digits after the 15th are all 0 (a spreadsheet keeps 15 significant digits of a number) are named as digits lost.', 'HX', 'HN'],
  ['X13-body-site-repeat', 13, '表二 序號13 三', 'warning', '部位代碼重複', 'Body site code repeated',
    'CT/MRI 的部位字母每個部位填一次，依實施部位左靠（例如頸椎及胸椎填 NJ）；牙科的牙位或區域代碼也各填一次。', 'CT/MRI region letters name each region once, left-aligned in the order done (cervical and thoracic spine: NJ); dental tooth and region codes are each written once too.', 'NJN', 'NJ'],
  ['X13-body-site-not-allowed', 13, `表二 序號13 一；${NOTES}`, 'warning', '此醫令不填診療部位', 'No body site for this order',
    '只有 CT、MRI、34004C、01271C 填診療部位，其他醫令留空。', 'Only CT, MRI, 34004C and 01271C carry a body site; leave it empty for other orders.',
    row({ 10: '19001C', 13: 'C' }), row({ 10: '19001C', 13: '' }), 'text'],
  ['X13-dental-count', 13, '表二 序號13 二(一)', 'error', '牙位編碼超過九個', 'More than nine dental codes',
    '牙科每筆醫令最多填九個編碼。', 'A dental order lists at most nine codes.',
    row({ 10: '34004C', 13: '1112131415161718' + '21' + '22' }), row({ 10: '34004C', 13: 'FM' }), 'text'],
  ['X14-hospital', 14, '四、(二)1.(2)E(b)', 'error', '影像壓縮檔名稱的醫事機構代號不符', 'Hospital code in the archive name differs',
    '影像壓縮檔名稱中的醫事機構代號須等於醫事機構代碼（序號1）。', 'The hospital code inside the archive name equals field 1.', 'DCF3501299999_C00000000001.7z', 'DCF3501200000_C00000000001.7z'],
  ['X14-att-order', 14, '四、(二)1.(2)B', 'error', '此醫令不可上傳 JPG（ATT）', 'JPG (ATT) not allowed for this order',
    '只有 X 光攝影（32001C、32002C、32006C、32007C、32008C、34004C、01271C）得以 JPG（ATT）上傳。', 'Only the X-ray orders (32001C, 32002C, 32006C, 32007C, 32008C, 34004C, 01271C) may be sent as JPG (ATT).',
    'ATT3501200000_C00000000001.7z', 'DCF3501200000_C00000000001.7z'],
  ['X15-newborn-pair', 15, '表二 序號15、16', 'error', '新生兒欄位須同時填寫', 'Newborn fields go together',
    '依附就醫新生兒出生日期（序號15）與依附就醫新生兒胞胎註記（序號16）須同時填寫或同時留空。', 'The newborn birth date (15) and birth-order mark (16) are both filled or both empty.', 'A', '', 'field', 16],
  ['X15-newborn-after-exam', 15, `表二 序號15；${NOTES}`, 'error', '依附就醫新生兒出生日期晚於實際檢查日期', 'Newborn born after the exam',
    '依附就醫新生兒出生日期不可晚於實際檢查日期。', 'The newborn birth date cannot be after the exam date.',
    row({ 15: '1141126', 16: 'A' }), row({ 15: '1141120', 16: 'A' }), 'text'],
  ['X17-before-exam', 17, `表二 序號17；${NOTES}`, 'error', '收到影像早於檢查', 'Images received before the exam',
    '實際收到影像日期時間不可早於實際檢查日期時間。', 'The image received time cannot be before the exam time.', '11411250900', '11411251000'],
  ['DRAFT-path', 14, 'NOTES decision（草稿）', 'information', '草稿影像路徑', 'Draft image path',
    '序號14 是資料夾路徑：將由「建置上傳批次」打包成壓縮檔並改寫為正式檔名。路徑本身不會上傳，可含中文、空白或全形字元（上傳值的字元規則不適用）。序號14 已填寫的第一筆資料列（前 1000 列內；前幾列可尚未填寫）是路徑時，整個檔案是草稿：檔名不限（不檢查 FILE-name），空白的序號14 要求填寫影像路徑（F-required）。路徑含 / 或 \\，或是 .（CSV 所在的資料夾）或 ..；只寫資料夾名稱（row1）會被當成壓縮檔名，草稿中為 F14-pattern，請寫成 ./row1。只有 .、..、~ 或 %USERPROFILE% 的列只是傾向草稿：其下有列填壓縮檔名時，檔案是上傳文字檔，該列為 F14-pattern。~ 或 %變數% 單獨一項（整個家目錄）不展開，為 F14-pattern，請寫出影像資料夾的完整路徑（~/影像/row1）。', 'Field 14 is a folder path: Build will package it into an archive and write the proper name. The path itself is never uploaded and may hold Chinese, spaces or full-width characters (the character rules of uploaded values do not apply). When the first data row whose field 14 is filled in (within the first 1,000 rows; the first rows may still be empty) holds a path, the whole file is a draft: it may have any name (no FILE-name), and an empty field 14 asks for the path of the row\'s images (F-required). A path holds / or \\, or is . (the CSV\'s folder) or ..; a folder\'s name alone (row1) is read as an archive name, in a draft an F14-pattern error: write ./row1. A row of only ., .., ~ or %USERPROFILE% only leans towards a draft: where a row below it names an archive, the file is an upload CSV and that row an F14-pattern error. ~ or a %VARIABLE% alone (a whole home folder) is not expanded: F14-pattern, write the full path of the image folder (~/images/row1).', './row1', 'DCF3501200000_C00000000001.7z'],
  // Across rows
  ['R11-report-serial-dup', 11, '表二 序號11', 'error', '報告序號重複', 'Report serial repeated',
    '同一次就醫（序號1、4、5、6、8、15、16 相同）內報告序號不可重複。', 'Within one visit (same fields 1, 4, 5, 6, 8, 15, 16) a report serial appears once.',
    rows({}, { 14: ARCHIVE_2 }), rows({}, { 11: '2', 14: ARCHIVE_2 }), 'text'],
  ['R11-report-serial-gap', 11, '表二 序號11', 'error', '報告序號不連續', 'Report serials not consecutive',
    '同一次就醫內報告序號須由 1 起連續編號。', 'Within one visit the report serials run 1, 2, 3 … without gaps.',
    rows({}, { 11: '3', 14: ARCHIVE_2 }), rows({}, { 11: '2', 14: ARCHIVE_2 }), 'text'],
  ['R11-report-serial-start', 11, '表二 序號11；四、(四)3；五', 'warning', '報告序號未由 1 起', 'Report serials do not start at 1',
    '同一次就醫的報告序號由 1 起編號；本檔此次就醫的序號由較大的數起且連續。健保署逐筆收檔，更正或重送的批次只含先前未收的列，此時無誤。',
    'A visit numbers its reports from 1; in this file the visit\'s serials start higher and run on without gaps. The NHI accepts rows one by one, so a correction or re-send batch holds only the rows not yet accepted, and is then right.',
    row({ 11: '2', 14: ARCHIVE_2 }), rows({}, { 11: '2', 14: ARCHIVE_2 }), 'text'],
  ['R14-archive-reused-order', 14, '四、(二)1.(2)D', 'error', '不同醫令共用壓縮檔', 'One archive for different orders',
    '每個影像壓縮檔以單一醫令代碼為單位；兩列醫令不同卻指向同一壓縮檔。', 'Each archive holds one order code; two rows with different orders name the same archive.',
    rows({}, { 10: '33071B', 11: '2' }), rows({}, { 10: '33071B', 11: '2', 14: ARCHIVE_2 }), 'text'],
  ['R14-archive-reused', 14, '四、(二)1.(1)B', 'warning', '兩列指向同一壓縮檔', 'Two rows name the same archive',
    '每筆資料應指向單一影像壓縮檔；兩列（醫令相同）指向同一壓縮檔。', 'Each row points to its own archive; two rows (same order) name the same one.',
    rows({}, { 11: '2' }), rows({}, { 11: '2', 14: ARCHIVE_2 }), 'text'],
  ['R14-case-number-reused', 14, '四、(二)1.(2)E(c)', 'error', '案件編號重複', 'Case number used twice',
    '不同的影像壓縮檔不可使用相同的案件編號；兩列的壓縮檔名稱只差在檔案類別（DCF/ATT）、副檔名或大小寫，案件編號相同（在 Windows 上大小寫不同的檔名也是同一個檔）。',
    'Two archives never share a case number; these two rows name archives that differ only in file class (DCF/ATT), extension or letter case, with the same case number (on Windows, names differing in case are the same file).',
    rows({}, { 11: '2', 14: 'DCF3501200000_C00000000001.CAB' }), rows({}, { 11: '2', 14: ARCHIVE_2 }), 'text'],
  ['R-duplicate-row', null, '五', 'warning', '重複的資料列', 'Duplicate row',
    '同一列出現兩次；重送時以最後一筆為準，同一檔案內不需重複。', 'The same row appears twice; a re-send replaces the earlier one, so one file needs it once.',
    rows({}, {}), row(), 'text'],
  // Deadline
  ['DEADLINE', 12, '四、(一)', 'information', '上傳獎勵期限', 'Upload incentive deadline',
    '檢查後 24 小時內上傳才符合獎勵；補卡（序號7=2 且刷卡晚於檢查）自補卡起算，轉（代）檢自收到影像（序號17）起算。', 'Uploading within 24 h of the exam earns the incentive; for a replacement card (field 7 = 2, swiped after the exam) from the swipe, for referred exams from field 17.',
    '11411250945', '11411200945'],
  ['DEADLINE-missed', 12, '四、(一)', 'information', '已逾上傳獎勵期限', 'Upload incentive deadline passed',
    '已超過 24 小時獎勵期限；仍可上傳，但不符合獎勵條件。', 'The 24-hour incentive window has closed; the row can still be sent, without the incentive.',
    '11411200945', '11411250945'],
];

/** Every rule of the CSV text validators. */
export const RULES: readonly CatalogueRule[] = DEFS.map(([id, field, section, severity, tz, te, dz, de, bad, good, kind, exampleField]) => ({
  id, field, section, defaultSeverity: severity,
  title: { 'zh-TW': tz, en: te }, description: { 'zh-TW': dz, en: de },
  example: { bad, good }, exampleKind: kind ?? 'field', ...(exampleField ? { exampleField } : {}),
}));

const extraLists: (readonly RuleSpec[])[] = [];

/** Adds another team's rule list (archive checks, ledger…) to the catalogue that docs, hovers and settings read. */
export function registerRules(list: readonly RuleSpec[]): void {
  if (!extraLists.includes(list)) extraLists.push(list);
  merged = undefined;
  catalogueVersion++;
}

let merged: readonly RuleSpec[] | undefined;
let catalogueVersion = 0;

/** Changes whenever a list is registered or taken out, so that caches of the catalogue know when to refresh. */
export function rulesVersion(): number {
  return catalogueVersion;
}

/** Takes a registered list out again (tests). */
export function unregisterRules(list: readonly RuleSpec[]): void {
  const i = extraLists.indexOf(list);
  if (i >= 0) extraLists.splice(i, 1);
  merged = undefined;
  catalogueVersion++;
}

/**
 * The CSV rules followed by every registered list, the lists ordered by their first id so that the result
 * does not depend on which module was imported first. Ids are unique across lists (a test checks it).
 */
export function allRules(): readonly RuleSpec[] {
  if (extraLists.length === 0) return RULES;
  if (!merged) {
    // Code-unit order, not localeCompare: the first comparison by locale starts ICU's collator, some 20 ms that the first
    // severity lookup (the first row of the first document opened, in each thread) would wait for.
    const lists = [...extraLists].sort((x, y) => byCodeUnits(x[0]?.id ?? '', y[0]?.id ?? ''));
    merged = [...RULES, ...lists.flat()];
  }
  return merged;
}

function byCodeUnits(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

export function ruleById(id: string): RuleSpec | undefined {
  return RULE_INDEX.get(id) ?? allRules().find((r) => r.id === id);
}

const RULE_INDEX: ReadonlyMap<string, RuleSpec> = new Map(RULES.map((r) => [r.id, r]));
