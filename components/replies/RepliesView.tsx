import { useEffect, useEffectEvent, useReducer, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { COMPOSE_FAILURES } from '@/lib/adapters/compose';
import type { Card } from '@/lib/enrich/card';
import { askReplies, openReplyRequest, type ConnectReplies } from '@/lib/replies/client';
import type { ReplyErrorCode, ReplyFact } from '@/lib/replies/messages';
import {
  currentText,
  initialRepliesState,
  redraftChoice,
  repliesReducer,
  type DraftView,
  type DraftsBasis,
  type SituationPart,
} from '@/lib/replies/view-state';
import { connectReplies } from './connect';

// Suggested replies for the open email: drafts stream in, each says which facts
// it used, the rep edits, then inserts or copies. Nothing is ever sent from here.

export interface InsertOutcome {
  ok: boolean;
  /** A code: the content script's (lib/adapters/compose.ts) or the background's (lib/background/service.ts insertDraft). */
  reason?: string;
}

/** Insert failures the panel can explain (i18n: replies.insertError.<code>); any other reason gets the general message. */
export const INSERT_FAILURES: ReadonlySet<string> = new Set([
  ...COMPOSE_FAILURES,
  'no-webmail-tab',
  'tab-unreachable',
  'bad-reply',
]);

export interface RepliesViewProps {
  card: Card;
  /** Puts text into the webmail's reply box as an editable draft. */
  onInsert(text: string): Promise<InsertOutcome>;
  /** The background connection; tests pass their own. */
  connect?: ConnectReplies;
}

type LanguageChoice = 'auto' | 'en' | 'zh-CN';

/**
 * How long a new message's drafts wait for the value of the company its card names. A book being
 * valued (at start, after an import) shows the card first and its value a moment later; drafts
 * written before it would greet a VIP like anyone and be written again under the rep's eyes.
 */
export const VALUE_GRACE_MS = 1500;

/** What the drafts are written from: the open message, the rep's choices, the card's situation. */
function draftsBasis(card: Card, language: LanguageChoice, round: number): DraftsBasis {
  const i = card.inquiry;
  return {
    message: [i.webmail, i.threadId, i.messageId, i.subject, i.from.email].join('|'),
    choice: `${language}|${round}`,
    situation: {
      language: card.language,
      company: card.company?.id ?? '',
      risk: card.risk?.level ?? '',
      value: `${card.value?.tier ?? ''}|${card.value?.task ?? ''}`,
    },
  };
}

export function RepliesView({ card, onInsert, connect = connectReplies }: RepliesViewProps) {
  const { t, i18n } = useTranslation();
  const [state, dispatch] = useReducer(repliesReducer, initialRepliesState);
  const [language, setLanguage] = useState<LanguageChoice>('auto');
  const [round, setRound] = useState(0);
  /** What changed on the card since the drafts the rep worked with were written. */
  const [changed, setChanged] = useState<SituationPart[]>([]);
  const written = useRef<DraftsBasis | null>(null);
  const closeRequest = useRef<(() => void) | null>(null);
  const basis = draftsBasis(card, language, round);
  const basisKey = JSON.stringify(basis);
  /** The message whose wait for its value is over. */
  const [waited, setWaited] = useState<string | null>(null);
  const valueComing = card.company !== null && card.value === null && waited !== basis.message;
  useEffect(() => {
    if (!valueComing) return;
    const message = basis.message;
    const timer = setTimeout(() => setWaited(message), VALUE_GRACE_MS);
    return () => clearTimeout(timer);
  }, [valueComing, basis.message]);

  const follow = useEffectEvent(() => {
    const choice = redraftChoice(written.current, basis, state, valueComing);
    if (choice.kind === 'wait') {
      closeRequest.current?.();
      closeRequest.current = null;
      written.current = null;
      setChanged([]);
      dispatch({ type: 'reset' });
      return;
    }
    if (choice.kind !== 'draft') {
      setChanged(choice.kind === 'offer' ? choice.changed : []);
      return;
    }
    written.current = basis;
    setChanged([]);
    closeRequest.current?.();
    dispatch({ type: 'reset' });
    closeRequest.current = openReplyRequest(
      connect,
      { type: 'drafts', card, ...(language === 'auto' ? {} : { language }) },
      (event) => dispatch({ type: 'event', event }),
      (finished) => dispatch({ type: 'closed', finished }),
    );
  });
  useEffect(() => follow(), [basisKey, valueComing]);
  useEffect(
    () => () => {
      closeRequest.current?.();
      closeRequest.current = null;
      written.current = null;
    },
    [],
  );
  const highRisk = changed.includes('risk') && card.risk?.level === 'high';

  return (
    <section className="replies" data-testid="replies" aria-busy={state.status !== 'ready'}>
      <header className="replies-head">
        <h3>{t('replies.title')}</h3>
        <label>
          {t('replies.language.label')}{' '}
          <select
            data-testid="reply-language"
            value={language}
            onChange={(e) => setLanguage(e.target.value as LanguageChoice)}
          >
            <option value="auto">{t('replies.language.auto')}</option>
            <option value="en">English</option>
            <option value="zh-CN">简体中文</option>
          </select>
        </label>{' '}
        <button
          type="button"
          data-testid="regenerate-drafts"
          disabled={state.status !== 'ready'}
          onClick={() => setRound((n) => n + 1)}
        >
          {t('replies.regenerate')}
        </button>
      </header>
      <p className="hint">{t('replies.neverSent')}</p>
      {changed.length > 0 && (
        <p role="status" className="notice" data-testid="drafts-outdated">
          {highRisk
            ? t('replies.outdated.highRisk')
            : t('replies.outdated.changed', {
                parts: new Intl.ListFormat(i18n.language).format(
                  changed.map((part) => t(`replies.outdated.part.${part}`)),
                ),
              })}{' '}
          <button type="button" data-testid="redraft-outdated" onClick={() => setRound((n) => n + 1)}>
            {t('replies.regenerate')}
          </button>
        </p>
      )}
      {state.error && (
        <p role="alert" className="notice" data-testid="reply-error">
          {state.fallback
            ? t('replies.fallbackNotice', { message: t(`replies.error.${state.error}`) })
            : t(`replies.error.${state.error}`)}
        </p>
      )}
      {state.status === 'loading' && state.drafts.length === 0 && (
        <p className="loading" data-testid="replies-loading">
          {t('replies.loading')}
        </p>
      )}
      {state.status === 'ready' && state.drafts.length === 0 && !state.error && (
        <p className="empty">{t('replies.empty')}</p>
      )}
      {state.drafts.map((draft) => (
        <DraftCard
          key={draft.id}
          draft={draft}
          connect={connect}
          endpointFailed={state.error !== null}
          onEdit={(text) => dispatch({ type: 'edit', id: draft.id, text })}
          onTouch={() => dispatch({ type: 'touch', id: draft.id })}
          onInsert={onInsert}
        />
      ))}
    </section>
  );
}

/** Card facts carry codes (vip, decline, high): shown in the rep's words. */
const CARD_PARAM_KEYS: Record<string, string> = {
  tier: 'value.tier',
  stage: 'value.stage',
  task: 'value.task',
  level: 'risk.level',
};

function factText(t: TFunction, fact: ReplyFact): string {
  if (fact.source === 'knowledge') return t(`replies.fact.knowledge.${fact.kind}`, { title: fact.title });
  const params =
    fact.source === 'card'
      ? Object.fromEntries(
          Object.entries(fact.params ?? {}).map(([name, value]) => [
            name,
            CARD_PARAM_KEYS[name]
              ? t(`${CARD_PARAM_KEYS[name]}.${value}`, { defaultValue: String(value) })
              : value,
          ]),
        )
      : fact.params;
  return t(`replies.fact.${fact.source}.${fact.key}`, { ...params, defaultValue: fact.key });
}

type Gloss =
  | { state: 'hidden' }
  | { state: 'loading' }
  /** `of`: the draft text the endpoint translated; absent for the template's own Chinese version. */
  | { state: 'shown'; text: string; of?: string }
  | { state: 'unavailable'; code: ReplyErrorCode };

function DraftCard({
  draft,
  connect,
  endpointFailed,
  onEdit,
  onTouch,
  onInsert,
}: {
  draft: DraftView;
  connect: ConnectReplies;
  /** The endpoint failed for this email, so template drafts here are its stand-ins. */
  endpointFailed: boolean;
  onEdit(text: string): void;
  /** The rep clicked into the draft, inserted or copied it: it is kept if the card changes. */
  onTouch(): void;
  onInsert(text: string): Promise<InsertOutcome>;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'busy'; text: string } | null>(null);
  const [gloss, setGloss] = useState<Gloss>({ state: 'hidden' });
  const text = currentText(draft);
  const chinese = draft.language.toLowerCase().startsWith('zh');

  const insert = async () => {
    onTouch();
    setStatus({ kind: 'busy', text: t('replies.inserting') });
    try {
      const result = await onInsert(text);
      setStatus(
        result.ok
          ? { kind: 'ok', text: t('replies.inserted') }
          : {
              kind: 'error',
              text:
                result.reason && INSERT_FAILURES.has(result.reason)
                  ? t('replies.insertFailed', { reason: t(`replies.insertError.${result.reason}`) })
                  : t('replies.insertFailedUnknown'),
            },
      );
    } catch {
      setStatus({ kind: 'error', text: t('replies.insertFailedUnknown') });
    }
  };

  const copy = async () => {
    onTouch();
    try {
      await navigator.clipboard.writeText(text);
      setStatus({ kind: 'ok', text: t('replies.copied') });
    } catch {
      setStatus({ kind: 'error', text: t('replies.copyFailed') });
    }
  };

  const askGloss = async () => {
    const templateVersion = draft.source === 'template' ? draft.templateGloss : undefined;
    // The endpoint just failed for this email: the template's own Chinese version now, not another wait.
    if (templateVersion && endpointFailed) {
      setGloss({ state: 'shown', text: templateVersion });
      return;
    }
    setGloss({ state: 'loading' });
    const asked = text;
    const answer = await askReplies(connect, { type: 'gloss', text: asked });
    if (answer.type === 'gloss') setGloss({ state: 'shown', text: answer.text, of: asked });
    else if (templateVersion) setGloss({ state: 'shown', text: templateVersion });
    else setGloss({ state: 'unavailable', code: answer.type === 'gloss-error' ? answer.code : 'unknown' });
  };

  const toggleGloss = async () => {
    if (gloss.state !== 'hidden') setGloss({ state: 'hidden' });
    else await askGloss();
  };
  /** The rep edited the draft after it was translated: the gloss no longer says what the draft says. */
  const glossStale = gloss.state === 'shown' && gloss.of !== undefined && gloss.of !== text;

  return (
    <article
      className="reply-draft"
      data-testid="reply-draft"
      data-aim={draft.aim}
      data-source={draft.source}
    >
      <h4>
        {t(`replies.aim.${draft.aim}`)}{' '}
        <span className="badge" data-testid="draft-source">
          {t(`replies.source.${draft.source}`)}
        </span>
        {draft.streaming && (
          <span className="hint" data-testid="draft-streaming">
            {' '}
            {t('replies.streaming')}
          </span>
        )}
      </h4>
      {draft.languageFallback && <p className="hint">{t('replies.languageFallback')}</p>}
      <label className="plain">
        <span className="hint">{t('replies.textLabel')}</span>
        <textarea
          data-testid="reply-text"
          value={text}
          readOnly={draft.streaming}
          rows={Math.min(18, Math.max(6, text.split('\n').length + 1))}
          style={{ width: '100%', boxSizing: 'border-box', fontFamily: 'inherit' }}
          lang={draft.language}
          onChange={(e) => onEdit(e.target.value)}
          onFocus={onTouch}
        />
      </label>
      <details data-testid="reply-facts">
        <summary>
          {t('replies.facts.title')} ({draft.facts.length})
        </summary>
        {draft.facts.length ? (
          <ul>
            {draft.facts.map((fact, index) => (
              <li key={index} data-testid="reply-fact">
                {factText(t, fact)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">{t('replies.facts.none')}</p>
        )}
      </details>
      <div className="actions">
        <button
          type="button"
          data-testid="insert-draft"
          disabled={draft.streaming || !text.trim() || status?.kind === 'busy'}
          onClick={() => void insert()}
        >
          {t('replies.insert')}
        </button>{' '}
        <button
          type="button"
          data-testid="copy-draft"
          disabled={draft.streaming || !text.trim()}
          onClick={() => void copy()}
        >
          {t('replies.copy')}
        </button>{' '}
        {!chinese && (
          <button
            type="button"
            data-testid="gloss-toggle"
            aria-expanded={gloss.state !== 'hidden'}
            disabled={draft.streaming || gloss.state === 'loading'}
            onClick={() => void toggleGloss()}
          >
            {gloss.state === 'hidden' ? t('replies.gloss.show') : t('replies.gloss.hide')}
          </button>
        )}
      </div>
      {status && (
        <p role="status" className={status.kind === 'error' ? 'error' : 'hint'} data-testid="draft-status">
          {status.text}
        </p>
      )}
      {gloss.state === 'loading' && <p className="loading">{t('replies.gloss.loading')}</p>}
      {gloss.state === 'shown' && (
        <div className="gloss" data-testid="draft-gloss" data-stale={glossStale} lang="zh-CN">
          <p className="hint">
            {gloss.of === undefined ? t('replies.gloss.templateVersion') : t('replies.gloss.title')}
          </p>
          {glossStale && (
            <p className="notice" data-testid="draft-gloss-stale">
              {t('replies.gloss.stale')}{' '}
              <button type="button" data-testid="gloss-refresh" onClick={() => void askGloss()}>
                {t('replies.gloss.refresh')}
              </button>
            </p>
          )}
          <p style={{ whiteSpace: 'pre-wrap', ...(glossStale ? { opacity: 0.6 } : {}) }}>{gloss.text}</p>
        </div>
      )}
      {gloss.state === 'unavailable' && (
        <p className="notice" data-testid="draft-gloss-unavailable">
          {gloss.code === 'not-configured'
            ? t('replies.gloss.offline')
            : t('replies.gloss.failed', { message: t(`replies.error.${gloss.code}`) })}
        </p>
      )}
    </article>
  );
}
