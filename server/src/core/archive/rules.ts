/**
 * The archive checks' rules: one entry per finding the archive check can put on a row's
 * field-14 cell. Registered with the catalogue (spec/rules.ts registerRules) so docs, hovers
 * and severity settings see them like the CSV rules.
 */
import type { Bilingual, RuleSpec, Severity } from '../types';
import { ARCHIVE_ERROR_ADVICE } from '../images/advice';
import type { IssueList } from '../images/issues';
import { registerRules } from '../spec/rules';
import type { DicomProblemCode } from '../dicom/problems';
import type { ArchiveErrorCode } from './errors';
import type { AttributeSeverity } from '../dicom/required-attributes';

type Def = [id: string, section: string, severity: Severity, titleZh: string, titleEn: string, descZh: string, descEn: string, bad: string, good: string];

const ROW = '四、(二)1.(1)B';
const DICOM = '四、(二)1.(2)A';
const JPG = '四、(二)1.(2)B';
const JPG_NAMES = '四、(二)2';
const SIZE = '四、(二)1.(2)C';
const ONE_ORDER = '四、(二)1.(2)D';
const KIND = '四、(二)1.(2)E(a)(d)';
const CROSS = '四、(三)2';
const NOTES = 'NOTES decision';
const PS310 = '四、(二)1.(2)A; DICOM PS3.10 §8';
const PART10_FILE = '四、(二)1.(2)A; DICOM PS3.10 §7.1';
const PIXELS = '四、(二)1.(2)A; DICOM PS3.5 §8.1.1, PS3.3 C.7.6.3';
const ATTRIBUTES = '四、(二)1.(2)A; DICOM PS3.3 C.12.1, C.7.2.1, C.7.3.1, C.7.6.3, A.8.1, A.6, A.7, A.32, A.39.1; PS3.5 §8.1.1';

const DEFS: Def[] = [
  ['A14-missing', ROW, 'error', '找不到壓縮檔', 'Archive not found',
    '序號14 所寫的壓縮檔不在 CSV 旁（或設定的壓縮檔資料夾）中。', 'The archive named in field 14 is not next to the CSV (or in the configured archive folder).',
    '<no file DCF3501200000_C00000000001.7z>', '<DCF3501200000_C00000000001.7z beside the CSV>'],
  ['A14-name-case', ROW, 'error', '壓縮檔名大小寫不符', 'Archive name differs in case',
    '只找到大小寫不同的同名檔；健保署依序號14 的檔名比對，大小寫須完全一致。', 'Only a file whose name differs in letter case exists; the NHI matches the name of field 14 exactly.',
    '<dcf3501200000_c00000000001.7z on disk>', '<DCF3501200000_C00000000001.7z on disk>'],
  ['A14-size', ONE_ORDER, 'error', '壓縮檔超過 4.5 GB', 'Archive over 4.5 GB',
    '每個影像壓縮檔不可超過 4.5 GB；超過 4.5 GiB（4,831,838,208 位元組）即拒收。', 'An archive may not exceed 4.5 GB; over 4.5 GiB (4,831,838,208 bytes) it is rejected.',
    '<5,000,000,000 bytes>', '<1,000,000,000 bytes>'],
  ['A14-size-near', NOTES, 'warning', '壓縮檔接近 4.5 GB 上限', 'Archive near the 4.5 GB limit',
    '大小介於 4.5×10^9 位元組與 4.5 GiB 之間：若 GB 指 10^9 位元組即已超限，建議壓縮打包或以無失真壓縮重新匯出影像。', 'Between 4.5×10^9 bytes and 4.5 GiB: over the limit if GB means 10^9; consider packing compressed or exporting the images again with lossless compression.',
    '<4,600,000,000 bytes>', '<4,000,000,000 bytes>'],
  ['A14-format', KIND, 'error', '壓縮檔格式錯誤', 'Wrong archive format',
    '檔案內容（開頭的魔術位元組）須為 7-Zip 或 Microsoft Cabinet，且與副檔名 .7z/.CAB 相符。', 'The content (its magic bytes) must be 7-Zip or Microsoft Cabinet, matching the .7z/.CAB extension.',
    '<a ZIP file named .7z>', '<a 7-Zip archive named .7z>'],
  ['A14-unreadable', KIND, 'error', '壓縮檔損壞', 'Archive damaged',
    '壓縮檔不完整、損壞、校驗錯誤或使用不支援的壓縮方式，健保署無法解開。', 'The archive is truncated, corrupt, fails a checksum or uses an unsupported method; the NHI cannot unpack it.',
    '<a truncated .7z>', '<an intact .7z>'],
  ['A14-encrypted', KIND, 'error', '壓縮檔已加密', 'Archive encrypted',
    '壓縮檔或其中檔案以密碼加密；健保署無法讀取。', 'The archive or its files are password-encrypted; the NHI cannot read them.',
    '<7z with -p>', '<7z without a password>'],
  ['A14-not-checked', KIND, 'warning', '壓縮檔內容未檢查', 'Archive content not checked',
    '7-Zip 可解開此壓縮檔，但讀取它所需的記憶體超過本工具的上限（例如 LZMA 字典大於 160 MB，或 7-Zip（WebAssembly）無法配置的 2 GB 以上 PPMd 模型），其中的影像未經檢查。', 'The archive opens in 7-Zip, but reading it needs more memory than this checker allows (an LZMA dictionary over 160 MB, or a PPMd model of 2 GB or more, which 7-Zip in WebAssembly cannot allocate, for two), so its images were not checked.',
    '<7z packed with -md=192m>', '<7z packed with -md=64m>'],
  ['A14-trailing-data', KIND, 'warning', '壓縮檔結尾之後還有資料', 'Data after the end of the archive',
    '壓縮檔的結構（7z 起始檔頭所指的檔頭、CAB 檔頭記載的大小與其資料區塊；有 Authenticode 數位簽章的 CAB 另含檔頭保留區所指、接在其後直到檔案結尾的簽章）結束後，檔案還有其他位元組。7-Zip 測試時只警告，解壓時不讀這些位元組；若是另一個壓縮檔接在後面（例如 cat a.7z b.7z > c.7z），其中的檔案健保署看不到。訊息指出多出的位元組數，開頭是 7z 或 CAB 簽章時並指出是接上的壓縮檔。',
    'The file goes on after the end of the archive\'s structure (the header the 7z start header points to; the size a CAB header gives, or its data blocks where they run further, and in a cabinet with an Authenticode signature the signature its header reserve places right after them, to the end of the file). 7-Zip only warns when testing it and unpacks nothing of those bytes; when they are a second archive appended (cat a.7z b.7z > c.7z, for one), the NHI never sees its files. The message gives how many bytes follow, and says so when they begin with a 7z or CAB signature.',
    '<a.7z followed by b.7z in one file>', '<one archive holding every file>'],
  ['A14-entry-name', KIND, 'error', '壓縮檔內路徑不安全', 'Unsafe entry name',
    '壓縮檔內不可有絕對路徑、「..」、沒有檔名（空白或「.」）的檔案或符號連結，同一檔名也不可出現兩次（解壓時只會留下一個），檔案名稱也不可同時是其他項目的資料夾（B 與 B/C.jpg）。這樣的檔案（不安全的路徑、重複的檔名）解壓時不會照原樣留下，檢查不另以無法讀取或損毀回報。', 'Entries may not have absolute paths, ".." components or no name (empty, "."), or be symbolic links; no name may be stored twice (unpacking keeps only one), and no file may be named as a folder of other entries (B beside B/C.jpg). Such files (unsafe paths, names stored again) do not come out of unpacking as stored, and the check does not report them unreadable or damaged as well.',
    '<../DICOMDIR>', '<DICOMDIR>'],
  ['A14-entry-windows', KIND, 'error', '壓縮檔內檔名 Windows 無法存放', 'Entry name Windows cannot store',
    '醫院與健保署在 Windows 上解壓：路徑的任一段不可為裝置名稱（CON、PRN、AUX、NUL、COM1-COM9、LPT1-LPT9，不分大小寫，含加上副檔名者如 CON.dcm），不可含 < > : " | ? * 或控制字元，也不可以點或空白結尾；DICOMDIR 的 File ID 亦同。兩個只差在大小寫的檔名（IMG/A.jpg 與 img/a.jpg）在 Windows 上是同一個檔案，其中一個會覆蓋另一個。',
    'The hospital and the NHI unpack archives on Windows: no part of a path may be a device name (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9, in any case, also with an extension such as CON.dcm), hold < > : " | ? * or control characters, or end with a dot or space; the same holds for DICOMDIR File IDs. Two names that differ only in letter case (IMG/A.jpg and img/a.jpg) are one file on Windows, and one overwrites the other.',
    '<IMG/CON.dcm>', '<IMG/IM1.dcm>'],
  ['A14-empty', KIND, 'error', '壓縮檔沒有影像', 'Archive holds no images',
    '壓縮檔中沒有任何 DICOM 或 JPG 影像（沒有影像資料的 DICOM 物件，如報告，不算影像）。', 'The archive holds no DICOM or JPG image (DICOM objects without pixel data, such as reports, are not images).',
    '<empty archive>', '<DICOMDIR + images>'],
  ['A14-dicomdir-missing', DICOM, 'error', '缺少 DICOMDIR', 'No DICOMDIR',
    'DCF 壓縮檔須以 DICOMDIR 檔案為引導，且 DICOMDIR 位於壓縮檔根目錄。', 'A DCF archive is a DICOMDIR file-set: a DICOMDIR at the root of the archive.',
    '<IMG/IM1 only>', '<DICOMDIR, IMG/IM1>'],
  ['A14-dicomdir', PS310, 'error', 'DICOMDIR 結構錯誤', 'DICOMDIR structure broken',
    'DICOMDIR 須為 Media Storage Directory（1.2.840.10008.1.3.10），以 Explicit VR Little Endian 編碼，紀錄以位移串成 PATIENT → STUDY → SERIES → IMAGE，無迴圈或越界位移。', 'The DICOMDIR is a Media Storage Directory (1.2.840.10008.1.3.10) in Explicit VR Little Endian whose records link PATIENT → STUDY → SERIES → IMAGE by offsets, without loops or out-of-range offsets.',
    '<a record offset pointing past the end>', '<offsets written by dcmmkdir>'],
  ['A14-dicomdir-orphans', PS310, 'warning', 'DICOMDIR 有孤立紀錄', 'DICOMDIR has unreachable records',
    'DICOMDIR 中有紀錄沒有任何位移指向，讀取軟體看不到它們。', 'Some DICOMDIR records are reached by no offset; readers will not see them.',
    '<a record outside the tree>', '<every record in the tree>'],
  ['A14-dicomdir-keys', PS310, 'error', 'DICOMDIR 紀錄缺少必要欄位', 'DICOMDIR record lacks a required key',
    'PATIENT 紀錄的 Patient ID、STUDY 紀錄的 Study Date、Study Time、Study ID，SERIES 紀錄的 Modality、Series Number，以及各檔案紀錄的 Type 1 欄位（IMAGE 的 Instance Number；SR DOCUMENT 的 Completion Flag、Verification Flag、Content Date、Content Time、Concept Name Code Sequence；ENCAP DOC 的 MIME Type of Encapsulated Document 等）必須有值（PS3.3 F.5）；依 DICOMDIR 讀取的軟體可能拒收或無法歸檔。' +
      '建置時，來源檔缺少其 PATIENT、STUDY、SERIES 或檔案紀錄的此類欄位（或其值不合 VR 格式），依本規則的嚴重度處理：為錯誤（預設）時該列在保留任何編號前即停止，指出檔案與欄位；設為警告或關閉時照常建置，DICOMDIR 寫入檔案所有的值（缺少者空白或不寫），再由建置後的檢查依本規則以警告回報或不回報；資料夾內沿用的既有 DICOMDIR 缺少此類欄位時亦同（為錯誤時請以「重建 DICOMDIR」重新建置）。Study ID、Series Number、Instance Number 缺少時由建置依順序編號，不因此停止。',
    'Patient ID of a PATIENT record, Study Date, Study Time and Study ID of a STUDY record, Modality and Series Number of a SERIES record, and the Type 1 keys of each instance record (Instance Number of an IMAGE; Completion Flag, Verification Flag, Content Date, Content Time and Concept Name Code Sequence of an SR DOCUMENT; MIME Type of Encapsulated Document of an ENCAP DOC; …) need a value (PS3.3 F.5); software that reads the DICOMDIR may refuse or misfile the images. ' +
      'A build judges a source file that lacks such a key of its PATIENT, STUDY, SERIES or instance record (or holds one invalid for its VR) by this rule\'s severity: an error (the default) stops the row before anything is reserved, naming the file and the key; made a warning or turned off, the build goes on, writes the DICOMDIR with what the files hold (such a key empty or left out), and the check of the built batch reports it under this rule as a warning, or not at all; so it judges an existing DICOMDIR of the folder it would keep whose records lack such a key (an error: build again with "rebuild DICOMDIR"). Study ID, Series Number and Instance Number the build numbers by position when a file lacks them, and does not stop for.',
    '<PATIENT record with an empty Patient ID>', '<PATIENT record with Patient ID A123456789>'],
  ['A14-file-id', PS310, 'error', 'Referenced File ID 不符規範', 'Non-conformant Referenced File ID',
    'Referenced File ID (0004,1500) 至多 8 段，每段 1-8 個大寫 A-Z、0-9 或底線。', 'A Referenced File ID (0004,1500) has at most 8 components of 1-8 characters from A-Z, 0-9 and underscore.',
    'IMAGES\\image0001.dcm', 'IMAGES\\IM0001'],
  ['A14-file-missing', PS310, 'error', 'DICOMDIR 指向的檔案不存在', 'File referenced by the DICOMDIR missing',
    'DICOMDIR 的 Referenced File ID 所指的檔案不在壓縮檔中。', 'A file named by a Referenced File ID of the DICOMDIR is not in the archive.',
    '<DICOMDIR → IMG\\IM9, no such entry>', '<DICOMDIR → IMG\\IM1, entry IMG/IM1>'],
  ['A14-file-id-case', PS310, 'warning', '檔名大小寫與 DICOMDIR 不符', 'Entry name differs in case from the DICOMDIR',
    'PS3.10 的 File ID 為大寫；壓縮檔中的檔名只在忽略大小寫時相符，在區分大小寫的系統上會找不到。', 'PS3.10 File IDs are upper case; the entry matches only when case is ignored, and is not found on case-sensitive systems.',
    '<DICOMDIR → IMG\\IM1, entry img/im1>', '<DICOMDIR → IMG\\IM1, entry IMG/IM1>'],
  ['A14-dicom-not-dicom', DICOM, 'error', 'DICOMDIR 指向的檔案不是 DICOM', 'Referenced file is not DICOM',
    'DICOMDIR 指向的檔案內容不是 DICOM。', 'A file referenced by the DICOMDIR does not hold DICOM.',
    '<IMG/IM1 is a PNG>', '<IMG/IM1 is DICOM>'],
  ['A14-dicom-part10', PART10_FILE, 'error', 'DICOM 檔非 Part 10 格式', 'DICOM file not in Part 10 format',
    '檔案集中的 DICOM 檔須有 128 位元組前導、「DICM」與完整的檔頭群組 (0002)。', 'DICOM files of a file-set carry the 128-byte preamble, "DICM" and a complete meta group (0002).',
    '<data set without preamble>', '<Part 10 file>'],
  ['A14-dicom-meta', PART10_FILE, 'warning', 'DICOM 檔頭群組長度不符或未以 Explicit VR 寫成', 'DICOM meta group length wrong or not in Explicit VR',
    '(0002,0000) 檔頭群組長度缺少或與實際長度不符；或檔頭群組以 Implicit VR 寫成，而 PS3.10 §7.1 規定以 Explicit VR Little Endian 寫（dcmtk、dciodvfy 與 pydicom 仍照讀，故只是警告）。', 'The meta group length (0002,0000) is missing or does not match the group; or the meta group is written in Implicit VR, where PS3.10 §7.1 has it in Explicit VR Little Endian (dcmtk, dciodvfy and pydicom read it all the same, hence a warning).',
    '<(0002,0000) missing>', '<(0002,0000) correct>'],
  ['A14-dicom-corrupt', DICOM, 'error', 'DICOM 檔損壞', 'DICOM file damaged',
    'DICOM 檔不完整、元素長度不合理、無法解析，資料集以 DICOM 不允許的群組 0000、0001 開始（PS3.5 §7.1），有元素以 DICOM 未定義的 VR 寫成（PS3.5 §6.2），序列與封裝像素資料以外的元素長度為未定（PS3.5 §7.1.2），以 Implicit VR 寫成、依資料字典是序列（SQ）的元素，其值卻不是由項目組成（PS3.6、PS3.5 §7.5），Big Endian 檔中未定長度的 UN 以 big endian 寫其項目（應為 Implicit VR Little Endian，PS3.5 §6.2.2），(0002,0000) 群組長度超過檔頭群組、延伸到 Implicit VR、Big Endian 或壓縮（Deflated）的資料集，或短少整個檔頭元素以上、使 dcmtk 把其餘檔頭元素當成這些資料集的元素，而 dcmtk 讀不下去（PS3.10 §7.1），壓縮（Deflated）的資料流開頭可讀成檔頭元素而 (0002,0000) 群組長度缺少或不符，dcmtk 與 pydicom 無法解壓（PS3.10 §7.1、PS3.5 §A.5），或封裝像素資料的基本偏移表找不到影像：長度不是 4 的倍數，偏移不是片段的開頭、未遞增，或偏移數與影像張數不符（PS3.5 §A.4，只有完整檢查讀到）；訊息以中英文說明解析時發現的問題（序列缺少結束標記、長度超過其後的資料等），解析程式的英文原文只在不認得時引用。', 'The DICOM file is truncated, has an absurd element length, cannot be parsed, its data set starts in group 0000 or 0001, which DICOM does not allow (PS3.5 §7.1), an element is written with a VR DICOM does not define (PS3.5 §6.2), an element other than a sequence or encapsulated Pixel Data has an undefined length (PS3.5 §7.1.2), an element written in Implicit VR that the data dictionary makes a sequence (SQ) holds no items (PS3.6, PS3.5 §7.5), a UN of undefined length in a Big Endian file holds its items in big endian (they are Implicit VR Little Endian, PS3.5 §6.2.2), (0002,0000) runs past the meta group into an Implicit VR, Big Endian or Deflated data set, or falls short of it by a whole meta element or more so that dcmtk reads the meta elements left as elements of such a data set, which dcmtk then fails to read (PS3.10 §7.1), the stream of a deflated data set starts with bytes that read as a meta group element while (0002,0000) is missing or wrong, so that dcmtk and pydicom cannot inflate it (PS3.10 §7.1, PS3.5 §A.5), or the Basic Offset Table of encapsulated Pixel Data cannot find the frames: its length is no multiple of 4, an offset is not where a fragment starts or does not ascend, or it holds not one offset a frame (PS3.5 §A.4; only the full check reads it); the message says in either language what parsing found (a sequence without its delimiter, a length beyond the bytes that follow…), quoting the parser\'s own English only for a failure not known.',
    '<file cut inside Pixel Data>', '<complete file>'],
  ['A14-dicom-pixel-length', PIXELS, 'error', 'DICOM 像素資料不足', 'DICOM pixel data too short',
    '未壓縮（native 傳輸語法）的像素資料 (7FE0,0010) 少於檔頭所述影像所需：Rows × Columns × Samples per Pixel × Bits Allocated / 8 × Number of Frames（未提供時為 1），補成偶數長度；Bits Allocated 為 1 時各張依位元連續排列，共需 ⌈總位元數 / 8⌉ 位元組；YBR_FULL_422 每像素 2 個樣本。缺少像素的影像無法正確顯示，dciodvfy 亦會指出。壓縮（encapsulated）的像素資料、沒有像素資料的物件，以及上述值缺少或無效者不判斷。',
    'Native (uncompressed transfer syntax) Pixel Data (7FE0,0010) holds fewer bytes than the image its header describes: Rows × Columns × Samples per Pixel × Bits Allocated / 8 × Number of Frames (1 when absent), padded to an even length; with Bits Allocated 1 the frames are packed bit after bit into ⌈all bits / 8⌉ bytes; YBR_FULL_422 holds two samples a pixel. An image with pixels missing does not display right, and dciodvfy reports it. Encapsulated (compressed) pixel data, objects without pixel data, and headers where one of these values is absent or invalid are not judged.',
    '<512x512 16-bit CT whose Pixel Data holds 262,144 bytes>', '<512x512 16-bit CT whose Pixel Data holds 524,288 bytes>'],
  ['A14-dicom-pixel-excess', PIXELS, 'warning', 'DICOM 像素資料多於影像所需', 'DICOM pixel data longer than its image',
    '未壓縮的像素資料 (7FE0,0010) 比檔頭所述影像所需（計算同 A14-dicom-pixel-length）多出超過 1 個補位位元組。影像本身完整，故為警告；多出的位元組有的軟體略過、有的當成下一張影像，通常表示檔頭的影像大小或張數有誤。',
    'Native Pixel Data (7FE0,0010) holds more than the image its header describes needs (counted as for A14-dicom-pixel-length), beyond the one pad byte. The image itself is whole, hence a warning; some software ignores the extra bytes, other software takes them for a further frame, and they usually mean the header gives a wrong size or frame count.',
    '<512x512 8-bit image whose Pixel Data holds 524,288 bytes>', '<512x512 8-bit image whose Pixel Data holds 262,144 bytes>'],
  ['A14-dicom-attribute', ATTRIBUTES, 'error', 'DICOM 必要屬性缺少或不符', 'DICOM required attribute missing or wrong',
    '每個 DICOM 物件都要有的識別屬性 SOP Class UID (0008,0016)、SOP Instance UID (0008,0018)、Study Instance UID (0020,000D)、Series Instance UID (0020,000E) 缺少或沒有值（Type 1，PS3.3 C.12.1、C.7.2.1、C.7.3.1）：PACS 與建置上傳批次都依這些 UID 歸檔；或有像素資料 (7FE0,0010) 的物件，檢視軟體顯示影像所需的 Image Pixel 屬性（PS3.3 C.7.6.3）缺少、沒有值或無效：Samples per Pixel（1 或 3）、Photometric Interpretation（定義的值）、Rows、Columns、Bits Allocated、Bits Stored（大於 0）、Pixel Representation，以及 Samples per Pixel 大於 1 時的 Planar Configuration；或彼此不符：Samples per Pixel 與 Photometric Interpretation 不合（MONOCHROME1、MONOCHROME2、PALETTE COLOR 為 1，RGB 與 YBR 為 3），Bits Stored 大於 Bits Allocated，High Bit 小於 Bits Stored − 1 或不小於 Bits Allocated；PALETTE COLOR 影像缺少紅、綠、藍調色盤查找表的描述或資料 (0028,1101–1103、0028,1201–1203；分段資料 0028,1221–1223 可代替資料)；或 Secondary Capture（含多影格，PS3.3 A.8）、超音波（A.6、A.7）、可見光（內視鏡、攝影、顯微、眼科攝影，A.32、A.39.1）、CT、MR、CR、核醫（A.2–A.5，加強型 CT 與 MR，A.38.1、A.36.2）、XA、RF（A.14、A.16）、DX、乳房攝影、口內 X 光（A.26–A.28）影像的 Photometric Interpretation 是 dciodvfy 在其 IOD 與傳輸語法下不接受、dcmtk 也無法顯示的色彩值（YBR_PARTIAL_420、YBR_ICT、YBR_RCT、XYB）。dciodvfy 將這些列為錯誤，dcmtk 無法顯示或顯示錯誤的影像。訊息指出屬性、其值與應有的值。',
    'An identifying attribute every DICOM instance needs, SOP Class UID (0008,0016), SOP Instance UID (0008,0018), Study Instance UID (0020,000D) or Series Instance UID (0020,000E), is absent or empty (Type 1, PS3.3 C.12.1, C.7.2.1, C.7.3.1): a PACS and the build file an instance by them. Or, of an instance with Pixel Data (7FE0,0010), an Image Pixel attribute (PS3.3 C.7.6.3) a viewer needs to show the image is absent, empty or invalid: Samples per Pixel (1 or 3), Photometric Interpretation (a defined term), Rows, Columns, Bits Allocated, Bits Stored (more than 0), Pixel Representation, and Planar Configuration when Samples per Pixel is more than 1; or they disagree: Samples per Pixel not the Photometric Interpretation\'s (1 for MONOCHROME1, MONOCHROME2 and PALETTE COLOR, 3 for RGB and YBR), Bits Stored over Bits Allocated, High Bit below Bits Stored − 1 or not below Bits Allocated; a PALETTE COLOR image lacks the descriptor or the data of its red, green or blue palette lookup table (0028,1101–1103, 0028,1201–1203; segmented data, 0028,1221–1223, stands for the data); or a Secondary Capture (single- or multi-frame, PS3.3 A.8), Ultrasound (A.6, A.7), visible light (endoscopic, photographic, microscopic, ophthalmic photography; A.32, A.39.1), CT, MR, CR, nuclear medicine (A.2–A.5; Enhanced CT and MR, A.38.1, A.36.2), XA, RF (A.14, A.16), DX, mammography or intra-oral X-ray (A.26–A.28) image has a colour Photometric Interpretation dciodvfy does not take in its IOD and transfer syntax and dcmtk does not show (YBR_PARTIAL_420, YBR_ICT, YBR_RCT, XYB). dciodvfy reports each as an error, and dcmtk shows no image or a wrong one. The message names the attribute, its value and what is expected.',
    '<CT image without Series Instance UID; RGB image with Samples per Pixel 1>', '<every UID present; RGB with Samples per Pixel 3, Planar Configuration 0>'],
  ['A14-dicom-attribute-minor', ATTRIBUTES, 'warning', 'DICOM 屬性不符規範（影像仍可顯示）', 'DICOM attribute not conformant (the image still shows)',
    'dciodvfy 會指出、但檢視軟體仍可顯示的屬性問題：High Bit (0028,0102) 大於 Bits Stored − 1 而小於 Bits Allocated（PS3.5 §8.1.1 規定為 Bits Stored − 1；dciodvfy 列為警告），High Bit 缺少，Pixel Representation (0028,0103) 或 Planar Configuration (0028,0006) 不是 0 或 1（dcmtk 當作 0），Samples per Pixel 為 1 的影像帶有 Planar Configuration（Type 1C，只在大於 1 時可有），Secondary Capture、超音波、可見光、CT、MR、X 光（CR、DX、乳房攝影、口內、XA、RF）或核醫影像的 Photometric Interpretation 是 dciodvfy 在其 IOD 與傳輸語法下不接受、但 dcmtk 可顯示的值（例如 Secondary Capture 非壓縮的 YBR_FULL_422、JPEG Baseline 的 YBR_FULL，超音波非壓縮的 YBR_FULL 與 MONOCHROME1，可見光影像的 MONOCHROME1 與 PALETTE COLOR，CT、MR 與 X 光影像的 RGB 等彩色值，XA、RF 的 MONOCHROME1），PALETTE COLOR 影像的調色盤只以分段資料 (0028,1221–1223) 提供、而其 IOD 不接受分段調色盤（只有超音波影像接受；dcmtk 不顯示分段調色盤，pydicom 可），調色盤描述的項目數與位元數和資料長度不符（PS3.3 C.7.6.3.1.5），以及沒有影像的物件（如結構化報告）缺少 Modality (0008,0060)（影像的 Modality 由 A14-modality 判斷）。',
    'Attribute faults dciodvfy reports but viewers still show the image through: High Bit (0028,0102) above Bits Stored − 1 and below Bits Allocated (PS3.5 §8.1.1 asks for Bits Stored − 1; dciodvfy warns), High Bit absent, Pixel Representation (0028,0103) or Planar Configuration (0028,0006) other than 0 or 1 (dcmtk takes 0), Planar Configuration present where Samples per Pixel is 1 (Type 1C, present only when it is more than 1), a Secondary Capture, Ultrasound, visible light, CT, MR, X-ray (CR, DX, mammography, intra-oral, XA, RF) or nuclear medicine image with a Photometric Interpretation dciodvfy does not take in its IOD and transfer syntax but dcmtk shows (for Secondary Capture YBR_FULL_422 uncompressed and YBR_FULL in JPEG Baseline, for Ultrasound YBR_FULL uncompressed and MONOCHROME1, for visible light MONOCHROME1 and PALETTE COLOR, for CT, MR and X-ray images RGB and the other colour terms, for XA and RF MONOCHROME1, for some), a PALETTE COLOR image whose palette is given only as segmented data (0028,1221–1223) where its IOD does not take segmented palettes (only Ultrasound images do; dcmtk shows no segmented palette, pydicom does), a palette descriptor whose entries and bits disagree with the length of its data (PS3.3 C.7.6.3.1.5), and Modality (0008,0060) absent or empty on an object without an image, such as a structured report (an image\'s Modality is A14-modality\'s).',
    '<Bits Stored 12, High Bit 15>', '<Bits Stored 12, High Bit 11>'],
  ['A14-dicom-encoding', '四、(二)1.(2)A; DICOM PS3.5 §6.1.2.1, §6.1.2.3, §6.1.3, §7.1, §7.1.1, §A.4; PS3.10 §7.1', 'warning', 'DICOM 編碼不符規範', 'DICOM encoding not conformant',
    'DICOM 的值長度須為偶數，奇數長度的值應補一個位元組（PS3.5 §7.1.1）；資料集與項目中的元素須依標籤遞增排列、不重複（PS3.5 §7.1）；群組 0001、0003、0005、0007 與 FFFF 不可使用（PS3.5 §7.1）；檔頭群組 0002（File Meta Information）只在資料集之前，不可出現在資料集中（PS3.10 §7.1，dcmtk 警告後照讀）；封裝的像素資料中各項目（基本偏移表與片段）的長度亦須為偶數（PS3.5 §A.4），只有完整檢查讀到片段；壓縮（Deflated）的資料集就是其 deflate 資料流，資料流結束後不應再有位元組（PS3.5 §A.5）；資料流開頭可讀成檔頭群組元素時，雖有正確的 (0002,0000) 群組長度、dcmtk 可讀，在群組改變處才結束檔頭的程式（pydicom、dciodvfy）卻無法解壓（PS3.10 §7.1）；未以 Specific Character Set (0008,0005) 宣告 ASCII 以外字元集（或寫的是 DICOM 未定義的名稱，如 BIG5）的檔案，其文字值（姓名、描述等）只能用 ASCII，含大於 7FH 的位元組（如舊系統未宣告的 Big5 姓名）時各程式無從得知其文字（PS3.5 §6.1.2.1），訊息附上以 Big5 讀出的文字供參考；建置則不把這樣的值寫入 DICOMDIR；宣告單一 ISO 8859 字元集（如 ISO_IR 100）或 TIS 620 的檔案，其文字值中 80H–9FH 的位元組是 C1 控制碼，不是該字元集的字元（PS3.5 §6.1.2.3、§6.1.3）：整個值是 UTF-8 時（宣告 ISO_IR 100 卻寫 UTF-8 中文的 PACS），訊息附上以 UTF-8 讀出的文字，建置不把它寫入 DICOMDIR，應宣告 ISO_IR 192；在 A0H–BFH 沒有小寫字母的 ISO 8859 字元集下（ISO_IR 101、109、110、203 除外），沒有 80H–9FH 但含三或四位元組 UTF-8 序列的合格 UTF-8 值（中 為 E4 B8 AD，依 ISO_IR 100 讀成「ä¸­」）亦同；否則（Windows 程式寫的 ’ 或 –）依 windows-1252（ISO_IR 148 為 windows-1254，TIS 620 為 windows-874）讀取並照常建置。訊息指出第一個不符的元素的標籤與位元組位置，以及其他同樣的元素數。dcmtk 與 pydicom 仍可讀取（奇數長度時警告），dciodvfy 則列為錯誤（標籤順序錯誤時不再往下讀）；影像仍可讀，故為警告。',
    'DICOM value lengths are even: a value of odd length is padded with one byte (PS3.5 §7.1.1); the elements of a data set or item ascend by tag, each once (PS3.5 §7.1); groups 0001, 0003, 0005, 0007 and FFFF are not used (PS3.5 §7.1); group 0002, the File Meta Information, precedes the data set and has no place inside it (PS3.10 §7.1; dcmtk reads such an element with a warning); the items of encapsulated Pixel Data (its Basic Offset Table and fragments) have even lengths too (PS3.5 §A.4), which only the full check reads; a deflated data set is its deflate stream, and no bytes follow the end of the stream (PS3.5 §A.5); a stream whose first bytes read as a meta group element, though a right (0002,0000) group length ends the meta group before it and dcmtk reads it, cannot be inflated by readers that end the meta group where its group changes (pydicom, dciodvfy) (PS3.10 §7.1); in a file whose Specific Character Set (0008,0005) names no set beyond ASCII (or only a term DICOM does not define, such as BIG5), text values (names, descriptions) are ASCII, and one with bytes above 7FH (a Big5 name an older system wrote without declaring it) has no text a reader can know (PS3.5 §6.1.2.1): the message gives what the bytes read as in Big5, and the build writes no such value into a DICOMDIR; in a file that declares a single ISO 8859 set (ISO_IR 100) or TIS 620, bytes of 80H-9FH in a text value are C1 control codes, no characters of the set (PS3.5 §6.1.2.3, §6.1.3): where the whole value is well-formed UTF-8 (a PACS writing Chinese in UTF-8 but declaring ISO_IR 100) the message gives its UTF-8 reading and the build writes no such value into a DICOMDIR (declare ISO_IR 192), and so under an ISO 8859 set whose A0H-BFH hold no small letters (not ISO_IR 101, 109, 110, 203) for a well-formed UTF-8 value with none of 80H-9FH but a sequence of three or four bytes (中 is E4 B8 AD, which ISO_IR 100 reads as "ä¸­"); otherwise (a ’ or – a Windows program wrote) they are read as windows-1252 (windows-1254 under ISO_IR 148, windows-874 under TIS 620) and the build goes on. The message names the tag and byte of the first element that does not, and how many others there are. dcmtk and pydicom still read such a file (with a warning for odd lengths), dciodvfy reports an error (and reads no further past tags out of order); the image can still be read, hence a warning.',
    '<(0010,0020) LO of length 9>', '<(0010,0020) LO of length 10, padded with a space>'],
  ['A14-dicom-syntax', DICOM, 'error', '不認得的傳輸語法', 'Unknown transfer syntax',
    'Transfer Syntax UID (0002,0010) 不是 DICOM 標準定義的傳輸語法。', 'The Transfer Syntax UID (0002,0010) is none that DICOM defines.',
    '1.2.3.4', '1.2.840.10008.1.2.1'],
  ['A14-dicom-retired-syntax', DICOM, 'warning', '已退役的傳輸語法', 'Retired transfer syntax',
    'Explicit VR Big Endian 等傳輸語法已自 DICOM 退役；仍可讀取，但應改用現行語法。', 'Explicit VR Big Endian and other retired transfer syntaxes are still readable but should be replaced.',
    '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1'],
  ['A14-dicom-implicit-vr', DICOM, 'information', 'Implicit VR Little Endian', 'Implicit VR Little Endian',
    'Implicit VR Little Endian 是 DICOM 的預設傳輸語法，符合規範，僅供參考。', 'Implicit VR Little Endian is DICOM\'s default transfer syntax: conformant, for information only.',
    '1.2.840.10008.1.2', '1.2.840.10008.1.2.1'],
  ['A14-dicom-mismatch', DICOM, 'warning', 'DICOMDIR 與檔案內容不一致', 'DICOMDIR and file disagree',
    'DICOMDIR 紀錄中的 UID 或傳輸語法與所指檔案的內容不同，或檔頭 (0002,0003) 與 (0008,0018) 不同。', 'A UID or transfer syntax in a DICOMDIR record differs from the file it references, or (0002,0003) differs from (0008,0018).',
    '<record SOP Instance UID ≠ file>', '<record matches file>'],
  ['A14-dicom-unreferenced', PS310, 'warning', 'DICOM 檔未列入 DICOMDIR', 'DICOM file not in the DICOMDIR',
    '壓縮檔中有 DICOM 檔沒有被 DICOMDIR 引用；以 DICOMDIR 為引導的上傳會忽略它們。', 'The archive holds DICOM files the DICOMDIR does not reference; an upload guided by the DICOMDIR ignores them.',
    '<IMG/IM9 not in DICOMDIR>', '<every file in DICOMDIR>'],
  ['A14-extra-file', DICOM, 'warning', '壓縮檔中有非影像檔', 'Non-image file in the archive',
    '壓縮檔中有既非 DICOM 也非 JPG 的檔案（DICOMDIR 指名的檔案集說明檔 (0004,1141) 屬於檔案集，不在此列）。', 'The archive holds files that are neither DICOM nor JPG (the File-set Descriptor File the DICOMDIR names, (0004,1141), belongs to the file-set and is not one).',
    '<README.txt>', '<images only>'],
  ['A14-dcf-jpeg', KIND, 'error', 'DCF 壓縮檔中有 JPG 影像', 'JPG image in a DCF archive',
    '一筆資料僅可以其中一種檔案類別上傳：DCF 壓縮檔放 DICOM 與 DICOMDIR，JPG 影像以 ATT 壓縮檔上傳（依內容判斷，不看副檔名）。', 'A row is uploaded in one file class only: a DCF archive holds DICOM and its DICOMDIR, JPG images go in an ATT archive (judged by content, not by extension).',
    '<IMG/IM0 and scan.jpg in DCF…7z>', '<IMG/IM0 only>'],
  ['A14-att-not-jpeg', KIND, 'error', 'ATT 壓縮檔中有非 JPG 檔', 'Non-JPG file in an ATT archive',
    'ATT 壓縮檔只能有 JPG 影像，依內容（SOI 與 SOF 標記）判斷，不看副檔名；另存為 .jpg 的其他格式（PNG、BMP、HEIC、TIFF、GIF、WebP、JPEG 2000、PDF）指出其格式，空檔案指出為空檔案。', 'An ATT archive holds only JPG images, judged by content (SOI and SOF markers), not by extension; another format saved as .jpg (PNG, BMP, HEIC, TIFF, GIF, WebP, JPEG 2000, PDF) is named, and an empty file is called empty.',
    '<a PNG named x.jpg>', '<a JPEG named x.jpg>'],
  ['A14-att-name', JPG_NAMES, 'error', 'JPG 檔名含中文或符號', 'JPG file name with Chinese or symbols',
    'JPG 檔案無命名規則，但檔名不支援中文、不可包含特殊符號（含空白），英文字母、數字、底線皆為半型；副檔名前的點可用。', 'JPG files have no naming scheme, but their names hold no Chinese and no special symbols (spaces included): half-width letters, digits and underscores, and the dot before the extension.',
    '<牙齒 全口(右).jpg>', '<PANO_1.jpg>'],
  ['A14-jpeg-not-allowed', JPG, 'error', '此醫令不得以 JPG 上傳', 'JPG not allowed for this order',
    '只有 X 光攝影（32001C、32002C、32006C、32007C、32008C、34004C、01271C）可上傳 JPG。', 'Only the X-ray orders (32001C, 32002C, 32006C, 32007C, 32008C, 34004C, 01271C) may be sent as JPG.',
    '<JPG for 33070B>', '<JPG for 32001C>'],
  ['A14-jpeg-corrupt', JPG, 'error', 'JPG 檔損壞', 'JPG file damaged',
    'JPG 檔不完整或結構錯誤（找不到 SOF 框架標頭，或缺少結尾 EOI）。', 'The JPG file is truncated or malformed (no SOF frame header, or no EOI at the end).',
    '<JPEG cut before SOF>', '<complete JPEG>'],
  ['A14-image-size', SIZE, 'error', '影像解析度不足', 'Image below the minimum size',
    '影像解析度須達醫令類別的最低需求：CT 512x512、MRI 256x192（長邊 x 短邊）、X 光 1400x1400、超音波 256x256。無像素資料的物件（結構化報告等）不檢查。', 'Images meet the minimum of the order\'s family: CT 512x512, MRI 256x192 (longer x shorter side), X-ray 1400x1400, ultrasound 256x256. Objects without pixel data (structured reports…) are skipped.',
    '<CT 256x256>', '<CT 512x512>'],
  ['A14-modality', NOTES, 'warning', '影像類別與醫令不符', 'Modality does not fit the order',
    'DICOM Modality (0008,0060) 與醫令類別預期的不同（例如 CT 醫令卻是 MR 影像），或影像沒有 Modality（必要屬性）。', 'The DICOM Modality (0008,0060) is not one the order\'s family expects (e.g. MR images for a CT order), or images have none (a Type 1 attribute).',
    '<MR for 33070B>', '<CT for 33070B>'],
  ['A14-study-date', CROSS, 'warning', '檢查日期與序號12 不符', 'Study date differs from field 12',
    'DICOM Study Date (0008,0020) 與序號12 實際檢查日期不同；不是 DICOM 日期格式 YYYYMMDD 的值（例如 2025-11-25）另外註明。', 'The DICOM Study Date (0008,0020) differs from the exam date of field 12; a value not written as a DICOM date, YYYYMMDD (e.g. 2025-11-25), is named so.',
    '<StudyDate 20261124, field 12 11411250945>', '<StudyDate 20261125>'],
  ['A14-birth-date', CROSS, 'warning', '出生日期與序號9 不符', 'Birth date differs from field 9',
    'DICOM Patient\'s Birth Date (0010,0030) 與序號9 出生日期不同（新生兒依附就醫時，與序號15 依附就醫新生兒出生日期相同亦可）；不是 DICOM 日期格式 YYYYMMDD 的值另外註明。', 'The DICOM Patient\'s Birth Date (0010,0030) differs from field 9 (for a newborn seen on a parent\'s card, field 15, the newborn\'s, matches too); a value not written as a DICOM date, YYYYMMDD, is named so.',
    '<PatientBirthDate 19860313, field 9 0750312>', '<PatientBirthDate 19860312>'],
  ['A14-one-study', ONE_ORDER, 'warning', '壓縮檔含多個檢查', 'Archive holds several studies',
    '每個壓縮檔以單一醫令為單位；其中的影像應屬同一檢查（同一 Study Instance UID）與同一病人。', 'Each archive holds one order: its images belong to one study (one Study Instance UID) and one patient.',
    '<2 Study Instance UIDs>', '<1 Study Instance UID>'],
];

export const ARCHIVE_RULES: readonly RuleSpec[] = DEFS.map(([id, section, severity, tz, te, dz, de, bad, good]) => ({
  id, field: 14, section, defaultSeverity: severity,
  title: { 'zh-TW': tz, en: te }, description: { 'zh-TW': dz, en: de }, example: { bad, good },
}));

registerRules(ARCHIVE_RULES);

/** Which rule an archive failure becomes. */
export function ruleForArchiveError(code: ArchiveErrorCode): string {
  return code === 'encrypted' ? 'A14-encrypted' : code === 'not-checked' ? 'A14-not-checked' : code === 'trailing-data' ? 'A14-trailing-data' : 'A14-unreadable';
}

/** An archive failure as an issue of its rule, with what to do about it. */
export function addArchiveError(issues: IssueList, code: ArchiveErrorCode, file: string | null, message: Bilingual): void {
  issues.add(ruleForArchiveError(code), file, message, ARCHIVE_ERROR_ADVICE[code]);
}

/** Which rule a DICOM/DICOMDIR/JPEG reader problem becomes. */
export const RULE_FOR_PROBLEM: Readonly<Record<DicomProblemCode, string>> = {
  'not-dicom': 'A14-dicom-not-dicom',
  'not-part10': 'A14-dicom-part10',
  'meta-incomplete': 'A14-dicom-part10',
  'meta-group-length': 'A14-dicom-meta',
  'meta-implicit-vr': 'A14-dicom-meta',
  'meta-group-overrun': 'A14-dicom-corrupt',
  'meta-group-short': 'A14-dicom-corrupt',
  'deflated-meta-end': 'A14-dicom-corrupt',
  'deflated-meta-lookalike': 'A14-dicom-encoding',
  'unknown-transfer-syntax': 'A14-dicom-syntax',
  'retired-transfer-syntax': 'A14-dicom-retired-syntax',
  'big-endian': 'A14-dicom-retired-syntax',
  'implicit-vr': 'A14-dicom-implicit-vr',
  'absurd-length': 'A14-dicom-corrupt',
  truncated: 'A14-dicom-corrupt',
  unreadable: 'A14-dicom-corrupt',
  'header-too-large': 'A14-dicom-corrupt',
  'pixel-data-short': 'A14-dicom-pixel-length',
  'pixel-data-long': 'A14-dicom-pixel-excess',
  'odd-length': 'A14-dicom-encoding',
  'odd-fragment': 'A14-dicom-encoding',
  'bad-offset-table': 'A14-dicom-corrupt',
  'deflate-trailing': 'A14-dicom-encoding',
  'tag-order': 'A14-dicom-encoding',
  'bad-group': 'A14-dicom-encoding',
  'meta-element-in-data-set': 'A14-dicom-encoding',
  'undeclared-charset': 'A14-dicom-encoding',
  'utf8-as-single-byte': 'A14-dicom-encoding',
  'c1-read-as-windows': 'A14-dicom-encoding',
  'forbidden-group': 'A14-dicom-corrupt',
  'unknown-vr': 'A14-dicom-corrupt',
  'undefined-length': 'A14-dicom-corrupt',
  'sequence-without-items': 'A14-dicom-corrupt',
  'un-items-big-endian': 'A14-dicom-corrupt',
  'sop-mismatch': 'A14-dicom-mismatch',
  'dicomdir-not-directory': 'A14-dicomdir',
  'dicomdir-no-records': 'A14-dicomdir',
  'dicomdir-too-many-records': 'A14-dicomdir',
  'dicomdir-bad-offset': 'A14-dicomdir',
  'dicomdir-loop': 'A14-dicomdir',
  'dicomdir-orphan-records': 'A14-dicomdir-orphans',
  'dicomdir-hierarchy': 'A14-dicomdir',
  'dicomdir-missing-file-id': 'A14-dicomdir',
  'dicomdir-bad-file-id': 'A14-file-id',
  'dicomdir-missing-uid': 'A14-dicomdir',
  'dicomdir-empty-key': 'A14-dicomdir-keys',
  'jpeg-not-jpeg': 'A14-att-not-jpeg',
  'jpeg-truncated': 'A14-jpeg-corrupt',
  'jpeg-no-frame': 'A14-jpeg-corrupt',
};

/** Which rule a required-attribute finding (dicom/required-attributes.ts) of each severity becomes. */
export const RULE_FOR_ATTRIBUTE: Readonly<Record<AttributeSeverity, string>> = { error: 'A14-dicom-attribute', warning: 'A14-dicom-attribute-minor' };
