import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import type { BuiltPrompt, ChatMessage } from './prompt';
import type { ReplyErrorCode, ReplyFact } from './messages';
import type { LlmSettings } from './settings-schema';

// The LLM path, for the background worker only: the openai client pointed at any
// OpenAI-compatible endpoint. Streams a draft, validates the structured output
// with the zod schema that defines it, and falls back to plain streamed text for
// servers without structured output. Every failure maps to one ReplyErrorCode.

/** What the model returns for one draft. */
export const DraftOutputSchema = z.object({
  text: z.string().min(1).max(20_000),
  usedFacts: z.array(z.string().max(20)).max(50),
});
export type DraftOutput = z.infer<typeof DraftOutputSchema>;

export interface LlmTimeouts {
  /** Until the response starts (headers and first token). */
  firstTokenMs: number;
  /** Longest silence between two chunks of a stream. */
  idleMs: number;
  /** The whole draft. */
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: LlmTimeouts = { firstTokenMs: 30_000, idleMs: 20_000, totalMs: 120_000 };

export class LlmError extends Error {
  constructor(
    readonly code: ReplyErrorCode,
    message: string = code,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

export function createLlmClient(settings: LlmSettings, fetchImpl?: typeof fetch): OpenAI {
  return new OpenAI({
    baseURL: settings.baseURL,
    // Local servers often need no key; the client insists on one.
    apiKey: settings.apiKey || 'no-key',
    maxRetries: 0,
    timeout: DEFAULT_TIMEOUTS.firstTokenMs,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

/** Maps anything the client or our own checks throw to a code the panel can explain. */
export function errorCode(error: unknown): ReplyErrorCode {
  if (error instanceof LlmError) return error.code;
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (error instanceof OpenAI.APIConnectionError) return 'network';
  if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError)
    return 'auth';
  if (error instanceof OpenAI.RateLimitError) return 'rate-limit';
  if (error instanceof OpenAI.NotFoundError) return 'not-found';
  if (error instanceof OpenAI.BadRequestError || error instanceof OpenAI.UnprocessableEntityError)
    return 'bad-request';
  if (error instanceof OpenAI.InternalServerError) return 'server';
  if (error instanceof OpenAI.APIError && typeof error.status === 'number')
    return error.status >= 500 ? 'server' : 'bad-request';
  if (error instanceof SyntaxError) return 'malformed';
  if (error instanceof TypeError) return 'network';
  return 'unknown';
}

/** An AbortController that fires on the caller's signal, on silence, or at the deadline. */
function watchdog(signal: AbortSignal | undefined, timeouts: LlmTimeouts) {
  const controller = new AbortController();
  let timedOut = false;
  const expire = () => {
    timedOut = true;
    controller.abort();
  };
  let idle = setTimeout(expire, timeouts.firstTokenMs);
  const total = setTimeout(expire, timeouts.totalMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    alive() {
      clearTimeout(idle);
      idle = setTimeout(expire, timeouts.idleMs);
    },
    stop() {
      clearTimeout(idle);
      clearTimeout(total);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Pulls the decoded value of the "text" field out of a JSON document that is
 * still arriving, so structured drafts stream like plain ones.
 */
export function partialJsonText(json: string, field = 'text'): string {
  const start = new RegExp(`"${field}"\\s*:\\s*"`).exec(json);
  if (!start) return '';
  let out = '';
  for (let i = start.index + start[0].length; i < json.length; i++) {
    const c = json[i]!;
    if (c === '"') break;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = json[i + 1];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = json.slice(i + 2, i + 6);
      if (hex.length < 4) break;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
      continue;
    }
    out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[next] ?? next;
    i += 1;
  }
  return out;
}

const stripFence = (text: string) =>
  text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/```\s*$/, '');

export interface StreamOptions {
  model: string;
  timeouts?: LlmTimeouts;
  signal?: AbortSignal;
  /** Called with each new piece of the draft's text. */
  onDelta(text: string): void;
  /** Whether to ask for structured output first (false once a server refused it). */
  structured?: boolean;
}

export interface StreamedDraft {
  text: string;
  /** Fact ids the model cited, or null when the server gave plain text. */
  usedFacts: string[] | null;
  structured: boolean;
}

async function streamOnce(
  client: OpenAI,
  messages: ChatMessage[],
  structured: boolean,
  options: StreamOptions,
): Promise<StreamedDraft> {
  const dog = watchdog(options.signal, options.timeouts ?? DEFAULT_TIMEOUTS);
  let content = '';
  let emitted = '';
  let mode: 'unknown' | 'json' | 'plain' = 'unknown';
  try {
    const stream = await client.chat.completions.create(
      {
        model: options.model,
        messages,
        stream: true,
        temperature: 0.4,
        ...(structured ? { response_format: zodResponseFormat(DraftOutputSchema, 'reply_draft') } : {}),
      },
      { signal: dog.signal },
    );
    for await (const chunk of stream) {
      dog.alive();
      content += chunk.choices[0]?.delta?.content ?? '';
      if (mode === 'unknown' && content.trim()) mode = /^\s*(\{|```)/.test(content) ? 'json' : 'plain';
      const visible =
        mode === 'json' ? partialJsonText(content) : mode === 'plain' ? content.trimStart() : '';
      if (visible.length > emitted.length && visible.startsWith(emitted)) {
        options.onDelta(visible.slice(emitted.length));
        emitted = visible;
      }
    }
    // The client ends an aborted stream quietly: say why it ended.
    if (dog.timedOut) throw new LlmError('timeout');
    if (options.signal?.aborted) throw new LlmError('unknown', 'cancelled');
  } catch (error) {
    if (dog.timedOut) throw new LlmError('timeout');
    throw error;
  } finally {
    dog.stop();
  }
  if (!content.trim()) throw new LlmError('malformed', 'empty answer');
  if (mode === 'plain') return { text: content.trim(), usedFacts: null, structured: false };
  let raw: unknown;
  try {
    raw = JSON.parse(stripFence(content));
  } catch {
    throw new LlmError('malformed', 'answer is not JSON');
  }
  const parsed = DraftOutputSchema.safeParse(raw);
  if (!parsed.success) throw new LlmError('malformed', 'answer does not match the draft schema');
  return { text: parsed.data.text.trim(), usedFacts: parsed.data.usedFacts, structured: true };
}

/**
 * Streams one draft. Asks for structured output first; a server that rejects
 * response_format (HTTP 400) gets the plain-text prompt once instead.
 */
export async function streamDraft(
  client: OpenAI,
  promptFor: (structured: boolean) => BuiltPrompt,
  options: StreamOptions,
): Promise<StreamedDraft & { prompt: BuiltPrompt }> {
  const structured = options.structured ?? true;
  const prompt = promptFor(structured);
  try {
    return { ...(await streamOnce(client, prompt.messages, structured, options)), prompt };
  } catch (error) {
    if (!structured || !(error instanceof OpenAI.BadRequestError)) throw error;
    const plain = promptFor(false);
    return { ...(await streamOnce(client, plain.messages, false, options)), prompt: plain };
  }
}

/** The facts a draft used: the ids the model cited, or for plain text the items whose facts appear in it. */
export function factsUsed(draft: StreamedDraft, catalogue: Map<string, ReplyFact>): ReplyFact[] {
  if (draft.usedFacts) {
    return [...new Set(draft.usedFacts.map((id) => id.replace(/[[\]\s]/g, '').toUpperCase()))].flatMap(
      (id) => {
        const fact = catalogue.get(id);
        return fact ? [fact] : [];
      },
    );
  }
  const text = draft.text.toLowerCase();
  return [...catalogue.values()].filter(
    (fact) =>
      fact.source === 'knowledge' &&
      text.includes(
        fact.title
          .replace(/\s*\(.*?\)\s*/g, ' ')
          .trim()
          .toLowerCase(),
      ),
  );
}

/** A one-shot completion (gloss, connection test), bounded by the same timeouts. */
export async function complete(
  client: OpenAI,
  model: string,
  messages: ChatMessage[],
  options: { maxTokens?: number; timeouts?: LlmTimeouts; signal?: AbortSignal } = {},
): Promise<string> {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const dog = watchdog(options.signal, timeouts);
  try {
    const completion = await client.chat.completions.create(
      { model, messages, temperature: 0.2, ...(options.maxTokens ? { max_tokens: options.maxTokens } : {}) },
      // The watchdog decides when to give up; the client's own timeout must not cut in first.
      { signal: dog.signal, timeout: timeouts.totalMs },
    );
    const content = completion.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new LlmError('malformed', 'no message in answer');
    // An empty answer is no gloss and no proof the model works.
    if (!content.trim()) throw new LlmError('malformed', 'empty answer');
    return content.trim();
  } catch (error) {
    if (dog.timedOut) throw new LlmError('timeout');
    throw error;
  } finally {
    dog.stop();
  }
}
