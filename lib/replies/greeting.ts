// How a draft greets the sender, by the naming custom of the sender's culture:
//   Western, Arabic, Russian…   given name first, addressed by it      "Dear Tom,"
//   with a title in the name    title + family name                    "Dear Dr. Weber,"
//   Vietnamese                  family name first, addressed by the    "Dear Ms. Lan," (Thị), "Dear Lan,"
//                               given name (the last word)
//   Chinese, Korean             family name first; the title from the  "王经理，您好！", "Dear Manager Kim,"
//                               name or signature, else the full name  "王军，您好！", "Dear Kim Min-jun,"
//                               (in English, a name in characters stays whole: "Dear 王军,")
//   a company or team name      no name                                 "Hello,"
// Gender is never guessed from a name: only an explicit marker (Mr, Ms, Thị, Văn, 先生, 女士) gives one.

export interface Greetee {
  /** The contact's display name as the book or the email gives it. */
  name: string;
  /** The sender's own text (signature included), to find a title like "经理" or "Director". */
  signature?: string;
}

export interface GreetingName {
  /** What follows "Dear " (en) or precedes "，您好！" (zh); '' for no name. */
  en: string;
  zh: string;
}

const VIETNAMESE_FAMILY = new Set(
  'nguyễn nguyen trần tran lê phạm pham hoàng hoang huỳnh huynh phan vũ vu võ vo đặng dang bùi bui đỗ do hồ ngô ngo dương duong lý đinh dinh trương truong'.split(
    ' ',
  ),
);
const KOREAN_FAMILY = new Set(
  'kim lee park choi jung jeong kang cho yoon jang lim han oh seo shin kwon hwang ahn song yoo hong'.split(
    ' ',
  ),
);
/** Chinese family names as pinyin, for names written in Latin letters (family name first). */
const CHINESE_FAMILY = new Set(
  'wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren shen yao'.split(
    ' ',
  ),
);
const TITLES_EN: Record<string, string> = {
  mr: 'Mr.',
  mrs: 'Mrs.',
  ms: 'Ms.',
  miss: 'Ms.',
  dr: 'Dr.',
  prof: 'Prof.',
  sr: 'Mr.',
  sra: 'Ms.',
  herr: 'Mr.',
  frau: 'Ms.',
  m: 'Mr.',
  mme: 'Ms.',
};
/** Chinese job titles, most specific first, with their English form. */
const ZH_JOB_TITLES: [string, string][] = [
  ['总经理', 'General Manager'],
  ['总监', 'Director'],
  ['经理', 'Manager'],
  ['主管', 'Supervisor'],
  ['工程师', 'Engineer'],
];
/** In the display name only: a signature's 先生 or 小姐 addresses the reader, not the sender. */
const ZH_TITLES: [string, string][] = [...ZH_JOB_TITLES, ['先生', 'Mr.'], ['女士', 'Ms.'], ['小姐', 'Ms.']];
const NOT_A_PERSON =
  /\b(?:team|sales|sourcing|purchasing|procurement|department|dept|office|support|service|info|admin|ltd|inc|llc|gmbh|co\.|company|group|trading|global|international|import|export)\b|有限公司|公司|部/i;
const CJK = /[\u3400-\u9fff]/;
const HANGUL = /[\uac00-\ud7af]/;

/** "KLAUS" and "klaus" become "Klaus"; "McDonald" stays as written. */
const capitalise = (word: string) =>
  word !== word.toLowerCase() && word !== word.toUpperCase()
    ? word
    : word
        .split('-')
        .map((part) => (part ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part))
        .join('-');

function zhTitle(text: string, titles = ZH_TITLES): [string, string] | undefined {
  return titles.find(([title]) => text.includes(title));
}

/** The signature: the last few short lines of the sender's text (a greeting at the top is not in it). */
function signatureLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && line.length <= 60)
    .slice(-5)
    .join('\n');
}

export function greetingName({ name, signature = '' }: Greetee): GreetingName {
  let raw = name.replace(/["“”'()]/g, ' ').trim();
  if (!raw || raw.includes('@') || NOT_A_PERSON.test(raw)) return { en: '', zh: '' };

  // Chinese characters: family name is the first character (two for a few compound names).
  if (CJK.test(raw)) {
    const bare = raw.replace(/\s+/g, '');
    const title = zhTitle(bare) ?? zhTitle(signatureLines(signature), ZH_JOB_TITLES);
    const person = bare.replace(/先生|女士|小姐|经理|总监|主管|工程师/g, '');
    const family = person.slice(0, person.length >= 4 ? 2 : 1);
    if (title) return { zh: `${family}${title[0]}`, en: person };
    return { zh: person, en: person };
  }
  if (HANGUL.test(raw)) return { en: raw, zh: raw };

  // "Hansen, Klaus" → "Klaus Hansen"
  if (/^[^,]+,\s*[^,]+$/.test(raw)) raw = raw.replace(/^([^,]+),\s*(.+)$/, '$2 $1');
  const words = raw.split(/\s+/).filter(Boolean);
  const head = words[0]!.toLowerCase().replace(/\.$/, '');
  const title = TITLES_EN[head];
  const rest = title ? words.slice(1) : words;
  if (!rest.length) return { en: '', zh: '' };
  if (title) {
    const family = capitalise(rest[rest.length - 1]!);
    return {
      en: `${title} ${family}`,
      zh: `${family}${title === 'Ms.' || title === 'Mrs.' ? '女士' : title === 'Mr.' ? '先生' : ''}`,
    };
  }
  const first = rest[0]!.toLowerCase();
  if (rest.length >= 2 && VIETNAMESE_FAMILY.has(first)) {
    const given = capitalise(rest[rest.length - 1]!);
    const middle = rest.slice(1, -1).map((w) => w.toLowerCase());
    const honorific =
      middle.includes('thị') || middle.includes('thi')
        ? 'Ms. '
        : middle.includes('văn') || middle.includes('van')
          ? 'Mr. '
          : '';
    return { en: `${honorific}${given}`, zh: given };
  }
  if (rest.length >= 2 && (KOREAN_FAMILY.has(first) || CHINESE_FAMILY.has(first))) {
    const full = rest.map(capitalise).join(' ');
    const lines = signatureLines(signature);
    const signed = zhTitle(lines, ZH_JOB_TITLES);
    const english = /\b(General Manager|Director|Manager|Engineer)\b/i.exec(lines)?.[1];
    const family = capitalise(rest[0]!);
    if (english) return { en: `${capitalise(english)} ${family}`, zh: full };
    if (signed) return { en: `${signed[1]} ${family}`, zh: full };
    return { en: full, zh: full };
  }
  const given = capitalise(rest[0]!);
  return { en: given, zh: given };
}
