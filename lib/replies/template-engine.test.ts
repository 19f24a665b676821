import { describe, expect, it } from 'vitest';
import type { KnowledgeItem } from '../db/types';
import { demoKnowledge } from '../knowledge/demo';
import { fillTemplate, templateDrafts } from './template-engine';
import { makeCard, NOW } from '../../test/support/cards';

// The offline engine on its own: drafts a rep could send after a glance.

const kb = demoKnowledge(NOW);
const panelInquiry =
  'Hello,\nPlease send your best price for the 600x600 LED panel light, 2000 pcs, CIF Hamburg.\nBest, Anna Schmidt';

describe('template drafts', () => {
  it('answers a price inquiry with the product facts, greets the contact and asks qualifying questions', () => {
    const [answer, advance] = templateDrafts(
      makeCard(panelInquiry, { inquiry: { subject: 'Price request' } }),
      kb,
    );
    expect(answer!.aim).toBe('answer');
    expect(answer!.text).toMatch(/^Dear Anna,/);
    // What was asked, with a price for the rep to fill and our terms; not the spec sheet, not the
    // MOQ (2,000 is above it), not certifications nobody asked about.
    for (const fact of [
      '2,000 pcs',
      '[unit price',
      'CIF Hamburg',
      '20-25 days after deposit',
      'FOB Ningbo',
    ]) {
      expect(answer!.text).toContain(fact);
    }
    for (const unasked of ['MOQ', 'Specifications', 'CE, RoHS', '4000 lm'])
      expect(answer!.text).not.toContain(unasked);
    expect(answer!.text).toContain('Which market is it for');
    // The quantity was told: it is not asked again.
    expect(answer!.text).not.toContain('What quantity');
    expect(answer!.text).not.toContain('{{');
    expect(answer!.facts).toContainEqual(
      expect.objectContaining({ source: 'knowledge', id: 'demo-product-panel-40w' }),
    );
    expect(answer!.facts).toContainEqual(expect.objectContaining({ id: 'demo-faq-shipping-en' }));
    expect(advance!.aim).toBe('advance');
    expect(advance!.text).toContain('target price');
    expect(advance!.text).not.toBe(answer!.text);
  });

  it('gives every thing the email asked its own line: the catalogue answer, else a placeholder', () => {
    // Al Noor's counter-offer: the price, and then "please confirm the battery … and the warranty period".
    const card = makeCard(
      'Dear Lily,\n\nthank you for the quotation. The municipality contractor likes the BW-SSL60 but your price is 9% above another offer we have. If you can do USD 79.00 for 500 pcs we can place the order next week, with L/C at sight.\n\nAlso please confirm the battery is LiFePO4 and the warranty period.\n\nRegards,\nFaisal Rahman\nAl Noor Electrical Trading LLC, Dubai',
      {
        inquiry: {
          subject: 'Re: Quotation BW-SSL60 solar street lights',
          from: { name: 'Faisal Rahman', email: 'faisal.rahman@alnoor-electrical.ae' },
        },
      },
    );
    for (const draft of templateDrafts(card, kb)) {
      expect(draft.text).toContain('USD 79.00 → [unit price');
      // The battery from the product's specification, the warranty (not in the catalogue) left to the rep.
      expect(draft.text).toContain('- Battery: LiFePO4 30 Ah battery');
      expect(draft.text).toContain('- Warranty: [to confirm: the warranty period]');
      // The price asked is on the product line already, and the target price was given: neither is asked back.
      expect(draft.text).not.toMatch(/- Price: /);
      expect(draft.text).not.toContain('Do you have a target price');
      expect(draft.templateGloss).toContain('BW-SSL60：500只');
      expect(draft.templateGloss).toContain('- 电池：LiFePO4 30Ah电池');
      expect(draft.templateGloss).toContain('- 质保：【待确认】');
    }
  });

  it('leaves a placeholder with the words asked for a question the catalogue cannot answer', () => {
    const card = makeCard(
      'Hi Lily,\n\nplease repeat our order SS-0311: 6,000 pcs BW-T8-18, same price and packing.\n\nCould you also tell me if the 6500K version is in stock? And does the tube work with electronic ballasts?\n\nAgnieszka',
      { known: true, orders: 2, inquiry: { subject: 'Reorder T8 tubes' } },
    );
    const [answer] = templateDrafts(card, kb);
    expect(answer!.text).toContain('- Stock: [to confirm: the 6500K version is in stock?]');
    expect(answer!.text).toContain('- And does the tube work with electronic ballasts? → [your answer]');
  });

  // Speed is scripts/bench-replies.ts's figure; here only what a long history puts in the draft.
  it('quotes the latest of 40 orders for a customer with 200 logged contacts', () => {
    const card = makeCard('Hi, we need another 500 panel lights 600x600, same as last order.', {
      known: true,
      interactions: 200,
      orders: 40,
    });
    const [answer] = templateDrafts(card, kb);
    // orders(40): the last one is 12,000 + 39 × 500.
    expect(answer!.text).toContain('(USD 31,500)');
    expect(answer!.text).not.toContain('{{');
  });

  it('replies to a Chinese inquiry in Chinese, with the Chinese FAQ answer', () => {
    const card = makeCard('您好，我们对太阳能路灯感兴趣，请问起订量和交期是多少？', { language: 'zh-CN' });
    const [answer] = templateDrafts(card, kb);
    expect(answer!.language).toBe('zh-CN');
    expect(answer!.text).toContain('您好');
    // Chinese punctuation and the catalogue's terms in Chinese.
    expect(answer!.text).toContain('起订量：50 只');
    expect(answer!.text).toContain('交期：收到定金后25天');
    expect(answer!.text).not.toMatch(/days after|: /);
    expect(answer!.text).toContain('起订量因型号而异');
    expect(answer!.templateGloss).toBeUndefined();
  });

  it('drafts in English when no template exists for the language, says so, and offers a Chinese version', () => {
    const card = makeCard('Hola, necesito precio del panel LED 600x600.', { language: 'es' });
    const [answer] = templateDrafts(card, kb);
    expect(answer!.language).toBe('en');
    expect(answer!.languageFallback).toBe(true);
    expect(answer!.templateGloss).toContain('您好');
  });

  it('lets the rep pick the reply language', () => {
    const [answer] = templateDrafts(makeCard(panelInquiry), kb, { language: 'zh-CN' });
    expect(answer!.language).toBe('zh-CN');
    expect(answer!.text).toContain('为了给您准确报价');
  });

  it('asks a chase about an order already placed nothing the order already says', () => {
    const vip = { known: true, value: { tier: 'vip', stage: 'stable', task: 'retain' } } as const;
    const card = makeCard(
      'Hi Lily, when will PO HL-26-031 be ready for loading? Our forwarder needs the vessel.',
      vip,
    );
    const [answer] = templateDrafts(card, kb);
    expect(answer!.text).not.toContain('Which product or model are you interested in?');
    expect(answer!.text).not.toContain('Which models and quantities do you need');
    expect(answer!.text).toContain('Any changes to labels, packaging or the consignee');
  });

  it('treats a VIP warmly and with priority, and mentions their history', () => {
    const vip = { known: true, value: { tier: 'vip', stage: 'stable', task: 'retain' } } as const;
    const card = makeCard('Hi Tom, please send a PI for another 500 high bay 150W.', vip);
    const [answer, advance] = templateDrafts(card, kb);
    expect(answer!.text).toContain('priority');
    expect(answer!.text).toMatch(/your last order with us was on \d{4}-\d{2}-\d{2} \(USD/);
    expect(answer!.text).toContain('same as last time');
    expect(answer!.facts).toContainEqual(expect.objectContaining({ source: 'history', key: 'lastOrder' }));
    expect(advance!.text).toContain('forecast');
    // Told "same as last order" or "same packing as PO …": not asked again.
    for (const told of [
      'Hi Tom, we need another 500 high bay 150W, same as last order.',
      'Hi Tom, please send a PI for another 500 high bay 150W. Same packing and shipping marks as PO HL-26-031.',
    ]) {
      const [again] = templateDrafts(makeCard(told, vip), kb);
      expect(again!.text).not.toContain('same as last time');
    }
  });

  it('asks a declining customer what changed', () => {
    const card = makeCard('Hello, can you send me current prices for the flood light 100W?', {
      known: true,
      value: { tier: 'key', stage: 'decline', task: 'win-back' },
    });
    const [answer] = templateDrafts(card, kb);
    expect(answer!.text).toContain('good to hear from you again');
    expect(answer!.text).toContain('Has anything changed on your side');
  });

  it('qualifies a new prospect', () => {
    const card = makeCard('Hi, interested in your T8 tubes.', {
      value: { tier: 'small', stage: 'exploration', task: 'acquire' },
    });
    const [answer] = templateDrafts(card, kb);
    expect(answer!.text).toContain('Thank you for your inquiry about LED Tube T8');
    expect(answer!.text).toContain('importer, a distributor');
  });

  it('for a high-risk sample request puts a polite verification request first', () => {
    const card = makeCard('Send free samples of your solar street light urgently, we are a big buyer.', {
      risk: 'high',
    });
    const drafts = templateDrafts(card, kb);
    expect(drafts.map((d) => d.aim)).toEqual(['verify', 'answer', 'advance']);
    const verify = drafts[0]!;
    expect(verify.text).toContain('business registration or VAT number');
    expect(verify.text).toContain('Solar Street Light 60W');
    expect(verify.text).toContain('standard procedure');
    expect(verify.text).not.toMatch(/free sample/i);
    expect(verify.facts).toContainEqual({ source: 'card', key: 'risk', params: { level: 'high' } });
  });

  it('asks a low-risk first-contact sample seeker no verification: it answers the request', () => {
    const drafts = templateDrafts(makeCard('Please send samples of the flood light.'), kb);
    expect(drafts.map((d) => d.aim)).toEqual(['answer', 'advance']);
  });

  it('does not list the sample request itself among "Your questions": the drafts answer it', () => {
    // Maple Leaf on the demo mailbox: the request for samples, and one real question (cUL or UL).
    const card = makeCard(
      'Hi Lily,\n\nBefore we list your high bays we need to test them: could you send 2 pcs BW-HB150 and 2 pcs BW-FL100?\n\nWe will pay for the samples and can give you our FedEx account for the freight. Do the high bays carry cUL or only UL?\n\nThanks,\nTom Becker\nProduct Manager, Maple Leaf Lighting Supply',
      { inquiry: { subject: 'Samples for testing' } },
    );
    const drafts = templateDrafts(card, kb);
    expect(drafts.map((d) => d.aim)).toEqual(['answer', 'advance']);
    for (const draft of drafts) {
      expect(draft.text).toContain('Do the high bays carry cUL or only UL?');
      expect(draft.text).not.toContain('could you send 2 pcs');
    }
    // The same in Chinese: "能否寄样" is what the draft is about, not a question left to answer.
    const zh = makeCard('王小姐您好，能否先寄两个BW-HB150样品给我们测试？另外这款灯有UL认证吗？\n谢谢\n陈', {
      language: 'zh-CN',
    });
    for (const draft of templateDrafts(zh, kb)) {
      expect(draft.text).not.toContain('能否先寄两个');
      expect(draft.text).toContain('UL');
    }
  });

  it('handles a complaint by apologising and collecting facts, never asking for verification', () => {
    const card = makeCard('The panel lights from our last shipment are flickering, 40 are defective.', {
      known: true,
      risk: 'high',
    });
    const drafts = templateDrafts(card, kb);
    expect(drafts.map((d) => d.aim)).toEqual(['answer', 'advance']);
    expect(drafts[0]!.text).toContain('sorry for the trouble');
    expect(drafts[0]!.text).toContain('Photos or a short video');
    expect(drafts[0]!.text).toContain('warranty');
  });

  it('still drafts something usable with an empty knowledge base', () => {
    const [answer] = templateDrafts(makeCard(panelInquiry), []);
    expect(answer!.text).toMatch(/^Dear Anna,/);
    expect(answer!.text).toContain('Which product or model are you interested in?');
    expect(answer!.text).toContain('Best regards,');
    expect(answer!.facts.filter((f) => f.source === 'knowledge')).toEqual([]);
  });

  it("uses the company's own template when the book has one", () => {
    const own: KnowledgeItem = {
      id: 'own-price',
      kind: 'template',
      title: 'Our price reply',
      body: 'Hi {{contactName}}! {{product}} ships {{leadTime}}. {{unknownThing}}\n{{unknownThing}}\nCheers',
      fields: { aim: 'answer', intent: 'price-inquiry' },
      tags: [],
      language: 'en',
      authorRepId: 'r',
      createdAt: NOW + 1,
      updatedAt: NOW + 1,
    };
    const [answer] = templateDrafts(makeCard(panelInquiry), [...kb, own]);
    expect(answer!.text).toBe(
      'Hi Anna Schmidt! LED Panel Light 600x600 40W ships 20-25 days after deposit.\nCheers',
    );
    expect(answer!.facts).toContainEqual(expect.objectContaining({ id: 'own-price', kind: 'template' }));
  });
});

describe('fillTemplate', () => {
  it('drops lines whose placeholders are all empty and keeps the rest', () => {
    const { text, used } = fillTemplate('A {{x}}\n{{y}}\n\n\n\nB {{x}}{{y}}', { x: '1', y: '' });
    expect(text).toBe('A 1\n\nB 1');
    expect([...used]).toEqual(['x']);
  });
});
