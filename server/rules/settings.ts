import type { Sql } from '../db/client';
import type { TeamRuleSettings } from '../../lib/team/protocol';

// The team's settings for the pool and the duplicate check (team_settings); a team
// without a row has the defaults of the schema.

export const DEFAULT_RULE_SETTINGS: TeamRuleSettings = {
  poolIdleDays: 30,
  poolWarnDays: 3,
  poolClaimsPerDay: 5,
  poolCooldownDays: 7,
  nameSimilarity: 0.6,
};

export async function readRuleSettings(tx: Sql, teamId: number): Promise<TeamRuleSettings> {
  const [row] = await tx.query<TeamRuleSettings>(
    `select pool_idle_days as "poolIdleDays", pool_warn_days as "poolWarnDays",
            pool_claims_per_day as "poolClaimsPerDay", pool_cooldown_days as "poolCooldownDays",
            name_similarity as "nameSimilarity"
       from team_settings where team_id = $1`,
    [teamId],
  );
  return row ? { ...row, nameSimilarity: Math.round(row.nameSimilarity * 100) / 100 } : DEFAULT_RULE_SETTINGS;
}

export async function writeRuleSettings(tx: Sql, teamId: number, s: TeamRuleSettings): Promise<void> {
  await tx.query(
    `insert into team_settings (team_id, pool_idle_days, pool_warn_days, pool_claims_per_day,
                                pool_cooldown_days, name_similarity)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (team_id) do update set
       pool_idle_days = excluded.pool_idle_days, pool_warn_days = excluded.pool_warn_days,
       pool_claims_per_day = excluded.pool_claims_per_day,
       pool_cooldown_days = excluded.pool_cooldown_days, name_similarity = excluded.name_similarity`,
    [teamId, s.poolIdleDays, s.poolWarnDays, s.poolClaimsPerDay, s.poolCooldownDays, s.nameSimilarity],
  );
}
