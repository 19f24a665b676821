// @vitest-environment happy-dom
import { createElement, useEffect, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { render, waitFor } from '../support/render';

// The component tests' shared harness: a tree that crashes fails the wait with its own error,
// rather than as a "still false" timeout.

function CrashesAfterLoading() {
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setLoaded(true), 20);
    return () => clearTimeout(timer);
  }, []);
  if (loaded) throw new Error('the book could not be read');
  return createElement('p', { 'data-testid': 'loading' }, 'Loading');
}

describe('render and waitFor', () => {
  it('waits for what the rep would see, and stops at a render error with that error', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const view = render(createElement(CrashesAfterLoading));
    expect(view.q('loading')?.textContent).toBe('Loading');
    await expect(waitFor(() => view.q('ready') !== null)).rejects.toThrow('the book could not be read');
    quiet.mockRestore();
  });

  it('fails naming the check when it never holds', async () => {
    const view = render(createElement('p', null, 'Hello'));
    await expect(waitFor(() => view.q('never') !== null, { tries: 3 })).rejects.toThrow(
      /still false after 3 tries/,
    );
  });
});
