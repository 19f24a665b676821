import type { Intent } from '../db/types';

// The words that say what an inquiry asks for, in the eight languages reps
// receive most (en, zh, es, pt, de, fr, ru, ar). Each cue is a pattern with a
// weight: 3 says the intent on its own ("please send the proforma"), 2 is a
// clear sign, 1 only adds to others ("warranty", "FOB"). `unless` vetoes a cue by
// what stands right after it ("samples arrived" is no request for samples;
// "we will refund" is no complaint); negation before a cue ("no problem with
// quality", "sin parpadeo", "无频闪") is handled by the reader for every cue.

export type CueIntent = Exclude<Intent, 'other'>;

export interface Cue {
  re: RegExp;
  weight: 1 | 2 | 3;
  /** Tested on the text right after the match (up to 40 characters). */
  unless?: RegExp;
  /** Tested on the text right before the match (up to 40 characters). */
  unlessBefore?: RegExp;
  /** The cue says an order only if it is not a condition ("if you can do 79, we will order"). */
  conditional?: boolean;
}

/**
 * What stands right after "samples" when they are no longer asked for: they arrived, were received,
 * tested, sent ("the samples arrived on Monday", "die Muster sind heute angekommen", "les
 * échantillons sont bien arrivés", "样品昨天收到了"). A few words may stand between
 * ("sind heute angekommen"); "sent" only right after ("samples sent", "samples were sent"), since
 * "samples to be sent to our agent" asks for them.
 */
const SAMPLE_DONE = new RegExp(
  String.raw`^\s*(?:[^\s.!?。！？]+[ \t]+){0,3}?(?:arrived|passed|were approved|have been approved|are approved|received|were received|were tested|came in|reached us|llegaron|han llegado|recibid[oa]s|pasaron|fueron aprobad|foram aprovad|chegaram|recebid[oa]s|ont été validé|sont arrivé|arrivé(?:e|s|es)?|reçu(?:e|s|es)?|haben den test|sind angekommen|angekommen|eingetroffen|прошли|получили|получены|дошли)` +
    String.raw`|^\s*(?:(?:were|was|have been|has been|already)\s+)?(?:sent|shipped|dispatched)(?![\p{L}])|^\s*(?:enviad[oa]s|envoyé(?:e|s|es)|verschickt|отправлены)` +
    String.raw`|^[^，。！？；,.!?\n]{0,6}?(?:(?:已经?|昨天|今天|前天|上周)?收到了?(?=[，。！,.!\s]|$)|已经?收到|到了|已经?寄出|寄出了|测试通过|通过了|在测|测试中|正在测试|已收到|已经收到)`,
  'iu',
);
const SAMPLE_DONE_BEFORE =
  /(?:نجحت|وصلت|استلمنا|received the|got the|tested the|the approved|approved|you sent(?: us)?(?: the)?|отправили|выслали|enviaste|enviou|vous avez envoyé)\s*(?:\S+\s+)?$|收到了?(?:你们|贵司|您)?(?:的|寄来的)?$|寄来的$/iu;

/** "against the packing list", "compared to the invoice": a document as the measure, not asked for. */
const REFERENCE_BEFORE =
  /(?:against|versus|vs\.?|compared (?:to|with)|according to|than|on|in|per|con|según|segundo|selon|laut|по|مقارنة ب|حسب)\s+(?:the\s+|our\s+|your\s+|la\s+|el\s+|a\s+|o\s+|le\s+|der\s+)?$/iu;

/**
 * The letters and digits of the scripts the cues are written in (Latin with its accents and
 * Vietnamese, Greek, Cyrillic, Arabic): what a cue word may not touch. JS \b knows only ASCII.
 * Not \p{L}: V8 compiles each regex twice (one-byte and two-byte text) on first use, and the
 * whole of Unicode's letters in every cue cost the first emails after the worker starts about
 * 100 ms; these ranges cost a third of that, and a cue next to a Chinese character now counts.
 */
export const WORD_CHAR = String.raw`0-9A-Za-z\u00C0-\u024F\u0370-\u052F\u0600-\u06FF\u0750-\u077F\u1E00-\u1EFF`;
/** A word boundary that works with those letters (JS \b does not). */
const B = `(?<![${WORD_CHAR}])`;
const E = `(?![${WORD_CHAR}])`;
const w = (source: string) => new RegExp(`${B}(?:${source})${E}`, 'giu');
/** A word start only: matches inflected forms ("defectuos" → defectuosos, defectuosa). */
const ws = (source: string) => new RegExp(`${B}(?:${source})`, 'giu');
/** Chinese: no word boundaries. */
const zh = (source: string) => new RegExp(source, 'gu');

export const CUES: Record<CueIntent, Cue[]> = {
  complaint: [
    { re: w('complaints?|complain(?:ing|ed)?|claim for|warranty claim'), weight: 3 },
    { re: ws('defect(?:ive|s)?'), weight: 3 },
    {
      re: w(
        "broken|damaged|cracked|leak(?:s|ing)?|burn(?:ed|t) out|faulty|fault|stopped working|not working|(?:does|do|did) not work|doesn't work|don't work|failed|failing|failures?",
      ),
      weight: 3,
    },
    { re: w('flicker(?:s|ing)?'), weight: 3, unless: /^[-\s]?free/i },
    { re: w('wrong (?:item|items|model|models|colou?r|colou?r temperature|goods|size)'), weight: 3 },
    {
      re: w(
        'quality (?:issue|issues|problem|problems)|problems? with (?:the )?(?:quality|po|order|shipment|delivery|goods)',
      ),
      weight: 3,
    },
    { re: w('not satisfied|unhappy|disappointed|unacceptable'), weight: 3 },
    // An invoice unlike what was agreed: a complaint about billing, in any language (the invoice and
    // the price named read as an order or a price inquiry otherwise).
    {
      re: w(
        '(?:wrong|incorrect|erroneous) invoice|invoice (?:is|was) (?:wrong|incorrect)|error (?:in|on) the invoice|overcharg\\p{L}*|higher than (?:the |our |your )?(?:agreed|contract|PI|proforma|quotation|quoted)|(?:were|was) never agreed|instead of the agreed',
      ),
      weight: 3,
    },
    // Short deliveries: goods paid for and not received.
    {
      re: w(
        'shortfall|short[- ]shipped|short[- ]delivered|short delivery|shortage|(?:cartons?|pcs|pieces|units|boxes|pallets) (?:are |were )?(?:missing|short)|missing (?:cartons?|pcs|pieces|units|boxes|pallets|items|goods)|fewer (?:cartons?|pcs|pieces|units|boxes) than',
      ),
      weight: 3,
    },
    { re: w('missing'), weight: 2 },
    {
      re: w(
        'refuse[sd]? to accept|refusing to accept|rejected (?:the )?(?:goods|shipment|delivery|lot|batch)|colou?r (?:shift|difference|inconsistency|deviation)|different colou?r temperatures?',
      ),
      weight: 3,
    },
    {
      re: w(
        'condensation|water (?:inside|ingress|got in|gets in)|moisture inside|trip(?:s|ped|ping)? the (?:circuit )?breakers?|short[- ]circuit(?:s|ed)?|overheat(?:s|ed|ing)?|melted|dead on arrival',
      ),
      weight: 3,
    },
    { re: w('root[- ]cause|8d report|replacement plan|replace them|credit note'), weight: 2 },
    {
      re: w('refund|money back'),
      weight: 2,
      unless: /^\s*(?:it\s+|you\s+)?with|^\s*(?:after|later|upon)/i,
      unlessBefore: /(?:will|we'll|shall)\s*$/i,
    },
    { re: w('replacements?|credit note|compensation'), weight: 1 },
    // Spanish, Portuguese
    { re: ws('reclamaç|reclamaci|defectuos|defeituos|averiad'), weight: 3 },
    { re: w('defeitos?|con defecto|com defeito'), weight: 3 },
    { re: ws('rot[oa]s|quebrad[oa]s|dañad|danificad'), weight: 3 },
    {
      re: w(
        'no funcion(?:a|an)|dejaron de funcionar|fallaron|pararam de funcionar|não funciona(?:m)?|queimaram|quemad[oa]s',
      ),
      weight: 3,
    },
    { re: w('problemas? de calidad|problemas? de qualidade|parpadeo|cintilação'), weight: 3 },
    { re: w('se apagan solos|se apagan|devoluciones|dañad[oa]s|danificad[oa]s|se apagam'), weight: 3 },
    {
      re: w(
        'faltan|faltaban|faltante\\p{L}*|nos llegaron menos|llegaron menos|faltando|faltaram|faltam|vieram menos|chegaram menos|rechaz(?:a|ó|aron) la mercancía|recus(?:a|ou|aram) (?:a mercadoria|o recebimento)',
      ),
      weight: 3,
    },
    { re: ws('queima(?:ndo|m|ram|do|da)|quemando|se queman|se quemaron'), weight: 3 },
    { re: w('reembolso|abono|reposição|reposicion|garantía|garantia'), weight: 1 },
    {
      re: w(
        'factura (?:incorrecta|errónea|equivocada|con precio incorrecto)|error en la factura|precio incorrecto|en vez de (?:los |las )?[\\d.,]+ (?:acordad\\p{L}*|pactad\\p{L}*)|fatura (?:errada|incorreta)|erro na fatura|cobrad\\p{L}* a mais|em vez de (?:os |as )?[\\d.,]+ (?:combinad\\p{L}*|acordad\\p{L}*)',
      ),
      weight: 3,
    },
    // French
    { re: ws('réclamation|défectueu|cassé|abîmé|endommagé|écrasé'), weight: 3 },
    { re: w('en panne|ne fonctionne(?:nt)? (?:plus|pas)|problèmes? de qualité|scintill\\p{L}*'), weight: 3 },
    { re: w('défauts?'), weight: 3, unlessBefore: /\bpar\s*$/i },
    {
      re: w(
        'manquant\\p{L}*|il manque|il nous manque|manque \\d+|livraison incomplète|refuse la marchandise',
      ),
      weight: 3,
    },
    { re: w('remboursement|garantie'), weight: 1 },
    {
      re: w(
        'facture (?:erronée|incorrecte|fausse)|erreur (?:sur|dans) la facture|facturé\\p{L}* à tort|au lieu de (?:[\\d.,]+ ?(?:€|\\$|usd|eur)? ?)?convenu\\p{L}*',
      ),
      weight: 3,
    },
    // German
    {
      re: ws(
        'reklamation|defekt|beschädigt|kaputt|mängel|qualitätsproblem|garantiefall|zerbrochen|transportschaden',
      ),
      weight: 3,
    },
    { re: w('falsche(?:n)? (?:ware|artikel|modelle?|farbe|größe)|falsch geliefert'), weight: 3 },
    {
      re: w(
        'ausgefallen|ausfall|ausfälle|funktionier\\p{L}* (?:nicht|nach \\S+ \\S+ nicht)|funktionieren .{0,30}nicht mehr|flackern',
      ),
      weight: 3,
    },
    { re: w('ersatz'), weight: 1 },
    {
      re: w(
        'falsche rechnung|rechnung (?:ist )?falsch|fehlerhafte rechnung|zu viel berechnet|statt (?:der |des )?vereinbarten',
      ),
      weight: 3,
    },
    {
      re: w(
        'fehlmenge|fehlende(?:n)? (?:kartons?|stück|teile|ware)|fehlen \\d+|es fehlen|minderlieferung|zu wenig geliefert|unvollständig geliefert',
      ),
      weight: 3,
    },
    // Russian
    { re: ws('претензи|брак|разбит|неисправн|дефект|повреждён|поврежден'), weight: 3 },
    {
      re: w(
        'не работа\\p{L}*|перестали работать|перестал работать|вышли из строя|вышел из строя|мерца\\p{L}*',
      ),
      weight: 3,
    },
    { re: ws('гаранти|замен|компенсаци'), weight: 1 },
    {
      re: w(
        'неверн\\p{L}* (?:цен\\p{L}*|сч[её]т\\p{L}*|инвойс\\p{L}*)|ошибк\\p{L}* в (?:сч[её]те|инвойсе)|вместо согласованн\\p{L}*',
      ),
      weight: 3,
    },
    { re: ws('недостач|недопоставк|недовложени|не хватает|не хватало|пересорт'), weight: 3 },
    // Arabic
    {
      re: w(
        'شكوى|مكسورة|مكسور|معيبة|معيب|عيب|عيوب|تالفة|لا يعمل|لا تعمل|توقفت عن العمل|تعطلت|تعطل|أعطال|عطل|وميض',
      ),
      weight: 3,
    },
    { re: w('الضمان|تعويض|استبدال|بدائل'), weight: 1 },
    { re: w('الفاتورة (?:خطأ|غلط|خاطئة)|بينما اتفقنا|والمتفق|بدلاً من المتفق|مخالف للمتفق'), weight: 3 },
    {
      re: w(
        'نقص|نقصاً|ناقص|ناقصة|ينقص|تنقص|يرفض الاستلام|رفض الاستلام|رفض البضاعة|تغير (?:ال)?لون|مائلاً إلى',
      ),
      weight: 3,
    },
    // Chinese
    {
      re: zh(
        '投诉|质量问题|坏了|损坏|破损|频闪|不亮|索赔|故障|退款|退货|有问题|漏水|发黑|变形|变黄|退换|不合格|色差|生锈|掉漆|烧坏|烧了',
      ),
      weight: 3,
    },
    { re: zh('给个说法|处理方案|解决方案'), weight: 2 },
    { re: zh('少了|缺少|短装|少发|漏发|数量不对|数量不符|发错|错发|拒收'), weight: 3 },
    { re: zh('保修|补发|赔偿'), weight: 1 },
    { re: zh('发票(?:开错|有误|不对|错了)|比合同高|与合同不符|和合同不一样|多开了'), weight: 3 },
  ],
  order: [
    {
      re: w(
        'purchase order|new order|repeat order|initial order|trial order|reorder|re-order|place (?:an|the|our|a|this) (?:\\p{L}+ )?order|placing (?:an|the|our) order|confirm (?:the|our|this) order|we confirm the order|take this (?:e-?mail|mail|message) as our order|(?:find|attached|enclose\\p{L}*) (?:is )?our (?:purchase )?order|repeat our (?:last )?order|our order (?:for|of) \\d',
      ),
      weight: 3,
      conditional: true,
      // "send free samples before we place a big order": a promise, not an order.
      unlessBefore:
        /(?:before|after|until|once|then|will|shall|could|can|may|later)\s+(?:we\s+|you\s+|i\s+)?$/i,
    },
    // "higher than the PI": the document as a measure, not asked for.
    {
      re: w('pro ?forma(?: invoice)?|\\bPI\\b'),
      weight: 3,
      conditional: true,
      unlessBefore: /(?:than|against|versus|vs\.?|compared (?:to|with))\s+(?:the\s+|our\s+|your\s+)?$/i,
    },
    // A purchase order sent, or production released on one: "attached is our PO 9021", "please countersign".
    {
      re: w(
        '(?:our|the|attached|signed|enclosed) (?:signed )?PO(?: (?:no\\.?|number|#))? ?\\d[\\w-]*|countersign\\p{L}*|(?:go ahead|proceed) with (?:the )?(?:order|production)|please (?:start|begin|release) (?:the )?production|release (?:the )?order',
      ),
      weight: 3,
      conditional: true,
    },
    {
      re: w('same as (?:our |the )?(?:last|previous) order|same as last time|same as before'),
      weight: 2,
      conditional: true,
    },
    // A repeat of an order named by its number, in a line ("same as PO 5521 please", "repetimos el
    // pedido 2207", "تكرار الطلبية رقم 3105"): an order, however short the mail.
    {
      re: w(
        'same as (?:our )?(?:PO|order) ?(?:no\\.? ?|#)?\\d[\\w-]*|same again|(?:a )?repeat of (?:our )?(?:PO|order)|repet(?:imos|ir) (?:el|o) pedido|(?:el )?mismo pedido|(?:o )?mesmo pedido|même commande|dieselbe bestellung|gleiche bestellung (?:wie|nochmal)|повторяем заказ|повторить заказ|тот же заказ|تكرار الطلبية|نكرر الطلبية|نفس الطلبية|نفس طلبية',
      ),
      weight: 3,
      conditional: true,
    },
    {
      re: w('we (?:would like to |want to |will )?order'),
      weight: 2,
      unless: /^\s*(?:\S+\s+){0,2}samples?/i,
      conditional: true,
    },
    // Spanish, Portuguese
    {
      re: w(
        'confirm(?:amos|o) (?:el|o|nuestro|nosso)? ?pedido|orden de compra|pedido de compra|haremos el pedido|repita nuestro|repetir o último pedido|repetir (?:el|nuestro) (?:último )?pedido|nuevo pedido|novo pedido|fechar o pedido|segue nosso pedido|le enviamos la orden',
      ),
      weight: 3,
      conditional: true,
    },
    { re: w('factura proforma|fatura proforma|proforma'), weight: 3, conditional: true },
    {
      re: w(
        'adelante con (?:el pedido|la producción|la fabricación)|(?:pueden|podéis|puede) (?:iniciar|empezar|arrancar) (?:con )?la producción|(?:podem|pode) (?:iniciar|começar|seguir com) a produção|(?:autorizamos|liberamos) a produção',
      ),
      weight: 3,
      conditional: true,
    },
    // French
    {
      re: w(
        'bon de commande|passons (?:une )?(?:nouvelle )?commande|passerons commande|confirmons la commande|renouveler notre (?:dernière )?commande|nouvelle commande',
      ),
      weight: 3,
      conditional: true,
    },
    { re: w('facture pro ?forma'), weight: 3, conditional: true },
    {
      re: w('(?:vous pouvez |merci de )?lancer la production|lancez la production|commande ferme'),
      weight: 3,
      conditional: true,
    },
    // German
    {
      re: w(
        'bestellen wir|wir bestellen|hiermit bestellen|unser(?:en)? auftrag|unsere bestellung (?:nr\\.?|nummer|über)|anbei unser\\p{L}* (?:auftrag|bestellung)|nachbestellung|wiederholen sie unsere (?:letzte )?bestellung|proforma-rechnung',
      ),
      weight: 3,
      conditional: true,
    },
    {
      re: w(
        'produktion (?:freigeben|starten)|geben (?:wir )?die produktion frei|mit der produktion beginnen',
      ),
      weight: 3,
      conditional: true,
    },
    // Russian
    {
      re: w(
        'запускайте в производство|запускаем в производство|подтверждаем заказ|размещаем (?:новый )?заказ|разместим заказ|направляем заказ|оформляем заказ|оформим заказ|повторить наш (?:последний )?заказ|повторный заказ|новый заказ|счёт-проформ\\p{L}*|счет-проформ\\p{L}*|сч[её]т на (?:пред)?оплату',
      ),
      weight: 3,
      conditional: true,
    },
    // Arabic
    {
      re: w(
        'أمر الشراء|أمر شراء|نؤكد الطلب|نضع طلباً|سنضع الطلب|تكرار طلبنا|طلباً جديداً|الفاتورة المبدئية|ابدأوا (?:ب)?الإنتاج|بدء الإنتاج',
      ),
      weight: 3,
      conditional: true,
    },
    // Chinese
    {
      re: zh(
        '下单|返单|追加订单|形式发票|采购单|采购合同|确认采购|安排生产|排产|正式订单|再下一单|再来一单|追单|照上次',
      ),
      weight: 3,
      conditional: true,
    },
  ],
  'sample-request': [
    { re: w('free samples?|samples?(?: \\p{L}+){0,2} (?:for free|free of charge|foc)'), weight: 3 },
    { re: w('samples?|sampling'), weight: 2, unless: SAMPLE_DONE, unlessBefore: SAMPLE_DONE_BEFORE },
    // One unit to hold or test before buying is a sample, whatever it is called.
    {
      re: w(
        '(?:a|one) (?:single )?(?:unit|piece|pc|fixture) (?:first|to (?:test|try|check|evaluate|see|show))|(?:courier|send|ship) (?:us |me )?(?:a|one) (?:single )?(?:unit|piece|pc)|see one first|test (?:unit|piece)s?|evaluation units?',
      ),
      weight: 3,
    },
    {
      re: w(
        'muestras? gratis|amostras? grátis|échantillons? gratuits?|kostenlose(?:n)? muster|бесплатн\\p{L}* образ\\p{L}*|عينات مجانية',
      ),
      weight: 3,
    },
    {
      re: w('muestras?|amostras?|échantillons?|muster'),
      weight: 2,
      unless: SAMPLE_DONE,
      unlessBefore: SAMPLE_DONE_BEFORE,
    },
    // German compounds: Musteranforderung, Musterbestellung, Mustersendung.
    { re: ws('muster(?:anforderung|anfrage|bestellung|sendung|stück)'), weight: 2 },
    {
      re: w(
        'probar una unidad|una unidad (?:de prueba|para probar)|unidad de prueba|testar uma unidade|uma unidade (?:de teste|para teste|para testar)|unidade de teste|une (?:pièce|unité) (?:pour (?:tester|essai|test)|de test)|tester une unité|ein (?:stück|exemplar) zum (?:testen|test)|testmuster|bemusterung|одну (?:штуку|единицу) для (?:теста|тестирования|испытаний|проверки)|тестов\\p{L}* (?:образ\\p{L}*|экземпляр\\p{L}*)|وحدة (?:واحدة )?(?:للتجربة|للاختبار)',
      ),
      weight: 3,
    },
    { re: ws('образ(?:ец|цы|ца|цов|цам)'), weight: 2, unless: SAMPLE_DONE, unlessBefore: SAMPLE_DONE_BEFORE },
    {
      re: w('عينة|عينات|عينتين|العينات|العينة|لتجربته|لتجربتها|للتجربة'),
      weight: 2,
      unless: SAMPLE_DONE,
      unlessBefore: SAMPLE_DONE_BEFORE,
    },
    { re: zh('免费样品|免费寄样'), weight: 3 },
    { re: zh('样品|寄样|样板'), weight: 2, unless: SAMPLE_DONE, unlessBefore: SAMPLE_DONE_BEFORE },
    { re: zh('先寄一[个台只套件]|寄一[个台只套件]过来|试用装|测试用'), weight: 3 },
  ],
  'price-inquiry': [
    {
      re: w(
        'quote|quotes|quotation|quoting|price list|best price|target price|pricing|prices?|discount|how much|offer (?:for|us|me)|your offer|can you offer|rfq|budget(?:ary)? (?:figures?|prices?|costs?)',
      ),
      weight: 2,
    },
    {
      re: w(
        '(?:your )?price is .{0,25}(?:higher|above|more)|if you can (?:do|offer|make|reduce|lower|give|match)|another offer|other supplier',
      ),
      weight: 3,
    },
    { re: w('fob|cif|exw|ddp|cfr|dap|moq|minimum order(?: quantity)?|lead time|payment terms?'), weight: 1 },
    // "What would 500 units cost delivered to Mombasa?"
    {
      re: w(
        '(?:what|how much) (?:would|will|does|do|did|is|are|might|could)\\b.{0,60}?\\bcost|cost (?:per|for|of) (?:a |one |each |the )?(?:unit|piece|pc|container|set)|unit cost|costing',
      ),
      weight: 3,
    },
    // Spanish, Portuguese
    {
      re: ws(
        'cotiza|cotizac|cotar|cotaç|presupuest|orçament|descuent|desconto|precio|preço|lista de precios|lista de preços|mejor oferta|melhor oferta',
      ),
      weight: 2,
    },
    { re: w('si puede dejarlo|se conseguir|por encima de otra oferta|acima da outra oferta'), weight: 3 },
    { re: ws('cuánto cost|cuanto cost|cuánto sale|quanto cust|quanto fica'), weight: 2 },
    {
      re: ws(
        'costar[íi]a|cuánto (?:cuesta|cuestan|vale|valen|saldría)|cuanto (?:cuesta|cuestan)|custaria|quanto (?:sai|sairia|valem|vale)|valor unitário|valor por unidade',
      ),
      weight: 2,
    },
    // French
    { re: w('prix|devis|tarifs?|remise|offre'), weight: 2 },
    { re: ws('combien (?:co[uû]t|vaut|valent|pour)|co[uû]terai'), weight: 2 },
    { re: w("si vous pouvez faire|au-dessus d'une autre offre"), weight: 3 },
    // German
    { re: ws('preis|angebot|rabatt'), weight: 2 },
    { re: new RegExp(String.raw`\p{L}{1,30}preis`, 'giu'), weight: 2 },
    // "Versand auf unsere Kosten" pays; it asks no price.
    {
      re: w('kosten|was kostet'),
      weight: 2,
      unlessBefore: /\b(?:auf|zu)\s+(?:unsere|unseren|eigene|eigenen)\s*$/i,
    },
    { re: w('wenn sie .{0,20}machen können|über dem angebot'), weight: 3 },
    // Russian
    { re: ws('цен|стоимост|прайс|скидк|коммерческое предложение|котировк'), weight: 2 },
    { re: w('если сможете|выше, чем у другого'), weight: 3 },
    { re: ws('сколько (?:будет |будут |бы )?сто[ия]|почём|по чём'), weight: 2 },
    // Arabic
    { re: w('سعر|أسعار|الأسعار|السعر|سعراً|عرض سعر|خصم|الخصم|تسعير'), weight: 2 },
    { re: w('إذا استطعتم|أعلى بنسبة'), weight: 3 },
    { re: w('كم سعر|بكم|كم يكلف|كم تكلف|كم تكلفة'), weight: 2 },
    // "نحن مستعدون لدفع التكلفة": paying the cost asks no price.
    { re: w('تكلفة|التكلفة|كلفة'), weight: 2, unlessBefore: /(?:دفع|ندفع|سندفع|نتحمل|سنتحمل|تحمل)\s*$/u },
    // Chinese
    { re: zh('报价|价格|单价|多少钱|价格表|优惠|便宜|询价|出厂价|含税价|折扣|报个价|FOB价'), weight: 2 },
    { re: zh('如果单价|比别家高|还价|能做到'), weight: 3 },
    { re: zh('什么价|价钱|价位|怎么卖|怎么算|报个价|成本价'), weight: 2 },
  ],
  'follow-up': [
    {
      re: w(
        "follow(?:ing)?[ -]?up|any updates?|any news|checking in|haven't heard|have not heard|still waiting|reminder|remind(?:ing)?|gentle reminder|tracking (?:number|code)|packing list|b/l|bill of lading|ready for loading|ready to ship|shipment status|status of|confirm receipt|production schedule|have they been shipped|been shipped|vessel booking|shipping documents|commercial invoice",
      ),
      weight: 3,
      // "missing against the packing list": a document named as the measure of a complaint.
      unlessBefore: REFERENCE_BEFORE,
    },
    { re: w('when will (?:the |our |po |order )?.{0,30}be ready'), weight: 3 },
    {
      re: w(
        'when (?:will|does|did|is) (?:the |our |your )?(?:production|goods|shipment|container|order|vessel|ship|cargo|balance)\\b.{0,30}?(?:start|begin|ship|sail|leave|arrive|depart|be (?:shipped|loaded|finished|dispatched))|(?:has|have) (?:our|the) (?:deposit|payment|balance|goods|shipment|order|container) (?:arrived|been (?:received|shipped|loaded|dispatched))',
      ),
      weight: 3,
    },
    {
      re: w(
        'container (?:no\\.?|number)|shipping date|date of shipment|shipment date|etd|eta|dispatch date|where (?:is|are) (?:our|the) (?:order|shipment|goods|container)',
      ),
      weight: 2,
    },
    // Spanish, Portuguese
    {
      re: w(
        'alguna novedad|seguimiento|le recuerdo|recordatorio|lista de empaque|listo el pedido|estará listo|factura comercial|alguma novidade|lembrando|lembrete|packing list|pronto para embarque|fatura comercial|aguardamos',
      ),
      weight: 3,
      unlessBefore: REFERENCE_BEFORE,
    },
    {
      re: w(
        'novedades|número de contenedor|fecha de (?:embarque|envío|salida)|estado del (?:pedido|envío)|novidades|número do contêiner|data de (?:embarque|envio)|status do (?:pedido|embarque)|previsão de embarque|código de rastreio|código de rastreamento|número de seguimiento',
      ),
      weight: 2,
    },
    // French
    {
      re: w(
        'relancer|relance|des nouvelles|rappel|liste de colisage|prête au chargement|facture commerciale|nous attendons toujours',
      ),
      weight: 3,
      unlessBefore: REFERENCE_BEFORE,
    },
    {
      re: w(
        'cuándo (?:sale|saldrá|llega|llegará|estará|empieza|empezará|zarpa)|(?:salió|zarpó|embarcaron|enviaron) ya|ya (?:salió|zarpó|embarcaron|enviaron)|quando (?:sai|sairá|chega|chegará|fica pronto|começa)|já (?:saiu|embarcou|foi embarcad\\p{L}*|foi enviad\\p{L}*)|quand (?:partira|arrivera|sera prête?|commence(?:ra)?)|(?:est|sont)-(?:elle|il|ils|elles) (?:déjà )?parti\\p{L}*|déjà (?:parti\\p{L}*|expédié\\p{L}*)',
      ),
      weight: 2,
    },
    { re: w("date d'(?:embarquement|expédition)|numéro de conteneur|où en est|numéro de suivi"), weight: 2 },
    // German
    {
      re: w('neuigkeiten|nachfrage|erinnerung|packliste|verladebereit|handelsrechnung|warte noch'),
      weight: 3,
    },
    { re: w('rückmeldung|verladedatum|versanddatum|containernummer|sendungsstatus'), weight: 2 },
    {
      re: w(
        'wann (?:wird|werden|kommt|kommen|ist|sind|geht|beginnt)\\b.{0,40}?(?:fertig|versandt|verschifft|verladen|unterwegs|an|los|produktion)|schon (?:verschifft|versandt|unterwegs|verladen)|(?:inzwischen|schon) (?:bei ihnen )?eingegangen',
      ),
      weight: 2,
    },
    // Russian
    {
      re: ws(
        'есть ли новости|напомина|упаковочный лист|готов к отгрузке|исправленный инвойс|ждём ответа|ждем ответа',
      ),
      weight: 3,
      unlessBefore: REFERENCE_BEFORE,
    },
    {
      re: ws(
        'когда (?:будет|будут|начн[её]тся|отгрузите|отправите|отгрузят|придёт|придет|прид[её]т)|уже (?:отгрузили|отправили|вышел|вышла)|дат\\p{L}* отгрузки|срок\\p{L}* отгрузки|когда отгрузка|номер контейнера|статус заказа|трек-номер|трек номер|номер отслеживания',
      ),
      weight: 2,
    },
    // Arabic
    {
      re: w('أي جديد|متابعة|تذكير|قائمة التعبئة|جاهزاً للشحن|ننتظر ردكم|ما زلنا ننتظر'),
      weight: 3,
      unlessBefore: REFERENCE_BEFORE,
    },
    { re: w('موعد (?:ال)?شحن|تاريخ (?:ال)?شحن|رقم الحاوية|حالة الطلب'), weight: 2 },
    {
      re: w(
        'متى (?:سيبدأ|يبدأ|سيتم|سيصل|يصل|ستصل|تصل|سيشحن|ستشحن|سيجهز|سيكون|ستكون)|هل تم (?:شحن|استلام)|هل وصلت?',
      ),
      weight: 2,
    },
    // Chinese
    { re: zh('跟进|进展|催|提醒|装柜|装箱单|提单|快递单号|寄出了吗|什么时候可以|还没有收到'), weight: 3 },
    { re: zh('到哪了|船期|发货了吗|什么时候发货|物流信息|柜号'), weight: 2 },
    {
      re: zh(
        '什么时候(?:能)?(?:出货|生产|开工|到货|到港|装柜)|出货了吗|开始生产了吗|几时发|收到(?:了)?(?:我们的)?(?:定金|货款|款)了吗',
      ),
      weight: 2,
    },
  ],
};

/**
 * What stands right after a price word when the price is accepted, not asked ("ok prices fine",
 * "the pricing on Q-26-518 works for us", "el precio está bien", "le prix nous convient", "preislich
 * passt", "цена нас устраивает", "السعر مناسب", "价格可以接受"): a reply to our quote that wants
 * something else (a sample first, the order), not a price inquiry.
 */
export const PRICE_ACCEPTED = new RegExp(
  String.raw`^[\p{L}]*\s*(?:[\p{L}\p{N}-]+\s+){0,3}?(?:(?:is|are|looks?|seems?)\s+)?(?:fine|ok|okay|acceptable|agreed|works? for (?:us|me)|good for (?:us|me)|in range|no problem)(?![\p{L}])` +
    String.raw`|^[\p{L}]*\s*(?:(?:en general|en principio|nos|me|le|est|é|está|esta|ficou|в целом|нас|нам|мне|ist|sind|das angebot|passt)\s+){0,3}(?:está bien|estan bien|están bien|nos (?:parece|parecen) bien|es aceptable|nos sirve|nos va bien|está bom|está ok|nos atende|é aceitável|convient|conviennent|est correct|nous va|passt|passen|in ordnung|akzeptabel|устраива\p{L}*|подход\p{L}*|приемлем\p{L}*|مناسب\p{L}*|مقبول\p{L}*)(?![\p{L}])` +
    String.raw`|^[^，。！？,.!?\n]{0,8}?(?:可以接受|能接受|没问题|合适|还可以|可以的|ok)`,
  'iu',
);

/** Courtesy that is no condition: "if possible", "لو سمحت" (please), "si es posible", "wenn möglich". */
export const COURTESY =
  /(?:^|[\s,(])(?:if possible|if you please|si es posible|si fuera posible|se possível|si possible|wenn möglich|falls möglich|если можно|если возможно)(?=[\s,.)!?]|$)|(?:لو|إذا|اذا)\s+(?:سمحت\p{L}*|تكرمت\p{L}*)|如果可以的话|如果方便(?:的话)?/giu;

/** Words that undo a cue right after them in the same clause ("no", "sin", "без", "没有"). */
export const NEGATION_BEFORE =
  /(?:^|[\s,(])(?:no|not|never|without|zero|nor|sin|ningún|ninguna|ningun|sem|nenhum|nenhuma|não|aucun|aucune|sans|pas de|kein|keine|keinen|keiner|ohne|nicht|без|нет|никаких|никакой|ни одного|لا|بدون|دون|ليس|ليست|لم)(?:\s+\S+){0,3}\s*$/iu;
export const NEGATION_BEFORE_ZH = /(?:没有|没|无|不|未|非)[^，。！？,.!?\s]{0,2}$/u;

/** A clause with a condition in it: an order cue there is a counter-offer, not an order. */
export const CONDITION = /(?:^|[\s,])(?:if|unless|provided|si|se|wenn|falls|если|إذا|لو)\s|如果|假如|要是/iu;
