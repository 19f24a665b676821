import type { ReplyDraft, ReplyErrorCode, ReplyEvent } from './messages';

// What the replies view shows, as a reducer over the background's events plus the
// rep's edits, so the screen logic is tested without a browser.

export interface DraftView extends ReplyDraft {
  /** Text still arriving from the endpoint. */
  streaming: boolean;
  /** The rep's edited text; the draft's own text until they type. */
  edited: string | null;
  /** The rep has worked with this draft (clicked into it, edited, inserted or copied it): it is never replaced unasked. */
  touched: boolean;
}

export interface RepliesState {
  status: 'loading' | 'streaming' | 'ready';
  drafts: DraftView[];
  /** Why the endpoint did not deliver (the drafts then come from templates). */
  error: ReplyErrorCode | null;
  /** Some drafts are template stand-ins for LLM ones. */
  fallback: boolean;
}

export type RepliesAction =
  | { type: 'reset' }
  | { type: 'event'; event: ReplyEvent }
  | { type: 'edit'; id: string; text: string }
  /** The rep clicked into a draft, inserted or copied it. */
  | { type: 'touch'; id: string }
  /** The port closed; `finished` is false when it closed before 'done'. */
  | { type: 'closed'; finished: boolean };

export const initialRepliesState: RepliesState = {
  status: 'loading',
  drafts: [],
  error: null,
  fallback: false,
};

const finalView = (draft: ReplyDraft): DraftView => ({
  ...draft,
  streaming: false,
  edited: null,
  touched: false,
});

function upsert(drafts: DraftView[], view: DraftView): DraftView[] {
  const index = drafts.findIndex((d) => d.id === view.id);
  if (index === -1) return [...drafts, view];
  return drafts.map((d, i) => (i === index ? view : d));
}

export function repliesReducer(state: RepliesState, action: RepliesAction): RepliesState {
  switch (action.type) {
    case 'reset':
      return initialRepliesState;
    case 'edit':
      return {
        ...state,
        drafts: state.drafts.map((d) =>
          d.id === action.id ? { ...d, edited: action.text, touched: true } : d,
        ),
      };
    case 'touch':
      return state.drafts.some((d) => d.id === action.id && !d.touched)
        ? { ...state, drafts: state.drafts.map((d) => (d.id === action.id ? { ...d, touched: true } : d)) }
        : state;
    case 'closed':
      if (state.status === 'ready' || action.finished) return { ...state, status: 'ready' };
      return { ...state, status: 'ready', error: state.error ?? 'network' };
    case 'event':
      return onEvent(state, action.event);
  }
}

function onEvent(state: RepliesState, event: ReplyEvent): RepliesState {
  switch (event.type) {
    case 'draft-start':
      return {
        ...state,
        status: 'streaming',
        drafts: upsert(state.drafts, {
          id: event.draftId,
          aim: event.aim,
          language: event.language,
          languageFallback: false,
          text: '',
          facts: [],
          source: event.source,
          streaming: true,
          edited: null,
          touched: false,
        }),
      };
    case 'delta':
      return {
        ...state,
        drafts: state.drafts.map((d) => (d.id === event.draftId ? { ...d, text: d.text + event.text } : d)),
      };
    case 'draft-done': {
      const before = state.drafts.find((d) => d.id === event.draft.id);
      const view = finalView(event.draft);
      return { ...state, drafts: upsert(state.drafts, before?.touched ? { ...view, touched: true } : view) };
    }
    case 'error': {
      let drafts = state.drafts.filter((d) => !d.streaming || event.fallback.some((f) => f.id === d.id));
      for (const draft of event.fallback) {
        const current = drafts.find((d) => d.id === draft.id);
        if (!current || current.streaming) drafts = upsert(drafts, finalView(draft));
      }
      return { ...state, drafts, error: event.code, fallback: event.fallback.length > 0 };
    }
    case 'done':
      return { ...state, status: 'ready', drafts: state.drafts.map((d) => ({ ...d, streaming: false })) };
    default:
      return state;
  }
}

/** The text a button acts on: the rep's edit, else the draft. */
export const currentText = (draft: DraftView): string => draft.edited ?? draft.text;

/**
 * What the drafts were written from. The message and the rep's choices (reply language, a redraft
 * asked for) always make new drafts; the card's situation (its company, risk level, value) can
 * change under drafts already shown: when the origin arrives after the page, a valuation lands, or
 * the rep creates the contact.
 */
export interface DraftsBasis {
  /** The open message: webmail, thread, message, subject and sender. */
  message: string;
  /** The reply language chosen and how many redrafts were asked for. */
  choice: string;
  situation: Situation;
}

export interface Situation {
  language: string;
  company: string;
  risk: string;
  value: string;
}
export type SituationPart = keyof Situation;

export type RedraftChoice =
  /** Write drafts for the new basis, dropping what is shown. */
  | { kind: 'draft' }
  /** A new message whose card is still to get its value: show that drafts are coming, write none yet. */
  | { kind: 'wait' }
  /** Nothing the drafts are written from changed. */
  | { kind: 'keep' }
  /** The card changed under drafts the rep has worked with: keep them and say what changed. */
  | { kind: 'offer'; changed: SituationPart[] };

/**
 * Whether the drafts on screen follow a new card. Untouched drafts follow it (a high-risk rating
 * that arrives with the headers must put the verification request first), but a draft the rep has
 * clicked into, edited, inserted or copied is never replaced unasked: the rep is offered a redraft.
 */
export function redraftChoice(
  written: DraftsBasis | null,
  next: DraftsBasis,
  state: RepliesState,
  /**
   * The card names a company whose value is still being computed (the panel gives it a moment):
   * drafts written now would be written again a second later, or kept in the wrong tone.
   */
  valueComing = false,
): RedraftChoice {
  if (!written || written.message !== next.message || written.choice !== next.choice)
    return valueComing && written?.message !== next.message ? { kind: 'wait' } : { kind: 'draft' };
  const changed = (Object.keys(next.situation) as SituationPart[]).filter(
    (part) => written.situation[part] !== next.situation[part],
  );
  if (!changed.length) return { kind: 'keep' };
  return state.drafts.some((d) => d.touched) ? { kind: 'offer', changed } : { kind: 'draft' };
}
