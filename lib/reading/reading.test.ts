import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, parseLabelled } from './evaluation';
import { readInquiry } from './reading';
import { SEEN_SETS, TRAINING_SETS, UNTOUCHED_SETS } from './sets';

// One reading of an inquiry, as the drafts, the log form and the risk signals use it.

const DIR = path.resolve('test/fixtures/intents');
const load = (dir: string) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.jsonl'))
    .flatMap((file) => parseLabelled(readFileSync(path.join(dir, file), 'utf8')));
// The untouched sets are never trained or tuned on: the benchmark alone reports them. The
// training sets, read by the model trained on them, are a regression check.
const labelled = TRAINING_SETS.flatMap((dir) => load(path.join(DIR, dir)));
/** The sets the keyword cues were written beside: the cues name every second intent of these. */
const cueSets = TRAINING_SETS.filter(
  (dir) => dir !== 'training' && !(SEEN_SETS as readonly string[]).includes(dir),
).flatMap((dir) => load(path.join(DIR, dir)));

describe('reading an inquiry', () => {
  it('reads an email once for all its readers, and another email anew', () => {
    const subject = 'Price request';
    const body = 'Please quote 1,200 pcs BW-PL6060-40 FOB Ningbo.';
    const first = readInquiry(subject, body);
    // The card's summary, its log form and its drafts ask again on every render.
    expect(readInquiry(subject, `${body}`)).toBe(first);
    const other = readInquiry(subject, 'Our customers report 37 failing drivers: we need a credit note.');
    expect(other).not.toBe(first);
    expect(other.primary).toBe('complaint');
    expect(readInquiry(subject, body)).toEqual(first);
  });

  it('does not take a spec or praise for a complaint', () => {
    expect(readInquiry('Inquiry', 'Need 3,500 panels, flicker-free, UGR<19. Best price FOB?').primary).toBe(
      'price-inquiry',
    );
    expect(readInquiry('Feedback', 'No problem with quality at all. Please quote 2,000 more.').primary).toBe(
      'price-inquiry',
    );
    expect(readInquiry('询价', '需要面板灯3000片，无频闪，请报价。').primary).toBe('price-inquiry');
    expect(readInquiry('Problem', 'Half the panels flicker after a week.').primary).toBe('complaint');
  });

  it('reads a counter-offer as price, a scam promise of a refund as no complaint', () => {
    const counter = readInquiry(
      'Re: Quotation',
      'Your price is 9% above another offer. If you can do USD 79.00 for 500 pcs we can place the order next week.',
    );
    expect(counter.primary).toBe('price-inquiry');
    expect(counter.intents.map((s) => s.intent)).not.toContain('order');
    const scam = readInquiry(
      'Vendor sample request',
      'Send FREE SAMPLES of all models. Please pay the courier and we will refund with the first order.',
    );
    expect(scam.primary).toBe('sample-request');
    expect(scam.samples).toMatchObject({ asked: true, free: true });
    expect(scam.intents.map((s) => s.intent)).not.toContain('complaint');
  });

  it('reads a reply by what it says, not by the subject of the mail it answers', () => {
    // Our "samples sent" above the customer's "they arrived, we are testing": no new sample request.
    for (const [subject, body] of [
      [
        'Re: samples sent',
        'Hi Lily, the samples arrived on Monday. Our client is testing them; I will come back to you next week.',
      ],
      [
        'AW: Muster versandt',
        'Hallo Frau Wang, die Muster sind heute angekommen. Wir testen zwei Wochen und melden uns dann.',
      ],
      ['回复：样品已寄出', '王小姐，样品昨天收到了，谢谢。工程师这周在测，有结果我再联系你。'],
    ]) {
      const reading = readInquiry(subject!, body!);
      expect(reading.primary).toBe('follow-up');
      expect(reading.samples.asked).toBe(false);
    }
    // Our quotation accepted, a sample wanted first: no price inquiry.
    const accepted = readInquiry(
      'Re: Cotización CT-26-441',
      'Lily, el precio está bien pero antes de comprar necesito una muestra en negro. La pago.',
    );
    expect(accepted.primary).toBe('sample-request');
    expect(accepted.intents.map((s) => s.intent)).not.toContain('price-inquiry');
  });

  it('reads an invoice unlike what was agreed as a complaint, in any language', () => {
    for (const [subject, body] of [
      [
        'Re: Invoice INV-26-1190',
        'Lily, the unit price on line 2 is 0.05 higher than the PI. Please reissue it correctly.',
      ],
      [
        'Factura',
        'Lily, la factura CI-26-771 tiene el precio 4,10 en vez de 3,85 acordado. Corrígela, por favor.',
      ],
      ['الفاتورة', 'ليلي، الفاتورة فيها سعر 2.10 بينما اتفقنا على 1.85. عدليها بسرعة.'],
      ['回复：发票', '王小姐，发票上的单价比合同高了0.3元，请重新开一张正确的。'],
    ])
      expect(readInquiry(subject!, body!).primary).toBe('complaint');
  });

  it('takes courtesy for no condition, and a condition without a price for no counter-offer', () => {
    const please = readInquiry('طلبية جديدة', 'نفس طلبية رقم 5140 مرة ثانية لو سمحتِ، أرسلي الـ PI.');
    expect(please.primary).toBe('order');
    expect(please.intents.map((s) => s.intent)).not.toContain('price-inquiry');
    const samples = readInquiry(
      'Kit de muestras',
      'Nos interesa un kit de muestras de tiras LED. Si tienen coste, pasadme la factura proforma y lo pagamos.',
    );
    expect(samples.primary).toBe('sample-request');
    expect(samples.intents.map((s) => s.intent)).not.toContain('price-inquiry');
  });

  it('keeps every intent of a mail that carries several, the order first', () => {
    const reading = readInquiry(
      'Order',
      'We confirm the order for 1,000 pcs BW-T8-18. By the way, 12 drivers from the last batch failed.',
    );
    expect(reading.primary).toBe('order');
    expect(reading.intents.map((s) => s.intent)).toEqual(expect.arrayContaining(['order', 'complaint']));
  });

  it('tells paid samples from a sample hunt', () => {
    const buyer = readInquiry('Samples', 'Could you send 2 pcs BW-HB150? We will pay for the samples.');
    expect(buyer.samples).toEqual({ asked: true, free: false, paid: true });
    expect(readInquiry('', 'We would like to order two samples first.').samples.paid).toBe(true);
    expect(readInquiry('', 'The samples arrived and passed our tests.').samples.asked).toBe(false);
  });

  it('reads products, quantities, terms and what the sender told', () => {
    const reading = readInquiry(
      'Price request: BW-FL100',
      'We have a tender for a stadium car park. Could you quote 180 pcs BW-FL100, CIF Valencia, and the lead time?\nWe are a distributor. PO HL-26-031 was fine.',
    );
    expect(reading.products).toEqual(['BW-FL100']);
    expect(reading.quantities).toEqual([{ amount: 180, unit: 'pcs', product: 'BW-FL100' }]);
    expect(reading.terms).toEqual(['CIF Valencia']);
    expect(reading.questions).toHaveLength(1);
    expect(reading.told).toMatchObject({
      quantity: true,
      destination: true,
      businessType: true,
      project: true,
    });
    // A size is no quantity.
    expect(readInquiry('', 'the 600x600 LED panel light, 2000 pcs').quantities).toEqual([
      { amount: 2000, unit: 'pcs' },
    ]);
  });

  it('reads a question about an order already placed as a follow-up, in any language', () => {
    expect(
      readInquiry('Payment', 'Pouvez-vous confirmer la réception de notre acompte pour la commande 4502 ?')
        .primary,
    ).toBe('follow-up');
    expect(readInquiry('Stand', 'Wie weit ist die Produktion unseres Auftrags 2207?').primary).toBe(
      'follow-up',
    );
    expect(readInquiry('الدفعة', 'هل وصلكم التحويل الخاص بالدفعة المقدمة للطلب 7120؟').primary).toBe(
      'follow-up',
    );
    // A mention of an order with no question, or a question with no order, is no follow-up.
    expect(readInquiry('', 'Pedido 6010: gracias por todo.').primary).not.toBe('follow-up');
    expect(readInquiry('', 'Will you be at the fair?').primary).toBe('other');
  });

  it('does not take paying for a sample for a price question, or the samples sent for a new request', () => {
    const paid = readInquiry('Musteranforderung', 'Bitte ein Muster schicken, Versand auf unsere Kosten.');
    expect(paid.primary).toBe('sample-request');
    expect(readInquiry('', 'Was kosten 500 Stück?').primary).toBe('price-inquiry');
    const sent = readInquiry('', 'Вы отправили образец на прошлой неделе — есть трек-номер?');
    expect(sent.primary).toBe('follow-up');
    expect(sent.samples.asked).toBe(false);
  });

  it('reads a short delivery as a complaint, the packing list it is counted against as no follow-up', () => {
    const short = readInquiry(
      'Delivery',
      'We checked the container: 9 cartons are missing compared to the packing list. How will you make up the shortfall?',
    );
    expect(short.primary).toBe('complaint');
    expect(short.intents.map((s) => s.intent)).not.toContain('follow-up');
    expect(readInquiry('Entrega', 'Faltan 12 cajas de tubos según la factura.').primary).toBe('complaint');
    expect(readInquiry('Поставка', 'При приёмке обнаружена недостача 5 коробок.').primary).toBe('complaint');
    expect(readInquiry('到货', '这批货少了8箱，请核实。').primary).toBe('complaint');
    // The packing list asked for is still a follow-up.
    expect(readInquiry('Docs', 'Please send the packing list for PO 5512.').primary).toBe('follow-up');
  });

  it('reads "what would it cost" as a price question, paying the cost as none', () => {
    expect(readInquiry('Floodlights', 'What would 300 units cost delivered to Lagos?').primary).toBe(
      'price-inquiry',
    );
    expect(readInquiry('Паннели', 'Сколько будут стоить 200 панелей?').primary).toBe('price-inquiry');
    expect(readInquiry('', 'Combien coûteraient 90 projecteurs ?').primary).toBe('price-inquiry');
    expect(readInquiry('عينة', 'أرسلوا وحدة واحدة للتجربة، ونحن نتحمل التكلفة.').primary).toBe(
      'sample-request',
    );
  });

  it('reads a purchase order sent or production released as an order, not when it is a condition', () => {
    expect(readInquiry('PO', 'Attached is our PO 4471 for 2 x 40HQ. Please countersign.').primary).toBe(
      'order',
    );
    expect(readInquiry('Pedido', 'Pagamos el anticipo: adelante con la producción.').primary).toBe('order');
    expect(
      readInquiry('PO', 'If you can do USD 4.10 we will go ahead with the order.').intents.map(
        (s) => s.intent,
      ),
    ).not.toContain('order');
  });

  it('reads a question about "our order" with no number as a follow-up', () => {
    expect(readInquiry('Status', 'Is our order on the water yet?').primary).toBe('follow-up');
    expect(readInquiry('Вопрос', 'Как там наш заказ?').primary).toBe('follow-up');
    expect(readInquiry('', '我们的订单现在怎么样了？').primary).toBe('follow-up');
    // Our order without a question is news, not a follow-up (what else it is, a five-word mail with
    // no cue leaves to the trained reader's guess).
    expect(readInquiry('', 'Our order arrived, thank you.').primary).not.toBe('follow-up');
  });

  it('reads one unit to try before buying as a sample request', () => {
    expect(
      readInquiry('Before we sign', 'Could you courier one unit to Milan so the designer can see it?')
        .primary,
    ).toBe('sample-request');
    expect(readInquiry('', 'Nos gustaría probar una unidad antes del pedido.').primary).toBe(
      'sample-request',
    );
  });

  it('lists each thing asked, one per topic, from questions and "please confirm" alike', () => {
    expect(
      readInquiry('Re: Quotation', 'Also please confirm the battery is LiFePO4 and the warranty period.')
        .asks,
    ).toEqual([
      { text: 'the battery is LiFePO4', topic: 'battery' },
      { text: 'the warranty period', topic: 'warranty' },
    ]);
    expect(readInquiry('', 'Подтвердите, пожалуйста, срок гарантии.').asks).toEqual([
      expect.objectContaining({ topic: 'warranty' }),
    ]);
    expect(readInquiry('', '请确认电池型号和质保期。').asks.map((a) => a.topic)).toEqual([
      'battery',
      'warranty',
    ]);
    expect(
      readInquiry('', 'Hallo, wie geht es Ihnen? Bitte teilen Sie uns die Lieferzeit mit.').asks.map(
        (a) => a.topic,
      ),
    ).toEqual(['lead-time']);
    // Nothing asked, nothing listed.
    expect(readInquiry('', 'Thank you, the goods arrived in good order.').asks).toEqual([]);
  });

  it('reads only the sender’s words of a reply, whatever language the client quotes in', () => {
    const replies: [string, string][] = [
      [
        'RE: Oferta 26-402',
        'Lily, ¿cuánto costarían 3.000 unidades en lugar de 1.000?\nDiego\n\nEl lun, 30 nov 2026 a las 10:12, Lily Wang (<lily@x.com>) escribió:\n> Estimado Diego, le enviamos muestras gratis en 3 días y esperamos su pedido.',
      ],
      [
        'AW: Angebot 26-402',
        'Frau Wang, was kostet das bei 3.000 Stück statt 1.000?\nGruß Jan\n\nVon: Lily Wang <lily@x.com>\nGesendet: Montag, 30. November 2026 10:02\nAn: Jan Peters\nBetreff: Angebot 26-402\nSehr geehrter Herr Peters, kostenlose Muster schicken wir in 3 Tagen; wir freuen uns auf Ihre Bestellung.',
      ],
    ];
    for (const [subject, body] of replies) {
      const reading = readInquiry(subject, body);
      expect(reading.primary).toBe('price-inquiry');
      expect(reading.intents.map((s) => s.intent)).not.toContain('sample-request');
      expect(reading.text).not.toMatch(/muestras|Muster/);
    }
  });

  it('knows when the email already said "same as last time"', () => {
    expect(readInquiry('', 'Same packing and shipping marks as PO HL-26-031.').told.sameAsBefore).toBe(true);
    expect(readInquiry('', '规格同上次，数量500套。').told.sameAsBefore).toBe(true);
    expect(readInquiry('', 'Please quote 500 pcs BW-HB150.').told.sameAsBefore).toBe(false);
  });

  it(`meets the goal on the ${labelled.length} labelled inquiries in eight languages: 90% or better per intent`, () => {
    expect(labelled.length).toBeGreaterThanOrEqual(270);
    expect(new Set(labelled.map((i) => i.id.split('-')[0])).size).toBe(8);
    const result = evaluate(labelled);
    for (const figure of result.perIntent) {
      expect({
        intent: figure.intent,
        recall: figure.recall >= 0.9,
        precision: figure.precision >= 0.9,
      }).toEqual({
        intent: figure.intent,
        recall: true,
        precision: true,
      });
    }
    // Second intents come from the cues alone (the model's added only wrong ones in cross-validation):
    // on the sets they were written beside, they keep them all but a few.
    const onCueSets = evaluate(cueSets);
    expect(onCueSets.secondaryKept / onCueSets.secondaryLabelled).toBeGreaterThanOrEqual(0.9);
  });
});

describe('the untouched held-out sets', () => {
  it('are labelled in all eight languages, with the reasoning, and kept apart from the training sets', () => {
    const seenIds = new Set(labelled.map((i) => i.id));
    const seenBodies = new Set(labelled.map((i) => i.body));
    for (const dir of UNTOUCHED_SETS) {
      const untouched = load(path.join(DIR, dir));
      expect(untouched.length).toBeGreaterThanOrEqual(48);
      expect(new Set(untouched.map((i) => i.id.split('-')[0])).size).toBe(8);
      expect(untouched.filter((i) => seenIds.has(i.id) || seenBodies.has(i.body))).toEqual([]);
    }
    const onDisk = readdirSync(DIR).filter((name) => !name.includes('.'));
    expect(onDisk.sort()).toEqual([...TRAINING_SETS.filter((d) => d !== '.'), ...UNTOUCHED_SETS].sort());
  });
});
