import { Converter } from 'opencc-js/t2cn';
import { pinyin } from 'pinyin-pro';

// Taiwan and Hong Kong forms both fold to mainland simplified: a name typed in either script (and
// its regional variants, 裏/裡 → 里) is one name.
const fromTaiwan = Converter({ from: 'tw', to: 'cn' });
const fromHongKong = Converter({ from: 'hk', to: 'cn' });

const HAN = /\p{Script=Han}/u;
const HAN_RUNS = /(\p{Script=Han}+)/u;

const MAX_REMEMBERED_RUNS = 50_000;

export const hasHan = (s: string): boolean => HAN.test(s);

/** Simplified form of a run of Han characters, remembered like the syllables below. */
const simplifiedOfRun = new Map<string, string>();

function simplifiedRun(run: string): string {
  let simplified = simplifiedOfRun.get(run);
  if (simplified === undefined) {
    simplified = fromHongKong(fromTaiwan(run));
    if (simplifiedOfRun.size >= MAX_REMEMBERED_RUNS) simplifiedOfRun.clear();
    simplifiedOfRun.set(run, simplified);
  }
  return simplified;
}

/**
 * Traditional characters as simplified ones (OpenCC); text without Han characters is returned as is.
 * Converted run by run of Han characters: every key and value of OpenCC's tw/hk → cn dictionaries
 * is Han only, so no phrase spans another character and the result is that of the whole text,
 * while the runs names share (有限公司, a city) are converted once.
 */
export function toSimplified(s: string): string {
  if (!hasHan(s)) return s;
  let out = '';
  // split() with a capture group puts the Han runs at odd positions.
  for (const [i, run] of s.split(HAN_RUNS).entries()) out += i % 2 === 1 ? simplifiedRun(run) : run;
  return out;
}

/** How a Chinese name is typed on a Latin keyboard: its syllables and their initials. */
export interface PinyinForms {
  /** `qingheshipin` — the full pinyin without tones or separators. */
  full: string;
  /** `qhsp` — the first letter of each syllable. */
  initials: string;
  /** `'qing'he'shi'pin'` — syllables between apostrophes, so a name matches syllable by syllable. */
  syllables: string;
}

/**
 * The forms of each run of Han characters (its syllables between apostrophes, without the outer ones),
 * remembered: names share their parts (有限公司, a city).
 */
const formsOfRun = new Map<string, PinyinForms>();

function runForms(run: string): PinyinForms {
  let forms = formsOfRun.get(run);
  if (forms === undefined) {
    const syllables: string[] = pinyin(run, { toneType: 'none', type: 'array', v: true });
    forms = {
      full: syllables.join(''),
      initials: syllables.map((s) => s[0] ?? '').join(''),
      syllables: syllables.join("'"),
    };
    if (formsOfRun.size >= MAX_REMEMBERED_RUNS) formsOfRun.clear();
    formsOfRun.set(run, forms);
  }
  return forms;
}

/**
 * The pinyin of `text` (pinyin-pro, which reads polyphonic characters from their word: 重庆 →
 * chongqing, 银行 → yinhang). Runs of other characters (letters, digits) stay as they are.
 */
export function pinyinForms(text: string): PinyinForms {
  let full = '';
  let initials = '';
  let syllables = '';
  let first = true;
  const parts = text.split(HAN_RUNS);
  for (let i = 0; i < parts.length; i++) {
    const run = parts[i]!;
    if (!run) continue;
    // split() with a capture group puts the Han runs at odd positions.
    const forms = i % 2 === 1 ? runForms(run) : { full: run, initials: run, syllables: run };
    full += forms.full;
    initials += forms.initials;
    syllables += first ? forms.syllables : `'${forms.syllables}`;
    first = false;
  }
  return { full, initials, syllables: `'${syllables}'` };
}
