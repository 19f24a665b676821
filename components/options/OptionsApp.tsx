import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { GeneralSettings } from './GeneralSettings';
import { DemoBookLoader } from './DemoBookLoader';
import { KnowledgeEditor } from '../knowledge/KnowledgeEditor';
import { LlmSettings } from '../replies/LlmSettings';
import { HandoverPanel } from '../handover/HandoverPanel';
import { CsvImport } from '../value/CsvImport';
import { ValueSettingsForm } from './ValueSettingsForm';
import { KeptRecords } from '../anymail/KeptRecords';
import { NeverLogSettings } from '../anymail/NeverLogSettings';
import { TeamSettings } from '../team/TeamSettings';
import { PoolView } from '../team/PoolView';
import { ManagerView } from '../team/ManagerView';
import { useTeamStatus } from '../team/useTeamStatus';

type SectionId =
  | 'general'
  | 'team'
  | 'pool'
  | 'manage'
  | 'value'
  | 'book'
  | 'import'
  | 'knowledge'
  | 'ai'
  | 'privacy'
  | 'kept'
  | 'demo';

/** The options page: one section per concern, reachable by keyboard. */
export function OptionsApp() {
  const { t } = useTranslation();
  // The team rules' sections appear once someone is signed in to a team server (issue 13).
  const role = useTeamStatus()?.user?.role;
  const sections: { id: SectionId; label: string; body: ReactNode }[] = [
    { id: 'general', label: t('options.nav.general'), body: <GeneralSettings /> },
    { id: 'team', label: t('options.nav.team'), body: <TeamSettings /> },
    ...(role ? [{ id: 'pool' as const, label: t('pool.nav.pool'), body: <PoolView /> }] : []),
    ...(role === 'manager' || role === 'admin'
      ? [{ id: 'manage' as const, label: t('pool.nav.manage'), body: <ManagerView /> }]
      : []),
    { id: 'value', label: t('options.nav.value'), body: <ValueSettingsForm /> },
    { id: 'book', label: t('options.nav.book'), body: <HandoverPanel /> },
    { id: 'import', label: t('options.nav.import'), body: <CsvImport /> },
    { id: 'knowledge', label: t('knowledge.title'), body: <KnowledgeEditor /> },
    { id: 'ai', label: t('replies.settings.title'), body: <LlmSettings /> },
    { id: 'privacy', label: t('anymail.nav.privacy'), body: <NeverLogSettings /> },
    { id: 'kept', label: t('anymail.nav.kept'), body: <KeptRecords /> },
    { id: 'demo', label: t('options.nav.demo'), body: <DemoBookLoader /> },
  ];
  // Kept as asked even while the team's sections are still loading; an unknown one shows General.
  const [active, setActive] = useState<SectionId>(() => (location.hash.slice(1) || 'general') as SectionId);
  const section = sections.find((s) => s.id === active) ?? sections[0]!;

  return (
    <div className="page options">
      <h1>{t('common.appName')}</h1>
      <p>
        <a
          href="/dashboard.html"
          target="_blank"
          title={t('dashboard.openHint')}
          data-testid="open-dashboard"
        >
          {t('dashboard.open')}
        </a>
      </p>
      <nav className="tabs" role="tablist">
        {sections.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            aria-selected={s.id === section.id}
            className={s.id === section.id ? 'tab active' : 'tab'}
            onClick={() => {
              setActive(s.id);
              history.replaceState(null, '', `#${s.id}`);
            }}
          >
            {s.label}
          </button>
        ))}
      </nav>
      <section role="tabpanel" aria-label={section.label}>
        <h2>{section.label}</h2>
        {section.body}
      </section>
    </div>
  );
}
