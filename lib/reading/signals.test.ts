import { describe, expect, it } from 'vitest';
import { normalise } from './features';
import { signalsIn } from './signals';

const read = (text: string) => signalsIn(normalise(text));

describe('the signals of a complaint, a follow-up and a sample request', () => {
  it('hears a loss claimed in every language', () => {
    for (const text of [
      'We will charge you the penalty our client charged us.',
      'Exigimos una compensación por el atraso.',
      'Isso está nos causando prejuízo.',
      'Nous exigeons un dédommagement.',
      'Wir machen die Vertragsstrafe geltend.',
      'Заказчик выставил нам неустойку.',
      'نطلب تعويضاً عن التأخير.',
      '项目已经被业主罚款了。',
    ])
      expect(read(text)).toContain('loss');
  });

  it('hears lateness and a chase of an earlier message, and tells them apart', () => {
    expect(read('The goods are three weeks late.')).toEqual(['late']);
    expect(read('Срок отгрузки сорван.')).toEqual(['late', 'logistics']);
    expect(read('Any update on my quote request?')).toEqual(['earlier']);
    expect(read('¿Alguna novedad?')).toEqual(['earlier']);
    expect(read('上周发的询价单有结果了吗？')).toContain('earlier');
  });

  it('reads whole words: a plate is not late, a translation is no complaint', () => {
    expect(read('Please translate the label on the mounting plate.')).toEqual([]);
    expect(read('Please quote 500 panels FOB Ningbo.')).toEqual([]);
  });

  it('hears a buyer commit, in words no order cue knows', () => {
    expect(read('Comme convenu, merci d’expédier 500 réglettes de votre stock.')).toContain('commit');
    expect(read('Лили, фиксируем: 1400 штук. Присылайте договор, подпишу сегодня.')).toContain('commit');
    expect(read('应急灯三托就按你们的价格定了。')).toContain('commit');
  });

  it('hears the goods tried before the buyer commits, in every language', () => {
    for (const text of [
      'QA needs a first-article check of two downlights for approval.',
      'Preferimos arrancar con un lote de prueba de 20 balizas.',
      'O laboratório vai testar três projetores para o projetista.',
      'Une série pilote de 20 bornes, posées sur un chantier pour essai.',
      'Zwei Monteure sollen die Poller auf einer Baustelle ausprobieren.',
      'Начнём с пилотной партии из 20 столбиков.',
      'نريد أن نبدأ بدفعة تجريبية من 20 عموداً.',
      '品管要求新供应商先做首件确认。',
    ])
      expect(read(text)).toContain('trial');
    // A report of tests already run on the goods is no trial of them.
    expect(read('Please send the test report for PO 6122.')).not.toContain('trial');
  });

  it('hears photos of an order asked for, and not photos sent with a complaint', () => {
    for (const text of [
      'Could you send us some photos of the finished goods and the pallets?',
      'Mándanos fotos de la línea de producción.',
      'Podem enviar-nos fotos das caixas?',
      'Merci de nous envoyer des photos du conditionnement.',
      'Bitte schicken Sie Fotos der fertigen Ware.',
      'Пришлите, пожалуйста, фото упаковки.',
      'أرسلوا صور البضاعة الجاهزة.',
      '麻烦拍几张包装的照片给我。',
    ])
      expect(read(text)).toContain('photosAsked');
    expect(read('Photos of the broken diffusers attached.')).not.toContain('photosAsked');
  });

  it('hears our price accepted, and a price asked is not that', () => {
    for (const text of [
      'ok prices fine. send 1 pc of each first',
      'The pricing on Q-26-518 works for us.',
      'El precio está bien, pero antes necesito probar dos piezas.',
      'Le prix nous convient sur le principe.',
      'Preislich passt das Angebot.',
      'Цена в целом устраивает.',
      'السعر مناسب بشكل عام.',
      '价格我们这边能接受。',
    ])
      expect(read(text)).toContain('accepted');
    expect(read('Please quote your best price for 500 pcs.')).not.toContain('accepted');
  });

  it('hears samples that arrived, and not samples asked for', () => {
    for (const text of [
      'Samples arrived yesterday in good shape.',
      'Las muestras llegaron ayer.',
      'As amostras chegaram ontem.',
      'Les échantillons sont bien arrivés.',
      'Die Muster sind heute angekommen.',
      'Образцы получили, спасибо.',
      'وصلت العينات، شكراً.',
      '样品昨天收到了。',
    ])
      expect(read(text)).toContain('samplesBack');
    expect(read('Please send two samples by DHL.')).not.toContain('samplesBack');
  });

  it('tells a balance paid from a deposit paid', () => {
    expect(read('We sent the balance for PI 26-0877, swift copy attached.')).toEqual(['balance']);
    expect(read('The 30% deposit was sent today.')).toEqual(['deposit']);
    expect(read('尾款昨天已经付了，水单见附件。')).toEqual(['balance']);
  });
});
