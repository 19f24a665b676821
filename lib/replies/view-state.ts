import type { ReplyDraft, ReplyErrorCode, ReplyEvent } from './messages';

// What the replies view shows, as a reducer over the background's events plus the
// rep's edits, so the screen logic is tested without a browser.

export interface DraftView extends ReplyDraft {
  /** Text still arriving from the endpoint. */
  streaming: boolean;
  /** The rep's edited text; the draft's own text until they type. */
  edited: string | null;
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
  /** The port closed; `finished` is false when it closed before 'done'. */
  | { type: 'closed'; finished: boolean };

export const initialRepliesState: RepliesState = {
  status: 'loading',
  drafts: [],
  error: null,
  fallback: false,
};

const finalView = (draft: ReplyDraft): DraftView => ({ ...draft, streaming: false, edited: null });

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
        drafts: state.drafts.map((d) => (d.id === action.id ? { ...d, edited: action.text } : d)),
      };
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
        }),
      };
    case 'delta':
      return {
        ...state,
        drafts: state.drafts.map((d) => (d.id === event.draftId ? { ...d, text: d.text + event.text } : d)),
      };
    case 'draft-done':
      return { ...state, drafts: upsert(state.drafts, finalView(event.draft)) };
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
