import { describe, expect, it } from 'vitest';
import type { ReplyDraft, ReplyEvent } from './messages';
import {
  currentText,
  initialRepliesState,
  redraftChoice,
  repliesReducer,
  type DraftsBasis,
  type RepliesState,
} from './view-state';

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

  describe('whether drafts follow a new card', () => {
    const basis = (
      situation: Partial<DraftsBasis['situation']> = {},
      message = 'gmail|t1|m1',
    ): DraftsBasis => ({
      message,
      choice: 'auto|0',
      situation: { language: 'en', company: 'c1', risk: 'low', value: '|', ...situation },
    });
    const shown = play([
      { type: 'draft-done', draft: draft('answer', 'template', 'A') },
      { type: 'draft-done', draft: draft('advance', 'template', 'B') },
      { type: 'done' },
    ]);
    const touched = repliesReducer(shown, { type: 'touch', id: 'advance' });

    it('drafts afresh for a first card, another message or a rep choice', () => {
      expect(redraftChoice(null, basis(), shown)).toEqual({ kind: 'draft' });
      expect(redraftChoice(basis(), basis({}, 'gmail|t1|m2'), touched)).toEqual({ kind: 'draft' });
      expect(redraftChoice(basis(), { ...basis(), choice: 'auto|1' }, touched)).toEqual({ kind: 'draft' });
    });

    it('follows the card while no draft was touched, and offers instead once one was', () => {
      const later = basis({ risk: 'high', value: 'vip|retain' });
      expect(redraftChoice(basis(), basis(), touched)).toEqual({ kind: 'keep' });
      expect(redraftChoice(basis(), later, shown)).toEqual({ kind: 'draft' });
      expect(redraftChoice(basis(), later, touched)).toEqual({ kind: 'offer', changed: ['risk', 'value'] });
    });

    it('counts an edit as a touch, and a touch outlives the draft being finished again', () => {
      const edited = repliesReducer(shown, { type: 'edit', id: 'answer', text: 'mine' });
      expect(redraftChoice(basis(), basis({ company: 'c2' }), edited)).toEqual({
        kind: 'offer',
        changed: ['company'],
      });
      const streaming = play([
        { type: 'draft-start', draftId: 'answer', aim: 'answer', language: 'en', source: 'llm' },
      ]);
      const refinished = play(
        [{ type: 'draft-done', draft: draft('answer', 'llm', 'AI') }],
        repliesReducer(streaming, { type: 'touch', id: 'answer' }),
      );
      expect(refinished.drafts[0]!.touched).toBe(true);
    });
  });
});
