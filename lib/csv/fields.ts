// What each CSV import can fill, and the header names (English and Chinese) we
// recognise for each field. Headers are compared after normalize(): lower case,
// no spaces, underscores, dashes, dots or brackets.

export const IMPORT_KINDS = ['companies', 'contacts', 'orders'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface FieldSpec {
  field: string;
  required: boolean;
  aliases: string[];
}

export const IMPORT_FIELDS: Record<ImportKind, FieldSpec[]> = {
  companies: [
    {
      field: 'name',
      required: true,
      aliases: [
        'name',
        'company',
        'company name',
        'customer',
        'customer name',
        '公司',
        '公司名称',
        '客户',
        '客户名称',
        '名称',
      ],
    },
    {
      field: 'domains',
      required: false,
      aliases: ['domain', 'domains', 'website', 'web', 'url', 'site', '域名', '网站', '网址', '官网'],
    },
    {
      field: 'country',
      required: false,
      aliases: ['country', 'country code', 'nation', '国家', '国家/地区', '地区', '国别'],
    },
    {
      field: 'source',
      required: false,
      aliases: ['source', 'channel', 'lead source', '来源', '渠道', '客户来源'],
    },
    { field: 'tags', required: false, aliases: ['tags', 'tag', 'labels', '标签'] },
    {
      field: 'notes',
      required: false,
      aliases: ['notes', 'note', 'remarks', 'comment', 'comments', '备注', '说明'],
    },
    {
      field: 'acquisitionCost',
      required: false,
      aliases: ['acquisition cost', 'cac', 'cost of acquisition', '获客成本', '获取成本', '开发成本'],
    },
  ],
  contacts: [
    {
      field: 'name',
      required: true,
      aliases: ['name', 'contact', 'contact name', 'full name', 'person', '姓名', '联系人', '名字'],
    },
    {
      field: 'emails',
      required: true,
      aliases: [
        'email',
        'emails',
        'e-mail',
        'mail',
        'email address',
        '邮箱',
        '电子邮件',
        '邮件',
        '电邮',
        '邮箱地址',
      ],
    },
    {
      field: 'phones',
      required: false,
      aliases: ['phone', 'phones', 'tel', 'telephone', 'mobile', 'whatsapp', '电话', '手机', '联系电话'],
    },
    {
      field: 'title',
      required: false,
      aliases: ['title', 'position', 'job title', 'role', '职位', '职务', '头衔'],
    },
    {
      field: 'company',
      required: false,
      aliases: [
        'company',
        'company name',
        'customer',
        'organization',
        'organisation',
        '公司',
        '公司名称',
        '客户',
        '单位',
      ],
    },
  ],
  orders: [
    {
      field: 'company',
      required: true,
      aliases: [
        'company',
        'customer',
        'company name',
        'customer name',
        'buyer',
        'domain',
        '公司',
        '客户',
        '客户名称',
        '买家',
      ],
    },
    {
      field: 'date',
      required: true,
      aliases: ['date', 'order date', 'created', '日期', '下单日期', '订单日期'],
    },
    {
      field: 'amount',
      required: true,
      aliases: [
        'amount',
        'total',
        'value',
        'order amount',
        'order value',
        '金额',
        '总额',
        '订单金额',
        '总金额',
      ],
    },
    { field: 'currency', required: true, aliases: ['currency', 'ccy', 'cur', '币种', '货币'] },
    { field: 'cost', required: false, aliases: ['cost', 'direct cost', 'cogs', '成本', '直接成本'] },
    {
      field: 'margin',
      required: false,
      aliases: ['margin', 'margin %', 'margin percent', 'gross margin', '毛利率', '利润率', '毛利'],
    },
    { field: 'status', required: false, aliases: ['status', 'state', 'order status', '状态', '订单状态'] },
    {
      field: 'reference',
      required: false,
      aliases: [
        'reference',
        'ref',
        'order no',
        'order number',
        'po',
        'po number',
        'invoice',
        '订单号',
        '编号',
        '合同号',
      ],
    },
  ],
};

export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_\-.()（）[\]:：#/]+/g, '');
}

/** A column index for each field, or null: exact alias matches first, then headers containing an alias. */
export type ColumnMapping = Record<string, number | null>;

export function guessMapping(kind: ImportKind, headers: string[]): ColumnMapping {
  const normalized = headers.map(normalizeHeader);
  const taken = new Set<number>();
  const mapping: ColumnMapping = {};
  const specs = IMPORT_FIELDS[kind];
  for (const pass of ['exact', 'contains'] as const) {
    for (const spec of specs) {
      if (mapping[spec.field] !== undefined && mapping[spec.field] !== null) continue;
      const aliases = spec.aliases.map(normalizeHeader);
      const index = normalized.findIndex(
        (h, i) =>
          !taken.has(i) &&
          h !== '' &&
          (pass === 'exact' ? aliases.includes(h) : aliases.some((a) => a.length >= 2 && h.includes(a))),
      );
      mapping[spec.field] = index >= 0 ? index : null;
      if (index >= 0) taken.add(index);
    }
  }
  return mapping;
}
