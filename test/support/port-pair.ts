import type { ClientPort, ConnectReplies } from '../../lib/replies/client';
import type { ReplyPort } from '../../lib/replies/port';

// Joins the page end and the background end of a runtime Port in memory, for
// tests: messages are structured-cloned (via JSON) and delivered asynchronously,
// like Chrome does, and the background sees the sender URL the test chooses.

export function portPair(senderUrl: string, serve: (port: ReplyPort) => void): ConnectReplies {
  type Fn = (message: unknown) => void;
  const make = () => ({ message: new Set<Fn>(), disconnect: new Set<() => void>() });
  return (name: string): ClientPort => {
    const page = make();
    const bg = make();
    let connected = true;
    const end = (self: ReturnType<typeof make>, other: ReturnType<typeof make>) => ({
      postMessage: (message: unknown) => {
        if (!connected) throw new Error('Attempting to use a disconnected port object');
        const copy = JSON.parse(JSON.stringify(message)) as unknown;
        queueMicrotask(() => other.message.forEach((fn) => fn(copy)));
      },
      disconnect: () => {
        if (!connected) return;
        connected = false;
        queueMicrotask(() => other.disconnect.forEach((fn) => fn()));
      },
      onMessage: {
        addListener: (fn: Fn) => self.message.add(fn),
        removeListener: (fn: Fn) => self.message.delete(fn),
      },
      onDisconnect: {
        addListener: (fn: () => void) => self.disconnect.add(fn),
        removeListener: (fn: () => void) => self.disconnect.delete(fn),
      },
    });
    serve({ ...end(bg, page), name, sender: { id: 'abc', url: senderUrl } });
    return end(page, bg);
  };
}
