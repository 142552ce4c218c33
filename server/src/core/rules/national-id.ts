import { ID_LETTER_VALUES, type IdForm } from '../spec/codes';

export type IdCheck = { ok: true; form: IdForm } | { ok: false; problem: 'pattern' } | { ok: false; problem: 'checksum'; form: IdForm };

const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 1];

/** ID_LETTER_VALUES by letter, A to Z: read by character code instead of by a one-character string as a key. */
const LETTER_VALUES = Array.from({ length: 26 }, (_, i) => ID_LETTER_VALUES[String.fromCharCode(65 + i)]);

function letterValue(code: number): number | undefined {
  return code >= 65 && code <= 90 ? LETTER_VALUES[code - 65] : undefined;
}

/** Checks a national ID / resident certificate number (field 8): its form, then its check digit. */
export function checkNationalId(id: string): IdCheck {
  if (id.length !== 10) return { ok: false, problem: 'pattern' };
  const letter = letterValue(id.charCodeAt(0));
  if (letter === undefined) return { ok: false, problem: 'pattern' };
  const second = id.charCodeAt(1);
  let form: IdForm;
  let secondDigit: number;
  if (second === 49 || second === 50) { form = 'citizen'; secondDigit = second - 48; }
  else if (second === 56 || second === 57) { form = 'resident-new'; secondDigit = second - 48; }
  else if (second >= 65 && second <= 68) { form = 'resident-old'; secondDigit = (letterValue(second) ?? 0) % 10; }
  else return { ok: false, problem: 'pattern' };
  let sum = Math.floor(letter / 10) + (letter % 10) * 9 + secondDigit * WEIGHTS[0];
  for (let i = 2; i < 10; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return { ok: false, problem: 'pattern' };
    sum += i < 9 ? d * WEIGHTS[i - 1] : d;
  }
  return sum % 10 === 0 ? { ok: true, form } : { ok: false, problem: 'checksum', form };
}

/** The check digit that makes the first nine characters valid, or undefined for a malformed prefix. */
export function idCheckDigit(prefix9: string): string | undefined {
  for (let d = 0; d <= 9; d++) {
    const r = checkNationalId(prefix9 + d);
    if (r.ok) return String(d);
    if (r.problem === 'pattern') return undefined;
  }
  return undefined;
}
