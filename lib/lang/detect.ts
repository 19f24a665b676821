import { francAll } from 'franc-min';
import { ownText } from '../mail/own-text';

// The language an inquiry is written in, so replies can answer in it. franc-min
// (trigram profiles of the ~80 most spoken languages; pure JS, runs in the
// service worker and Node) answers in ISO 639-3; we return BCP 47, which uses
// the two-letter code where one exists.

const BCP47: Readonly<Record<string, string>> = {
  eng: 'en',
  cmn: 'zh',
  spa: 'es',
  deu: 'de',
  fra: 'fr',
  por: 'pt',
  rus: 'ru',
  arb: 'ar',
  tur: 'tr',
  ita: 'it',
  jpn: 'ja',
  kor: 'ko',
  nld: 'nl',
  pol: 'pl',
  vie: 'vi',
  ind: 'id',
  zlm: 'ms',
  tha: 'th',
  ukr: 'uk',
  ces: 'cs',
  ron: 'ro',
  hun: 'hu',
  swe: 'sv',
  ell: 'el',
  pes: 'fa',
  hin: 'hi',
  ben: 'bn',
  urd: 'ur',
  bul: 'bg',
  bel: 'be',
  kaz: 'kk',
  hrv: 'hr',
  srp: 'sr',
  bos: 'bs',
  swh: 'sw',
  hau: 'ha',
  yor: 'yo',
  ibo: 'ig',
  zul: 'zu',
  som: 'so',
  amh: 'am',
  tam: 'ta',
  tel: 'te',
  mar: 'mr',
  guj: 'gu',
  kan: 'kn',
  mal: 'ml',
  pan: 'pa',
  mya: 'my',
  sin: 'si',
  npi: 'ne',
  uzn: 'uz',
  azj: 'az',
  tgl: 'tl',
  jav: 'jv',
  sun: 'su',
  kin: 'rw',
  run: 'rn',
  lin: 'ln',
  nya: 'ny',
  plt: 'mg',
  ckb: 'ckb',
  pbu: 'ps',
};

const words = (list: string) => new Set(list.split(' '));
/** The most frequent function words of the Latin-script languages inquiries come in. */
const COMMON_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  eng: words('the and to of for your you we our is are in please send with this that be can will have'),
  fra: words('le la les et de des pour vous nous est une un du avec dans votre nos sur merci'),
  spa: words('el la los las y de para por favor nosotros su sus es una un con en del estamos'),
  por: words('o a os as e de para por favor nós seu sua é uma um com em do da obrigado'),
  deu: words('der die das und zu für sie wir ist ein eine mit von bitte ihr ihre uns den'),
  ita: words('il la le e di per voi noi è una un con in del della vostro vostri grazie'),
  nld: words('de het een en van voor u wij is met in ons uw graag te'),
  ron: words('și de la pentru vă noi este o un cu în din vă rugăm'),
  tur: words('ve bir bu için biz siz ile da de lütfen fiyat'),
  ind: words('dan yang untuk kami anda dengan ini itu dari di ke mohon'),
  pol: words('i w na do z dla jest się nie że prosimy'),
  rus: words('и в на для с по мы вы наш наша нашей пожалуйста что это не как от уважением'),
  bul: words('и в на за с по ние вие нашата моля че това не от поздрави'),
  ukr: words('і в на для з по ми ви наш будь ласка що це не від повагою'),
};

/** Shortest text (letters, after cleaning) worth guessing on; below it the answer is ''. */
const MIN_LETTERS = 12;

/** BCP 47 code of the text's language ('en', 'zh', 'es'...), or '' when unsure. */
export function detectLanguage(text: string): string {
  // Links and addresses are dropped word by word: a regex such as /\S+@\S+/ rescans the
  // rest of a long run without spaces from every position (0.4 s on 20,000 characters).
  const cleaned = ownText(text.slice(0, 20_000))
    .split(/\s+/)
    .filter((word) => !word.includes('@') && !/^(https?:\/\/|www\.)/i.test(word))
    .join(' ')
    .replace(/[\d+()\-–_.,:;#/\\|*=<>[\]{}"'`~!?%&$€£¥@]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 4000);
  const letters = cleaned.replace(/\s/g, '').length;
  // Han characters carry a word each: a few are enough.
  const han = (cleaned.match(/\p{Script=Han}/gu) ?? []).length;
  if (letters < MIN_LETTERS && han < 4) return '';
  const ranked = francAll(cleaned, { minLength: 4 });
  const top = ranked[0];
  if (!top || top[0] === 'und') return '';
  // Trigrams alone confuse short Latin-script texts ("please send your price
  // list" comes out French): among the close candidates, prefer the one whose
  // everyday words the text actually uses.
  let code = top[0];
  if (cleaned.length < 400) {
    const tokens = cleaned.toLowerCase().split(' ');
    const hitsOf = (candidate: string) => {
      const common = COMMON_WORDS[candidate];
      return common ? tokens.filter((w) => common.has(w)).length : 0;
    };
    let best = Math.max(1, hitsOf(code));
    for (const [candidate, score] of ranked) {
      if (score < 0.6) break;
      const hits = hitsOf(candidate);
      if (hits > best) {
        best = hits;
        code = candidate;
      }
    }
  }
  return BCP47[code] ?? code;
}
