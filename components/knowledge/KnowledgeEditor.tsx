import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type ChangeEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import { KNOWLEDGE_KINDS, type KnowledgeItem, type KnowledgeKind } from '@/lib/db/types';
import {
  FAQ_TOPICS,
  PRODUCT_FIELDS,
  REPLY_AIMS,
  TEMPLATE_INTENTS,
  TEMPLATE_PLACEHOLDERS,
} from '@/lib/knowledge/fields';
import {
  detectFormat,
  exportKnowledgeCsv,
  exportKnowledgeJson,
  importKnowledge,
  type RowError,
} from '@/lib/knowledge/io';
import {
  deleteKnowledge,
  KnowledgeValidationError,
  listKnowledge,
  loadDemoKnowledge,
  saveKnowledge,
  type KnowledgeProblem,
} from '@/lib/knowledge/store';

// The options page's knowledge base: products, FAQ answers and reply templates.
// Reads live from the book; every write goes through lib/knowledge, and every
// failure is said in words next to what caused it.

/** A problem in the rep's words: the field by its form label (without the typing hint), the rest from its code. */
export function problemText(t: TFunction, problem: KnowledgeProblem): string {
  const params: Record<string, string | number> = { ...problem.params };
  if (typeof params.field === 'string') {
    const [first = '', second] = params.field.split('.');
    const key = first === 'fields' && second ? second : first;
    params.field = t(`knowledge.field.${key}`, { defaultValue: params.field }).replace(
      /\s*[(（].*[)）]$/,
      '',
    );
  }
  return t(`knowledge.problem.${problem.code}`, params);
}

interface Form {
  id?: string;
  kind: KnowledgeKind;
  title: string;
  body: string;
  language: string;
  tags: string;
  fields: Record<string, string>;
  /** Fields the form has no input for, one "key: value" per line. */
  extra: string;
}

const KIND_FIELDS: Record<KnowledgeKind, readonly string[]> = {
  product: PRODUCT_FIELDS,
  faq: ['topic', 'keywords'],
  template: ['aim', 'intent'],
};

const emptyForm = (kind: KnowledgeKind): Form => ({
  kind,
  title: '',
  body: '',
  language: 'en',
  tags: '',
  fields: kind === 'faq' ? { topic: 'samples' } : kind === 'template' ? { aim: 'answer', intent: 'any' } : {},
  extra: '',
});

function toForm(item: KnowledgeItem): Form {
  const own = KIND_FIELDS[item.kind];
  return {
    id: item.id,
    kind: item.kind,
    title: item.title,
    body: item.body,
    language: item.language,
    tags: item.tags.join(', '),
    fields: Object.fromEntries(Object.entries(item.fields).filter(([k]) => own.includes(k))),
    extra: Object.entries(item.fields)
      .filter(([k]) => !own.includes(k))
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
  };
}

function fromForm(form: Form) {
  const fields: Record<string, string> = {};
  for (const line of form.extra.split('\n')) {
    // "key: value", or "键：值" as a Chinese keyboard types it.
    const at = line.search(/[:：]/);
    if (at > 0 && line.slice(at + 1).trim()) fields[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  for (const [key, value] of Object.entries(form.fields)) if (value.trim()) fields[key] = value.trim();
  return {
    ...(form.id ? { id: form.id } : {}),
    kind: form.kind,
    title: form.title,
    body: form.body,
    language: form.language.trim() || 'en',
    tags: form.tags
      .split(/[,，]/)
      .map((tag) => tag.trim())
      .filter(Boolean),
    fields,
  };
}

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function summary(item: KnowledgeItem): string {
  if (item.kind === 'product') {
    return [item.fields.moq, item.fields.leadTime, item.fields.priceTerms].filter(Boolean).join(' · ');
  }
  const flat = item.body.replace(/\s+/g, ' ');
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

export function KnowledgeEditor({
  db = defaultDb,
  authorRepId = 'local',
}: {
  db?: CrmDb;
  authorRepId?: string;
}) {
  const { t } = useTranslation();
  const items = useLiveQuery(() => listKnowledge(db), [db]);
  const [filter, setFilter] = useState<KnowledgeKind | 'all'>('all');
  const [search, setSearch] = useState('');
  const [form, setForm] = useState<Form | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [importErrors, setImportErrors] = useState<RowError[]>([]);
  /** The item whose delete button was pressed once: the rep confirms before it goes. */
  const [confirming, setConfirming] = useState<string | null>(null);

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (items ?? []).filter(
      (item) =>
        (filter === 'all' || item.kind === filter) &&
        (!needle ||
          `${item.title} ${item.body} ${Object.values(item.fields).join(' ')}`
            .toLowerCase()
            .includes(needle)),
    );
  }, [items, filter, search]);

  const save = async () => {
    if (!form) return;
    try {
      const saved = await saveKnowledge(db, fromForm(form), { authorRepId });
      setForm(null);
      setFormError(null);
      setNotice(t('knowledge.saved', { title: saved.title }));
    } catch (error) {
      const message =
        error instanceof KnowledgeValidationError && error.problems.length
          ? error.problems.map((problem) => problemText(t, problem)).join(' ')
          : String(error);
      setFormError(t('knowledge.error', { message }));
    }
  };

  const remove = async (item: KnowledgeItem) => {
    setConfirming(null);
    await deleteKnowledge(db, item.id);
    setNotice(t('knowledge.deleted', { title: item.title }));
  };

  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    const text = await file.text();
    input.value = '';
    const result = await importKnowledge(db, text, detectFormat(file.name, text), { authorRepId });
    if (result.ok) {
      setImportErrors([]);
      setNotice(t('knowledge.imported', { created: result.created, updated: result.updated }));
    } else {
      setNotice(null);
      setImportErrors(result.errors);
    }
  };

  const loadDemo = async () => {
    const count = await loadDemoKnowledge(db);
    setNotice(t('knowledge.demoLoaded', { count }));
  };

  const setField = (key: string, value: string) =>
    form && setForm({ ...form, fields: { ...form.fields, [key]: value } });

  return (
    <section className="knowledge" data-testid="knowledge-editor">
      <h2>{t('knowledge.title')}</h2>
      <p className="hint">{t('knowledge.intro')}</p>
      <div className="actions">
        <button
          type="button"
          data-testid="knowledge-add"
          onClick={() => setForm(emptyForm(filter === 'all' ? 'product' : filter))}
        >
          {t('knowledge.add')}
        </button>{' '}
        <label className="plain">
          {t('knowledge.import')}{' '}
          <input
            type="file"
            data-testid="knowledge-import"
            accept=".json,.csv,application/json,text/csv"
            onChange={(e) => void onImport(e)}
          />
        </label>{' '}
        <button
          type="button"
          data-testid="knowledge-export-json"
          disabled={!items?.length}
          onClick={() => download('knowledge.json', exportKnowledgeJson(items ?? []), 'application/json')}
        >
          {t('knowledge.exportJson')}
        </button>{' '}
        <button
          type="button"
          data-testid="knowledge-export-csv"
          disabled={!items?.length}
          onClick={() => download('knowledge.csv', `\uFEFF${exportKnowledgeCsv(items ?? [])}`, 'text/csv')}
        >
          {t('knowledge.exportCsv')}
        </button>
      </div>

      {notice && (
        <p role="status" className="hint" data-testid="knowledge-notice">
          {notice}
        </p>
      )}
      {importErrors.length > 0 && (
        <div role="alert" className="error" data-testid="import-errors">
          <p>{t('knowledge.importFailed')}</p>
          <ul>
            {importErrors.map((e, index) => (
              <li key={index}>
                {e.row > 0
                  ? t('knowledge.importRow', { row: e.row, message: problemText(t, e) })
                  : t('knowledge.importFile', { message: problemText(t, e) })}
              </li>
            ))}
          </ul>
        </div>
      )}

      {form && (
        <form
          className="settings"
          data-testid="knowledge-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            {t('knowledge.field.kind')}
            <select
              data-testid="knowledge-kind"
              value={form.kind}
              disabled={Boolean(form.id)}
              onChange={(e) =>
                setForm({ ...emptyForm(e.target.value as KnowledgeKind), title: form.title, body: form.body })
              }
            >
              {KNOWLEDGE_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`knowledge.kind.${kind}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {form.kind === 'product' ? t('knowledge.field.titleProduct') : t('knowledge.field.title')}
            <input
              data-testid="knowledge-title"
              value={form.title}
              onChange={(e) => setForm({ ...form, title: e.target.value })}
            />
          </label>
          <label>
            {t('knowledge.field.language')}
            <select
              data-testid="knowledge-language"
              value={form.language}
              onChange={(e) => setForm({ ...form, language: e.target.value })}
            >
              {[...new Set(['en', 'zh-CN', form.language])].map((lang) => (
                <option key={lang} value={lang}>
                  {lang === 'en' ? 'English' : lang === 'zh-CN' ? '简体中文' : lang}
                </option>
              ))}
            </select>
          </label>
          {form.kind === 'product' &&
            PRODUCT_FIELDS.map((key) => (
              <label key={key}>
                {t(`knowledge.field.${key}`)}
                <input
                  data-testid={`knowledge-field-${key}`}
                  value={form.fields[key] ?? ''}
                  onChange={(e) => setField(key, e.target.value)}
                />
              </label>
            ))}
          {form.kind === 'faq' && (
            <>
              <label>
                {t('knowledge.field.topic')}
                <select
                  data-testid="knowledge-field-topic"
                  value={form.fields.topic ?? ''}
                  onChange={(e) => setField('topic', e.target.value)}
                >
                  {FAQ_TOPICS.map((topic) => (
                    <option key={topic} value={topic}>
                      {t(`knowledge.topic.${topic}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('knowledge.field.keywords')}
                <input
                  data-testid="knowledge-field-keywords"
                  value={form.fields.keywords ?? ''}
                  onChange={(e) => setField('keywords', e.target.value)}
                />
              </label>
            </>
          )}
          {form.kind === 'template' && (
            <>
              <label>
                {t('knowledge.field.aim')}
                <select
                  data-testid="knowledge-field-aim"
                  value={form.fields.aim ?? 'answer'}
                  onChange={(e) => setField('aim', e.target.value)}
                >
                  {REPLY_AIMS.map((aim) => (
                    <option key={aim} value={aim}>
                      {t(`replies.aim.${aim}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('knowledge.field.intent')}
                <select
                  data-testid="knowledge-field-intent"
                  value={form.fields.intent ?? 'any'}
                  onChange={(e) => setField('intent', e.target.value)}
                >
                  {TEMPLATE_INTENTS.map((intent) => (
                    <option key={intent} value={intent}>
                      {t(`knowledge.intent.${intent}`)}
                    </option>
                  ))}
                </select>
              </label>
              <p className="hint">
                {t('knowledge.placeholdersHint', {
                  list: TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(' '),
                })}
              </p>
            </>
          )}
          <label>
            {form.kind === 'product'
              ? t('knowledge.field.bodyProduct')
              : form.kind === 'faq'
                ? t('knowledge.field.bodyFaq')
                : t('knowledge.field.bodyTemplate')}
            <textarea
              data-testid="knowledge-body"
              rows={form.kind === 'template' ? 12 : 4}
              style={{ width: '100%', boxSizing: 'border-box' }}
              value={form.body}
              onChange={(e) => setForm({ ...form, body: e.target.value })}
            />
          </label>
          <label>
            {t('knowledge.field.tags')}
            <input
              data-testid="knowledge-tags"
              value={form.tags}
              onChange={(e) => setForm({ ...form, tags: e.target.value })}
            />
          </label>
          <label>
            {t('knowledge.field.extra')}
            <textarea
              data-testid="knowledge-extra"
              rows={2}
              value={form.extra}
              onChange={(e) => setForm({ ...form, extra: e.target.value })}
            />
          </label>
          {formError && (
            <p role="alert" className="error" data-testid="knowledge-form-error">
              {formError}
            </p>
          )}
          <div className="actions">
            <button type="submit" data-testid="knowledge-save">
              {t('knowledge.save')}
            </button>{' '}
            <button
              type="button"
              onClick={() => {
                setForm(null);
                setFormError(null);
              }}
            >
              {t('knowledge.cancel')}
            </button>
          </div>
        </form>
      )}

      {items === undefined ? (
        <p className="loading">{t('knowledge.loading')}</p>
      ) : items.length === 0 ? (
        <div className="empty" data-testid="knowledge-empty">
          <p>{t('knowledge.empty')}</p>
          <button type="button" data-testid="knowledge-load-demo" onClick={() => void loadDemo()}>
            {t('knowledge.loadDemo')}
          </button>
        </div>
      ) : (
        <>
          <div className="actions" role="tablist">
            {(['all', ...KNOWLEDGE_KINDS] as const).map((kind) => (
              <button
                key={kind}
                type="button"
                role="tab"
                aria-selected={filter === kind}
                className={filter === kind ? 'tab active' : 'tab'}
                data-testid={`knowledge-filter-${kind}`}
                onClick={() => setFilter(kind)}
              >
                {kind === 'all' ? t('knowledge.filter.all') : t(`knowledge.kind.${kind}`)}
              </button>
            ))}{' '}
            <input
              type="search"
              aria-label={t('knowledge.search')}
              placeholder={t('knowledge.search')}
              data-testid="knowledge-search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />{' '}
            <span className="hint">{t('knowledge.count', { count: shown.length })}</span>
          </div>
          {shown.length === 0 ? (
            <p className="empty">{t('knowledge.noMatch')}</p>
          ) : (
            <ul className="plain">
              {shown.map((item) => (
                <li key={item.id} data-testid="knowledge-item" data-kind={item.kind}>
                  <span className="badge">{t(`knowledge.kind.${item.kind}`)}</span>{' '}
                  <strong>{item.title}</strong>{' '}
                  <span className="hint">
                    {item.language} {summary(item)}
                  </span>{' '}
                  <button type="button" data-testid="knowledge-edit" onClick={() => setForm(toForm(item))}>
                    {t('knowledge.edit')}
                  </button>{' '}
                  {confirming === item.id ? (
                    <>
                      <span role="alert">{t('knowledge.confirmDelete', { title: item.title })}</span>{' '}
                      <button
                        type="button"
                        data-testid="knowledge-delete-confirm"
                        onClick={() => void remove(item)}
                      >
                        {t('knowledge.delete')}
                      </button>{' '}
                      <button type="button" onClick={() => setConfirming(null)}>
                        {t('knowledge.cancel')}
                      </button>
                    </>
                  ) : (
                    <button
                      type="button"
                      data-testid="knowledge-delete"
                      onClick={() => setConfirming(item.id)}
                    >
                      {t('knowledge.delete')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
