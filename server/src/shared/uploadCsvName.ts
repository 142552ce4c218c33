/**
 * The names VS Code gives the upload-CSV language (package.json's filenamePatterns): any 10 characters, 8
 * digits, a sequence number of 3–6 digits, `.csv` in any case. Looser than the FILE-name rule on purpose: a
 * file with a misspelt hospital code or date should still open as an upload CSV and be told what is wrong.
 */
export const UPLOAD_CSV_NAME = /^.{10}_\d{8}_\d{3,6}\.csv$/i;
