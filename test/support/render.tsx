// The component tests' harness: mount in the rep's language, find by test id, act as the rep, wait.
import { act, type ReactNode } from 'react';
import { createRoot, type RootOptions } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach } from 'vitest';
import { createI18n, type UiLanguage } from '@/lib/i18n';

// Tells React these renders run inside act(), so it flushes updates and warns about stray ones.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface RenderOptions extends RootOptions {
  lang?: UiLanguage;
}

export interface Rendered {
  /** The element appended to document.body that the tree renders into. */
  host: HTMLElement;
  q<T extends Element = HTMLElement>(testId: string): T | null;
  qa<T extends Element = HTMLElement>(testId: string): T[];
  click(target: string | HTMLElement): void;
  /** Sets an input's, textarea's or select's value the way React hears it, and fires input (change for a select). */
  type(target: string | Element, value: string): void;
  /** Renders a new element into the same root, in the language given or the one it had. */
  rerender(element: ReactNode, options?: { lang?: UiLanguage }): void;
  unmount(): void;
}

const mounted = new Set<Rendered>();
/** Errors a mounted tree threw and no error boundary caught: waitFor stops at the first. */
const uncaught: unknown[] = [];

/** Mounts `element` inside I18nextProvider; it is unmounted after the test unless the test does it first. */
export function render(element: ReactNode, { lang = 'en', ...rootOptions }: RenderOptions = {}): Rendered {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host, {
    ...rootOptions,
    onUncaughtError: (error, info) => {
      uncaught.push(error);
      rootOptions.onUncaughtError?.(error, info);
    },
  });
  let language = lang;
  const show = (node: ReactNode) =>
    act(() => root.render(<I18nextProvider i18n={createI18n(language)}>{node}</I18nextProvider>));

  const q = <T extends Element = HTMLElement>(testId: string) =>
    host.querySelector<T>(`[data-testid="${testId}"]`);
  const find = <T extends Element>(target: string | T): T => {
    const el = typeof target === 'string' ? q<T>(target) : target;
    if (!el) throw new Error(`No element with data-testid="${String(target)}"`);
    return el;
  };
  const rendered: Rendered = {
    host,
    q,
    qa: <T extends Element = HTMLElement>(testId: string) => [
      ...host.querySelectorAll<T>(`[data-testid="${testId}"]`),
    ],
    click: (target) => act(() => find(target).click()),
    type: (target, value) => {
      const el = find(target);
      const proto =
        el instanceof HTMLSelectElement
          ? HTMLSelectElement.prototype
          : el instanceof HTMLTextAreaElement
            ? HTMLTextAreaElement.prototype
            : HTMLInputElement.prototype;
      act(() => {
        Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
        el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
      });
    },
    rerender: (node, options) => {
      language = options?.lang ?? language;
      show(node);
    },
    unmount: () => {
      if (!mounted.delete(rendered)) return;
      act(() => root.unmount());
      host.remove();
    },
  };
  mounted.add(rendered);
  show(element);
  return rendered;
}

/**
 * Unmounts every tree still mounted. It runs after each test, but vitest runs a test file's own
 * afterEach before this module's: a file whose teardown clears or closes what the mounted tree
 * reads (the book, a server, mocks, fake timers) calls this first, so the tree goes before what it reads.
 */
export function cleanup(): void {
  for (const rendered of [...mounted]) rendered.unmount();
  uncaught.length = 0;
}
afterEach(cleanup);

/** Lets the promises and effects a render or click started land, inside act. */
export async function settle(): Promise<void> {
  await act(async () => {});
}

/**
 * Polls `check` every 10 ms inside act until it holds, and fails naming the check if it never does.
 * A render error no error boundary caught stops the wait and fails the test as itself, not as a
 * timeout. The default is the longest wait any component test needed (a book import of several
 * megabytes).
 */
export async function waitFor(check: () => boolean, { tries = 1000 } = {}): Promise<void> {
  for (let i = 0; i < tries && !check() && !uncaught.length; i++)
    await act(() => new Promise((r) => setTimeout(r, 10)));
  if (uncaught.length) throw uncaught[0] instanceof Error ? uncaught[0] : new Error(String(uncaught[0]));
  if (!check()) throw new Error(`waitFor: still false after ${tries} tries of 10 ms: ${String(check)}`);
}
