import { describe, expect, it } from 'vitest';
import type { ReplyDraft, ReplyEvent } from './messages';
import { currentText, initialRepliesState, repliesReducer, type RepliesState } from './view-state';

const draft = (aim: ReplyDraft['aim'], source: ReplyDraft['source'], text: string): ReplyDraft => ({
  id: aim,
  aim,
  language: 'en',
  languageFallback: false,
  text,
  facts: [],
  source,
});
const play = (events: ReplyEvent[], state: RepliesState = initialRepliesState) =>
  events.reduce((s, event) => repliesReducer(s, { type: 'event', event }), state);

describe('replies view state', () => {
  it('builds streamed text, then replaces it with the finished draft', () => {
    const s = play([
      { type: 'draft-start', draftId: 'answer', aim: 'answer', language: 'en', source: 'llm' },
      { type: 'delta', draftId: 'answer', text: 'Dear ' },
      { type: 'delta', draftId: 'answer', text: 'Anna' },
    ]);
    expect(s.drafts[0]).toMatchObject({ text: 'Dear Anna', streaming: true });
    const done = play([{ type: 'draft-done', draft: draft('answer', 'llm', 'Dear Anna,') }], s);
    expect(done.drafts[0]).toMatchObject({ text: 'Dear Anna,', streaming: false });
  });

  it('on an endpoint error keeps finished AI drafts and swaps the half-written one for a template', () => {
    const s = play([
      { type: 'draft-done', draft: draft('answer', 'llm', 'AI answer') },
      { type: 'draft-start', draftId: 'advance', aim: 'advance', language: 'en', source: 'llm' },
      { type: 'delta', draftId: 'advance', text: 'half' },
      { type: 'error', code: 'timeout', fallback: [draft('advance', 'template', 'Template advance')] },
      { type: 'done' },
    ]);
    expect(s.drafts.map((d) => [d.aim, d.source, d.text])).toEqual([
      ['answer', 'llm', 'AI answer'],
      ['advance', 'template', 'Template advance'],
    ]);
    expect(s).toMatchObject({ status: 'ready', error: 'timeout', fallback: true });
  });

  it('keeps the rep’s edit as the text to insert, and reports a port that closed early', () => {
    let s = play([{ type: 'draft-done', draft: draft('answer', 'template', 'Original') }]);
    s = repliesReducer(s, { type: 'edit', id: 'answer', text: 'Edited' });
    expect(currentText(s.drafts[0]!)).toBe('Edited');
    s = repliesReducer(s, { type: 'closed', finished: false });
    expect(s).toMatchObject({ status: 'ready', error: 'network' });
  });
});
