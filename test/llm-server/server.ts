import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// A real OpenAI-compatible HTTP server for tests: POST /v1/chat/completions
// (streaming SSE and plain JSON) and GET /v1/models, on 127.0.0.1 with a random
// port. A test picks how it misbehaves (mode), and reads what it was sent
// (requests). It closes itself after `lifetimeMs` so a forgotten server never
// keeps the test run alive.

export type LlmServerMode =
  /** Answers: JSON {text, usedFacts} when the request asks for response_format, plain text otherwise. */
  | 'ok'
  /** Answers in plain text even when asked for structured output. */
  | 'plain'
  /** Rejects response_format with HTTP 400, like servers without structured output. */
  | 'no-structured'
  /** Like 'ok' but waits `slowChunkMs` before each chunk (a one-shot answer: before answering). */
  | 'slow'
  /** Content that is not valid JSON for a structured request; empty content for any other. */
  | 'malformed'
  /** A stream whose data lines are not JSON at all; a one-shot answer whose body is not JSON. */
  | 'bad-sse'
  /** Never answers (no status line). */
  | 'hang'
  /** Sends the stream headers and one chunk (a one-shot answer: headers and half the body), then goes silent. */
  | 'hang-after-start'
  | '401'
  | '429'
  | '500';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (undefined for GET). */
  body: ChatBody | undefined;
}

export interface ChatBody {
  model?: string;
  stream?: boolean;
  messages?: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown } };
  max_tokens?: number;
  [key: string]: unknown;
}

export interface LlmServerOptions {
  mode?: LlmServerMode;
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get 401. */
  apiKey?: string;
  /** The reply text; a function sees the request. */
  reply?: string | ((request: RecordedRequest) => string);
  /** The fact ids a structured answer cites. */
  usedFacts?: string[] | ((request: RecordedRequest) => string[]);
  /** Characters per streamed chunk. */
  chunkChars?: number;
  slowChunkMs?: number;
  lifetimeMs?: number;
}

export interface LlmServer {
  /** e.g. http://127.0.0.1:41234/v1: what the openai client takes as baseURL. */
  baseURL: string;
  requests: RecordedRequest[];
  mode: LlmServerMode;
  options: LlmServerOptions;
  /** Chat requests only. */
  chatRequests(): RecordedRequest[];
  close(): Promise<void>;
}

const DEFAULT_REPLY = 'Dear customer,\n\nThank you for your inquiry. Our MOQ is 300 pcs.\n\nBest regards,';

function completionId() {
  return `chatcmpl-${Math.random().toString(36).slice(2, 12)}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendError(res: ServerResponse, status: number, message: string, type: string, code: string | null) {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(status === 429 ? { 'retry-after': '20' } : {}),
  });
  res.end(JSON.stringify({ error: { message, type, param: null, code } }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startLlmServer(options: LlmServerOptions = {}): Promise<LlmServer> {
  const sockets = new Set<Socket>();
  const requests: RecordedRequest[] = [];
  let closed = false;

  const state: LlmServer = {
    baseURL: '',
    requests,
    mode: options.mode ?? 'ok',
    options,
    chatRequests: () => requests.filter((r) => r.path.endsWith('/chat/completions')),
    close,
  };

  const content = (recorded: RecordedRequest): string => {
    const reply =
      typeof options.reply === 'function' ? options.reply(recorded) : (options.reply ?? DEFAULT_REPLY);
    const structured = recorded.body?.response_format?.type === 'json_schema';
    if (state.mode === 'malformed') return structured ? '{"text": "Dear Anna, thank you' : '';
    if (!structured || state.mode === 'plain') return reply;
    const usedFacts =
      typeof options.usedFacts === 'function' ? options.usedFacts(recorded) : (options.usedFacts ?? ['K1']);
    return JSON.stringify({ text: reply, usedFacts });
  };

  async function chat(req: IncomingMessage, res: ServerResponse, recorded: RecordedRequest) {
    const body = recorded.body ?? {};
    const mode = state.mode;
    if (mode === 'hang') return; // the socket stays open until the client gives up or we close
    if (mode === '401')
      return sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    if (mode === '429') return sendError(res, 429, 'Rate limit reached.', 'requests', 'rate_limit_exceeded');
    if (mode === '500') return sendError(res, 500, 'The server had an error.', 'server_error', null);
    if (mode === 'no-structured' && body.response_format) {
      return sendError(
        res,
        400,
        "'response_format' is not supported by this model",
        'invalid_request_error',
        null,
      );
    }
    if (!body.model)
      return sendError(res, 400, 'you must provide a model parameter', 'invalid_request_error', null);
    const text = content(recorded);
    const id = completionId();
    const created = Math.floor(Date.now() / 1000);

    if (!body.stream) {
      const answer = JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      });
      if (mode === 'slow') await sleep(options.slowChunkMs ?? 50);
      if (closed || res.destroyed) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      if (mode === 'bad-sse') return void res.end('{"id": "chatcmpl-1", "choices": [{this is not json');
      if (mode === 'hang-after-start') return void res.write(answer.slice(0, answer.length / 2));
      res.end(answer);
      return;
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const frame = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created,
        model: body.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      })}\n\n`;
    if (mode === 'bad-sse') {
      res.write('data: {this is not json\n\n');
      res.end();
      return;
    }
    res.write(frame({ role: 'assistant', content: '' }));
    const size = options.chunkChars ?? 12;
    const pieces = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
    for (const [index, piece] of pieces.entries()) {
      if (closed || res.destroyed) return;
      if (mode === 'slow') await sleep(options.slowChunkMs ?? 50);
      res.write(frame({ content: piece }));
      if (mode === 'hang-after-start' && index === 0) return; // silence, socket left open
    }
    res.write(frame({}, 'stop'));
    res.write('data: [DONE]\n\n');
    res.end();
  }

  const server = createServer((req, res) => {
    // Like local servers (Ollama, LM Studio), allow cross-origin calls from pages under test.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    void (async () => {
      const raw = await readBody(req);
      let body: ChatBody | undefined;
      try {
        body = raw ? (JSON.parse(raw) as ChatBody) : undefined;
      } catch {
        return sendError(res, 400, 'Invalid JSON body', 'invalid_request_error', null);
      }
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
      };
      requests.push(recorded);
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      }
      if (req.method === 'GET' && req.url?.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ object: 'list', data: [{ id: 'test-model', object: 'model', owned_by: 'test' }] }),
        );
        return;
      }
      if (req.method === 'POST' && req.url?.endsWith('/chat/completions')) return chat(req, res, recorded);
      sendError(res, 404, `Unknown path ${req.url}`, 'invalid_request_error', null);
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseURL = `http://127.0.0.1:${port}/v1`;

  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 60_000);
  lifetime.unref();

  function close(): Promise<void> {
    if (closed) return Promise.resolve();
    closed = true;
    clearTimeout(lifetime);
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  return state;
}
