import type { Bilingual } from '../types';

export type OrderFamily = 'ct' | 'mri' | 'dental' | 'endoscopy' | 'echocardiography' | 'ultrasound' | 'xray';

/** What field 13 must hold for an order: CT/MRI region letters, dental codes, or nothing. */
export type BodySiteKind = 'ct-mri' | 'dental' | 'none';

export interface FamilySpec {
  family: OrderFamily;
  name: Bilingual;
  bodySite: BodySiteKind;
  /** JPG files (archive prefix ATT) allowed. */
  jpgAllowed: boolean;
  /** Minimum image size; for MRI the longer side against `width`, the shorter against `height`. */
  minSize: { width: number; height: number; rule: 'both-sides' | 'long-short' } | null;
  /** DICOM Modality values expected; the first is the usual one. Mismatches are warnings. */
  modalities: readonly string[];
}

export interface OrderSpec {
  code: string;
  /** 項次 of Table 1. */
  item: number;
  name: Bilingual;
  family: OrderFamily;
}

export const FAMILIES: Readonly<Record<OrderFamily, FamilySpec>> = {
  ct: { family: 'ct', name: { 'zh-TW': '電腦斷層造影', en: 'CT' }, bodySite: 'ct-mri', jpgAllowed: false, minSize: { width: 512, height: 512, rule: 'both-sides' }, modalities: ['CT'] },
  mri: { family: 'mri', name: { 'zh-TW': '磁振造影', en: 'MRI' }, bodySite: 'ct-mri', jpgAllowed: false, minSize: { width: 256, height: 192, rule: 'long-short' }, modalities: ['MR'] },
  dental: { family: 'dental', name: { 'zh-TW': '齒顎全景 X 光', en: 'dental panoramic X-ray' }, bodySite: 'dental', jpgAllowed: true, minSize: { width: 1400, height: 1400, rule: 'both-sides' }, modalities: ['PX', 'DX'] },
  endoscopy: { family: 'endoscopy', name: { 'zh-TW': '內視鏡', en: 'endoscopy' }, bodySite: 'none', jpgAllowed: false, minSize: null, modalities: ['ES'] },
  echocardiography: { family: 'echocardiography', name: { 'zh-TW': '心臟超音波', en: 'echocardiography' }, bodySite: 'none', jpgAllowed: false, minSize: { width: 256, height: 256, rule: 'both-sides' }, modalities: ['US'] },
  ultrasound: { family: 'ultrasound', name: { 'zh-TW': '超音波', en: 'ultrasound' }, bodySite: 'none', jpgAllowed: false, minSize: { width: 256, height: 256, rule: 'both-sides' }, modalities: ['US'] },
  xray: { family: 'xray', name: { 'zh-TW': '胸腹部 X 光', en: 'chest/abdomen X-ray' }, bodySite: 'none', jpgAllowed: true, minSize: { width: 1400, height: 1400, rule: 'both-sides' }, modalities: ['CR', 'DX'] },
};

const o = (item: number, code: string, zh: string, en: string, family: OrderFamily): OrderSpec => ({ item, code, name: { 'zh-TW': zh, en }, family });

/** Table 1: the 37 order codes with an incentive for prompt upload. */
export const ORDER_CODES: readonly OrderSpec[] = [
  o(1, '33070B', '電腦斷層造影—無造影劑', 'CT without contrast', 'ct'),
  o(2, '33071B', '電腦斷層造影—有造影劑', 'CT with contrast', 'ct'),
  o(3, '33072B', '電腦斷層造影—有/無造影劑', 'CT with and without contrast', 'ct'),
  o(4, '33084B', '磁振造影—無造影劑', 'MRI without contrast', 'mri'),
  o(5, '33085B', '磁振造影—有造影劑', 'MRI with contrast', 'mri'),
  o(6, '34004C', '齒顎全景 X 光片攝影', 'dental panoramic radiograph', 'dental'),
  o(7, '28016C', '上消化道泛內視鏡檢查', 'upper GI panendoscopy', 'endoscopy'),
  o(8, '28017C', '大腸鏡檢查', 'colonoscopy', 'endoscopy'),
  o(9, '18005C', '超音波心臟圖', 'echocardiogram', 'echocardiography'),
  o(10, '18006C', '杜卜勒氏超音波心臟圖', 'Doppler echocardiogram', 'echocardiography'),
  o(11, '18007C', '杜卜勒氏彩色心臟血流圖', 'colour Doppler cardiac flow map', 'echocardiography'),
  o(12, '18033B', '經食道超音波心圖', 'transoesophageal echocardiogram', 'echocardiography'),
  o(13, '18041B', '周邊動靜脈血管超音波檢查', 'peripheral arterial/venous ultrasound', 'ultrasound'),
  o(14, '19001C', '腹部超音波', 'abdominal ultrasound', 'ultrasound'),
  o(15, '19002B', '術中超音波', 'intraoperative ultrasound', 'ultrasound'),
  o(16, '19003C', '婦科超音波', 'gynaecological ultrasound', 'ultrasound'),
  o(17, '19005C', '其他超音波', 'other ultrasound', 'ultrasound'),
  o(18, '19007B', '超音波導引', 'ultrasound guidance', 'ultrasound'),
  o(19, '19009C', '腹部超音波，追蹤性', 'abdominal ultrasound, follow-up', 'ultrasound'),
  o(20, '19010C', '產科超音波', 'obstetric ultrasound', 'ultrasound'),
  o(21, '19012C', '頭頸部軟組織超音波', 'head and neck soft-tissue ultrasound', 'ultrasound'),
  o(22, '19014C', '乳房超音波', 'breast ultrasound', 'ultrasound'),
  o(23, '19015C', '男性外生殖器官超音波', 'male external genitalia ultrasound', 'ultrasound'),
  o(24, '19016C', '四肢超音波', 'limb ultrasound', 'ultrasound'),
  o(25, '19017C', '經尿道(直腸)超音波檢查', 'transurethral (transrectal) ultrasound', 'ultrasound'),
  o(26, '19018C', '嬰幼兒腦部超音波', 'infant brain ultrasound', 'ultrasound'),
  o(27, '20013C', '頸動脈超音波檢查', 'carotid ultrasound', 'ultrasound'),
  o(28, '20026B', '穿顱都卜勒超音波檢查', 'transcranial Doppler ultrasound', 'ultrasound'),
  o(29, '21008C', '膀胱掃描', 'bladder scan', 'ultrasound'),
  o(30, '23504C', '超音波檢查(B 掃瞄)', 'ultrasound (B-scan)', 'ultrasound'),
  o(31, '23506C', '微細超音波檢查', 'high-resolution ultrasound', 'ultrasound'),
  o(32, '32001C', '胸腔檢查 (包括各種角度部位之胸腔檢查)', 'chest X-ray (all views)', 'xray'),
  o(33, '32002C', '胸腔檢查 (包括各種角度部位之胸腔檢查)', 'chest X-ray (all views)', 'xray'),
  o(34, '32006C', '腎臟、輸尿管、膀胱檢查', 'kidney, ureter, bladder X-ray (KUB)', 'xray'),
  o(35, '32007C', '腹部檢查 (包括各種姿勢之腹部檢查)', 'abdominal X-ray (all positions)', 'xray'),
  o(36, '32008C', '腹部檢查 (包括各種姿勢之腹部檢查)', 'abdominal X-ray (all positions)', 'xray'),
  o(37, '01271C', '環口全景 X 光初診診察', 'panoramic X-ray at first dental visit', 'dental'),
];

const BY_CODE: ReadonlyMap<string, OrderSpec> = new Map(ORDER_CODES.map((s) => [s.code, s]));

export function orderSpec(code: string): OrderSpec | undefined {
  return BY_CODE.get(code);
}

export function familyOf(code: string): FamilySpec | undefined {
  const s = BY_CODE.get(code);
  return s ? FAMILIES[s.family] : undefined;
}
