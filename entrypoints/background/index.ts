import { Dexie } from 'dexie';
import { browser } from 'wxt/browser';
import { DB_NAME } from '@/lib/db/db';
import { openBook } from '@/lib/open-book';
import { FEED_TABLE } from '@/lib/db/feed';
import { createBackgroundService } from '@/lib/background/service';
import { registerPagePort } from '@/lib/background/page-port';
import { registerPanelPorts } from '@/lib/background/panel-port';
import { createHeaderCache } from '@/lib/background/header-cache';
import { createForeground } from '@/lib/background/foreground';
import { once, realEnrichers } from '@/lib/background/enrichers';
import { BookIndex } from '@/lib/enrich/facts';
import { IPDB_FILE, loadIpDatabase } from '@/lib/origin/ipdb';
import { registerReplyPort } from '@/lib/replies/port';
import { createValueScheduler } from '@/lib/value/scheduler';
import { valueCacheReady } from '@/lib/value/recompute';
import { valuationWorker, valueBookIn } from '@/lib/value/remote';
import { reminderText } from '@/lib/reminders/text';
import { createI18n, pickLanguage } from '@/lib/i18n';
import { getPreferences, getPrivacy, notifiedRemindersItem, privacyItem } from '@/lib/storage';
import { keptSetting } from '@/lib/background/kept-setting';
import { quietReason } from '@/lib/privacy/neverLog';
import { requestPersistentStorageOnStart } from '@/lib/handover/durability';
import { createTeamSync } from '@/lib/sync/background';
import { isTeamMessage } from '@/lib/sync/messages';
import { readSession, teamSessionItem } from '@/lib/sync/session';
import { createTeamRules } from '@/lib/team/background';
import { isRulesMessage } from '@/lib/team/messages';

/** Tiers are ranks across the whole book: rank everyone again once a day, off the panel's thread. */
const VALUE_RECOMPUTE_ALARM = 'value-recompute';

export default defineBackground(() => {
  // The database with every room's reaction to writes (day rows, team outbox), before any read.
  const db = openBook();
  // The offline IP database ships with the extension and is read once, never from the network.
  const ipdb = once(async () =>
    loadIpDatabase(await (await fetch(browser.runtime.getURL(`/${IPDB_FILE}`))).arrayBuffer()),
  );
  // Every value recompute runs here, off the pages' threads: pages write, the change feed says what.
  // A whole-book valuation may move the open card's tier: the card is read again after one.
  // The card the rep opened goes first: the valuation stops at its next slice while one is built.
  // The whole-book valuation runs on its own thread (an offscreen document's worker) where the
  // browser has offscreen documents: its arithmetic and garbage never hold this worker's thread,
  // and it pauses while a card is built.
  const valuer = valuationWorker(browser);
  const foreground = createForeground((busy) => valuer?.hold(busy));
  const values = createValueScheduler(db, {
    onWholeBook: () => void service.valuesRevalued(),
    heldBy: foreground.held,
    valueBook: valueBookIn(valuer),
  });
  // The ranking one company's value needs, loaded behind any card opened meanwhile; the book's
  // domain lookups the risk reads, built now and again after the companies or contacts change.
  // Each warm-up leaves a mark (User Timing) when done: the benchmark places the first opens by them.
  const warmed = (what: string) => () => void performance.mark(`warm:${what}`);
  void values.warm().then(warmed('ranking'));
  const bookIndex = new BookIndex(db);
  void bookIndex
    .keepWarm()
    .then(warmed('book-index'))
    .catch(() => undefined);
  // The IP database (4 MB) is read now, not by the first card whose headers arrive. Its mark
  // names the table read (source and size), so a test can tell it came from the package.
  void ipdb()
    .then((table) => table && void performance.mark('warm:ip-database', { detail: table.meta }))
    .catch(() => undefined);
  // The never-log list is asked for on every opened email: kept here until it changes.
  const privacy = keptSetting(getPrivacy, (changed) => privacyItem.watch(changed));
  const service = createBackgroundService({
    db,
    browser,
    enrichers: realEnrichers(
      ipdb,
      bookIndex,
      (change) => values.apply(change),
      () => values.valuing(),
      () => valueCacheReady(db),
    ),
    noReplyDays: async () => (await getPreferences()).noReplyDays,
    valueChanged: (change) => values.apply(change),
    recomputeValues: () => values.runAll(),
    valuesIdle: () => values.idle(),
    foreground,
    // Views go to the side panels on their port (a broadcast when none is connected).
    panels: registerPanelPorts(browser.runtime),
    quietReason: async (inquiry) => quietReason(inquiry, await privacy()),
    // Raw headers stay with their message for the session, across reopening and worker restarts.
    headerCache: createHeaderCache(browser.storage.session ?? null),
    notified: {
      get: () => notifiedRemindersItem.getValue(),
      set: (ids) => notifiedRemindersItem.setValue(ids),
    },
  });

  // Content scripts never need extension storage: where the browser allows it, lock them out of
  // local storage too, so the AI key could not be read even by a compromised content script.
  void (browser.storage.local as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> })
    .setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })
    ?.catch(() => undefined);

  // Ask the browser to keep the book on a full disk from the start, not only once the Book page opens.
  requestPersistentStorageOnStart(browser.runtime, navigator);

  // Reply drafts stream over a port; the LLM key and client never leave this worker.
  registerReplyPort(browser);

  // Team mode: idle unless someone signed in to a team server from the options page.
  const team = createTeamSync({
    db,
    session: { read: readSession, write: (s) => teamSessionItem.setValue(s) },
    alarms: browser.alarms,
    // A pull of several pages (a handed-over book arriving) is valued once, after its last page.
    onLongPull: (done) => values.holdUntil(done),
  });
  void team.start();
  // The team rules (pool, duplicate check, handover): calls to the server for the pages.
  const rules = createTeamRules({ api: team.api, sync: team.sync });

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Team messages only from the extension's own pages (never a content script: their url is the webmail's).
    const fromPage =
      sender.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL('/'));
    const answer =
      isTeamMessage(message) && fromPage
        ? team.handle(message)
        : isRulesMessage(message) && fromPage
          ? rules.handle(message)
          : service.handle(message, sender);
    answer.then(sendResponse, (error: unknown) => {
      console.error('message failed', error);
      sendResponse(undefined);
    });
    return true;
  });

  // The webmail pages report on their long-lived port; a one-off message is answered below.
  registerPagePort(browser.runtime, (message, sender) => service.handle(message, sender));

  browser.alarms.onAlarm.addListener((alarm) => {
    if (team.onAlarm(alarm.name)) return;
    if (alarm.name === VALUE_RECOMPUTE_ALARM) {
      void values.runAll();
      return;
    }
    void (async () => {
      const { uiLanguage } = await getPreferences();
      const i18n = createI18n(uiLanguage === 'auto' ? pickLanguage(navigator.language) : uiLanguage);
      await service.onAlarm(alarm.name, {
        title: i18n.t('panel.reminders.notificationTitle'),
        noReply: i18n.t('panel.reminders.noReplyTitle'),
        many: (count) => i18n.t('panel.reminders.dueMany', { count }),
        text: (reminder) => reminderText(reminder, i18n.t, i18n.language),
      });
    })();
  });
  browser.notifications.onClicked.addListener((id) => void service.onNotificationClicked(id));
  browser.tabs.onActivated.addListener(({ tabId }) => void service.onTabActivated(tabId));
  browser.tabs.onRemoved.addListener((tabId) => void service.onTabRemoved(tabId));

  // The toolbar button opens the side panel.
  void browser.sidePanel?.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
  // Every write to the book, from this worker or (while it runs) any page, lands in the change
  // feed; Dexie tells us of it here. A page that wrote while we slept wakes us with feed/written.
  const feedPart = `idb://${DB_NAME}/${FEED_TABLE}/`;
  Dexie.on('storagemutated', (parts) => {
    if (Object.keys(parts).some((part) => part.startsWith(feedPart))) void service.followFeed();
  });
  void service.followFeed();
  void service.requestReports();
  void service.scheduleReminders();
  void (async () => {
    if (!(await browser.alarms.get(VALUE_RECOMPUTE_ALARM)))
      await browser.alarms.create(VALUE_RECOMPUTE_ALARM, { delayInMinutes: 1, periodInMinutes: 24 * 60 });
  })();
});
