import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect';

describe('detectLanguage', () => {
  it.each([
    ['Hello, please send your price list. Max Braun', 'en'],
    ['Dear Sales, I want to order your products. Please send proforma invoice. John', 'en'],
    ['您好，我们需要采购一批LED面板灯，请报价。', 'zh'],
    ['Buenos días, estamos interesados en sus lámparas LED. Por favor envíenos la lista de precios.', 'es'],
    ['Prezados, gostaríamos de receber uma cotação para 300 refletores LED com prazo de entrega.', 'pt'],
    ['Sehr geehrte Damen und Herren, bitte senden Sie uns ein Angebot für die Hallenstrahler.', 'de'],
    ['Bonjour, nous souhaitons recevoir votre catalogue et vos prix pour les lampes LED.', 'fr'],
    ['Здравствуйте! Наша компания хочет закупить светильники. Пожалуйста, пришлите прайс-лист.', 'ru'],
    ['نرغب في شراء مصابيح الشوارع. نرجو إرسال عرض السعر ومدة التسليم.', 'ar'],
    ['Merhaba, firmamız için LED panel almak istiyoruz. Lütfen fiyat teklifinizi gönderin.', 'tr'],
    ['弊社ではLEDベースライトを購入予定です。お見積りをお願いいたします。', 'ja'],
    ['저희 회사는 LED 패널 조명을 구매하려고 합니다. 가격을 알려주세요.', 'ko'],
  ])('%s → %s', (text, code) => {
    expect(detectLanguage(text)).toBe(code);
  });

  it('says nothing when there is too little to go on', () => {
    expect(detectLanguage('')).toBe('');
    expect(detectLanguage('OK thx')).toBe('');
    expect(detectLanguage('+86 138 0013 8000 https://x.example/a?b=1 a@b.com')).toBe('');
  });

  it("reads the sender's words, not the quoted reply below them", () => {
    expect(
      detectLanguage(
        'Vielen Dank, wir bestellen nächste Woche die Leuchten.\n\nOn Mon, 1 Apr 2025, Lily <l@x.com> wrote:\n> Dear Klaus, please find our quotation for the panels attached and let us know.',
      ),
    ).toBe('de');
  });
});
