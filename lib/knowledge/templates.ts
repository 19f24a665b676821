import type { ReplyAim, TemplateIntent } from './fields';

// The reply templates the offline engine falls back on when the book has none for
// an email, and that the demo book ships as editable knowledge items. Structure
// lives here; the engine fills the {{placeholders}} (see TEMPLATE_PLACEHOLDERS):
// a line whose placeholders all come out empty is dropped, so one template reads
// well with or without product facts, FAQ answers or history.

export interface BuiltinTemplate {
  id: string;
  intent: TemplateIntent;
  aim: ReplyAim;
  language: 'en' | 'zh-CN';
  title: string;
  body: string;
}

const en = (
  id: string,
  intent: TemplateIntent,
  aim: ReplyAim,
  title: string,
  body: string,
): BuiltinTemplate => ({
  id: `tpl-${id}-en`,
  intent,
  aim,
  language: 'en',
  title,
  body,
});
const zh = (
  id: string,
  intent: TemplateIntent,
  aim: ReplyAim,
  title: string,
  body: string,
): BuiltinTemplate => ({
  id: `tpl-${id}-zh`,
  intent,
  aim,
  language: 'zh-CN',
  title,
  body,
});

export const BUILTIN_TEMPLATES: readonly BuiltinTemplate[] = [
  en(
    'price',
    'price-inquiry',
    'answer',
    'Price inquiry: answer and qualify',
    `{{greeting}}

{{opening}}
{{historyLine}}

{{productFacts}}

{{faqAnswers}}

To prepare an exact quotation for you, could you let me know:
{{questions}}

I will send the formal quotation as soon as I have these details.

{{closing}}`,
  ),
  zh(
    'price',
    'price-inquiry',
    'answer',
    '询价：答复并了解需求',
    `{{greeting}}

{{opening}}
{{historyLine}}

{{productFacts}}

{{faqAnswers}}

为了给您准确报价，请告知：
{{questions}}

收到后我会尽快发送正式报价单。

{{closing}}`,
  ),
  en(
    'sample',
    'sample-request',
    'answer',
    'Sample request: answer and qualify',
    `{{greeting}}

{{opening}}
{{historyLine}}

{{faqAnswers}}

{{productFacts}}

So that we prepare the right sample, could you confirm:
{{questions}}

{{closing}}`,
  ),
  zh(
    'sample',
    'sample-request',
    'answer',
    '样品请求：答复并了解需求',
    `{{greeting}}

{{opening}}
{{historyLine}}

{{faqAnswers}}

{{productFacts}}

为了准备合适的样品，请确认：
{{questions}}

{{closing}}`,
  ),
  en(
    'complaint',
    'complaint',
    'answer',
    'Complaint: acknowledge and collect facts',
    `{{greeting}}

Thank you for telling us about this, and I am sorry for the trouble it has caused you.
{{historyLine}}

I have passed your message to our quality team. To investigate quickly, could you send us:
{{questions}}

{{faqAnswers}}

Once we have checked the details, we will propose a solution (replacement, credit or repair) and keep you updated at every step.

{{closing}}`,
  ),
  zh(
    'complaint',
    'complaint',
    'answer',
    '投诉：致歉并收集信息',
    `{{greeting}}

感谢您告知此事，给您带来不便，我们深表歉意。
{{historyLine}}

我已将您的反馈转交质量部门。为尽快调查，请提供：
{{questions}}

{{faqAnswers}}

核实后我们会提出解决方案（补发、退款或维修），并随时向您通报进展。

{{closing}}`,
  ),
  en(
    'repeat',
    'order',
    'answer',
    'Repeat order: confirm the details',
    `{{greeting}}

{{opening}}
{{historyLine}}

{{productFacts}}

Please confirm the following so we can issue the proforma invoice:
{{questions}}

{{closing}}`,
  ),
  zh(
    'repeat',
    'order',
    'answer',
    '返单：确认订单细节',
    `{{greeting}}

{{opening}}
{{historyLine}}

{{productFacts}}

请确认以下信息，以便我们开具形式发票：
{{questions}}

{{closing}}`,
  ),
  en(
    'verify',
    'verification',
    'verify',
    'Verification request before samples',
    `{{greeting}}

Thank you for your interest in {{product}}.

Before we send samples to a new partner, we kindly ask for a few details about your company:
{{questions}}

{{faqAnswers}}

As soon as we have these, we will be glad to arrange the sample. This is our standard procedure for every new partner, and we appreciate your understanding.

{{closing}}`,
  ),
  zh(
    'verify',
    'verification',
    'verify',
    '寄样前请求核实身份',
    `{{greeting}}

感谢您对{{product}}的关注。

向新合作伙伴寄送样品前，烦请提供贵司的以下信息：
{{questions}}

{{faqAnswers}}

收到后我们会尽快为您安排样品。这是我们对所有新客户的标准流程，感谢您的理解。

{{closing}}`,
  ),
  en(
    'advance',
    'any',
    'advance',
    'Move the deal forward: key questions',
    `{{greeting}}

{{opening}}
{{historyLine}}

{{productFacts}}

To move forward quickly, may I ask:
{{questions}}

If it helps, I can also arrange a short call or video meeting to go through the details.

{{closing}}`,
  ),
  zh(
    'advance',
    'any',
    'advance',
    '推进成交：关键问题',
    `{{greeting}}

{{opening}}
{{historyLine}}

{{productFacts}}

为了尽快推进，想请教几个问题：
{{questions}}

如有需要，也可以安排一次电话或视频会议详细沟通。

{{closing}}`,
  ),
  en(
    'general',
    'any',
    'answer',
    'General inquiry: answer and qualify',
    `{{greeting}}

{{opening}}
{{historyLine}}

{{productFacts}}

{{faqAnswers}}

Could you tell me a little more:
{{questions}}

{{closing}}`,
  ),
  zh(
    'general',
    'any',
    'answer',
    '一般询问：答复并了解需求',
    `{{greeting}}

{{opening}}
{{historyLine}}

{{productFacts}}

{{faqAnswers}}

能否再多介绍一些情况：
{{questions}}

{{closing}}`,
  ),
];
