import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import { webmailMatches } from './lib/webmail/hosts';
import { bundleReport } from './scripts/bundle/plugin';

// The fewest permissions that do the job: webmail hosts only; an LLM endpoint is
// asked for at run time (optional_host_permissions) when the rep sets one.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // The .msg reader's text decoder needs Node's Buffer: the browser's TextDecoder stands in (lib/anymail).
  vite: () => ({
    // `npm run bundle:report` lists what each bundle holds (scripts/bundle).
    plugins: [bundleReport()],
    // `BENCH_READABLE=1 npx wxt build`: names kept, so the bench's CPU profiles (--profile) name functions.
    ...(process.env.BENCH_READABLE ? { build: { minify: false } } : {}),
    resolve: {
      alias: { 'iconv-lite': fileURLToPath(new URL('./lib/anymail/iconv-lite-shim.ts', import.meta.url)) },
    },
  }),
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'unlimitedStorage', 'sidePanel', 'alarms', 'notifications', 'offscreen'],
    // The supported webmails, listed once in lib/webmail/hosts.ts.
    host_permissions: webmailMatches(),
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: '__MSG_extName__' },
  },
});
