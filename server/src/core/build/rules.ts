import type { RuleSpec } from '../types';
import { registerRules } from '../spec/rules';
import { bi } from '../i18n';

/** Rules of drafts (field 14 holding a path that Build packages) and of re-sends against the ledger. */
export const BUILD_RULES: readonly RuleSpec[] = [
  {
    id: 'DRAFT-missing',
    field: 14,
    section: 'NOTES decision (draft)',
    defaultSeverity: 'error',
    title: bi('草稿影像路徑不存在', 'Draft image path does not exist'),
    description: bi(
      '草稿的序號14 是影像資料夾或檔案的路徑（相對於 CSV）；此路徑找不到，無法打包。',
      'In a draft, field 14 is the path (relative to the CSV) of the row\'s image folder or files; this path does not exist, so it cannot be packaged.',
    ),
    example: { bad: './missing-folder', good: './row1' },
  },
  {
    id: 'DRAFT-no-images',
    field: 14,
    section: 'NOTES decision (draft)',
    defaultSeverity: 'error',
    title: bi('草稿影像路徑內沒有影像', 'Draft image path holds no images'),
    description: bi(
      '路徑內找不到 DICOM（Part 10）或 JPEG 檔（以內容判斷，不看副檔名）；只有壓縮檔（如 PACS 匯出的 ZIP）時，會請先解壓縮；只有其他格式的影像（另存為 .jpg 的 PNG 等）時，會指出其格式，請重新匯出。',
      'No DICOM (Part 10) or JPEG file was found under the path (judged by content, not by extension); where it holds only archives (a PACS export as ZIP), it says to unpack them first, and where it holds images in other formats (a PNG saved as .jpg), it names their format, to be exported again.',
    ),
    example: { bad: './empty-folder', good: './row1' },
  },
  {
    id: 'DRAFT-other-files',
    field: 14,
    section: 'NOTES decision (draft)',
    defaultSeverity: 'warning',
    title: bi('草稿影像路徑內有非影像檔', 'Draft image path holds files that are not images'),
    description: bi('既非 DICOM 也非 JPEG 的檔案不會被打包；另存為 .jpg 的其他格式影像（PNG、BMP、HEIC…）與空檔案會指出其格式，須重新匯出為 JPG 或 DICOM 才能上傳。', 'Files that are neither DICOM nor JPEG are left out of the archive; images in another format saved as .jpg (PNG, BMP, HEIC…) and empty files are named so, to be exported again as JPG or DICOM.'),
    example: { bad: './row1 (with report.pdf)', good: './row1' },
  },
  {
    id: 'DRAFT-no-part10',
    field: 14,
    section: '四、(二)1.(2)A; DICOM PS3.10 §7',
    defaultSeverity: 'error',
    title: bi('DICOM 檔缺 Part 10 檔頭', 'DICOM file without the Part 10 header'),
    description: bi(
      '檔案是 DICOM 資料集，但沒有 128 位元組前導、「DICM」與檔案中繼資訊（或有「DICM」與中繼資訊，卻缺其前的 128 位元組前導）；DICOMDIR 檔案集只能收 Part 10 檔。',
      'The file is a DICOM data set without the 128-byte preamble, "DICM" and file meta information (or has "DICM" and the meta information but not the 128-byte preamble before them); a DICOMDIR file-set holds Part 10 files only.',
    ),
    example: { bad: './raw-datasets', good: './row1' },
  },
  {
    id: 'DRAFT-mixed-kinds',
    field: 14,
    section: '四、(二)1.(2)E(a)',
    defaultSeverity: 'error',
    title: bi('同一列混有 DICOM 與 JPEG', 'DICOM and JPEG mixed in one row'),
    description: bi(
      '一個壓縮檔只能是 DCF（DICOM 及 DICOMDIR）或 ATT（JPG），不能兩者混合。',
      'An archive is either DCF (DICOM with a DICOMDIR) or ATT (JPG), never both.',
    ),
    example: { bad: './mixed', good: './row1' },
  },
  {
    id: 'DRAFT-jpg-not-allowed',
    field: 14,
    section: '四、(二)1.(2)B',
    defaultSeverity: 'error',
    title: bi('此醫令不可上傳 JPG', 'This order may not be uploaded as JPG'),
    description: bi(
      'JPG（ATT）僅限 32001C、32002C、32006C、32007C、32008C、34004C、01271C；其他醫令須上傳 DICOM。',
      'JPG (ATT) is allowed only for 32001C, 32002C, 32006C, 32007C, 32008C, 34004C and 01271C; other orders need DICOM.',
    ),
    example: { bad: '33070B with ./jpegs', good: '34004C with ./jpegs' },
  },
  {
    id: 'DRAFT-shared-images',
    field: 14,
    section: '四、(二)1.(2)E(a)',
    defaultSeverity: 'error',
    title: bi('兩列取用相同的影像檔', 'Two rows take the same image files'),
    description: bi(
      '每列的壓縮檔只放該列的影像；此列的路徑所含的影像檔也在前面某列的路徑中（同一資料夾填了兩列、某列的資料夾含另一列的資料夾），建置會把同一批影像送兩次，可能放進別位病人的案件。請讓每列指向各自的資料夾或檔案。',
      'Each row\'s archive holds that row\'s images only; image files under this row\'s path are also under an earlier row\'s (one folder given to two rows, a row\'s folder holding another row\'s), so the build would send them twice, perhaps in another patient\'s case. Give each row its own folder or files.',
    ),
    example: { bad: 'rows 1 and 2 with ./exam', good: './exam/ct and ./exam/mr' },
  },
  {
    id: 'DRAFT-pixels-unread',
    field: 14,
    section: '四、(二)1.(2)E(a)(d)',
    defaultSeverity: 'information',
    title: bi('草稿列的 DICOM 檔頭未全部讀取', 'Not every DICOM header of a draft row was read'),
    description: bi(
      '編輯器與 check --archives 判斷草稿列的 DICOM 檔是否有影像（沒有則為 A14-empty，建置會拒絕此列）時，每列最多讀 100 個檔、每檔最多讀 4 MiB；此列有檔案未讀完檔頭，而已讀的都沒有影像資料，無從判斷。建置時會讀取每個檔案。',
      'To tell whether a draft row\'s DICOM files hold an image (none is A14-empty, which the build refuses the row by), the editor and check --archives read at most 100 files of a row and 4 MiB of each; some of this row\'s files were not read through their header and none of those read holds pixel data, so it cannot tell. The build reads every file.',
    ),
    example: { bad: './rt (an RT plan with a header over 4 MiB)', good: './rt (the plan with the CT it was made on)' },
  },
  {
    id: 'LEDGER-resend-differs',
    field: null,
    section: '五',
    defaultSeverity: 'warning',
    title: bi('重送資料與原送出內容不同', 'Re-sent row differs from what was sent'),
    description: bi(
      '此列與帳冊中已送出的一列為同一筆紀錄（同院所、就醫、醫令與報告序號），但內容不同；重送時 CSV 內容須與原送完全相同。',
      'This row is the same record (hospital, visit, order and report serial) as a row already sent according to the ledger, but its text differs; a re-sent record must be identical to the original.',
    ),
    example: { bad: 'the same key with another exam time', good: 'the row exactly as sent' },
  },
  {
    id: 'LEDGER-already-sent',
    field: null,
    section: '五',
    defaultSeverity: 'warning',
    title: bi('草稿列已送出過', 'Draft row already sent'),
    description: bi(
      '此草稿列與帳冊中已送出的一列為同一筆紀錄，除序號14 外內容相同；建置會給它新的案件編號與壓縮檔名。已收檔的資料要重送時，文字檔內容須與原資料完全相同：請用「重送列」（nhi-imaging resend）。原送被退件或未上傳時可照常建置。',
      'This draft row is the same record as a row already sent according to the ledger, with the same text but for field 14; a build gives it a new case number and archive name. A re-send of an accepted record must repeat the original text exactly: use Re-send Rows (nhi-imaging resend). If the original was rejected or never uploaded, build as usual.',
    ),
    example: { bad: 'a draft row built and sent before', good: 'nhi-imaging resend --rows CASE' },
  },
];

registerRules(BUILD_RULES);
