import type { Queryable } from '@ap/db';
import { defaultSettings, emptyWeek, type AvailabilitySettings, type Interval } from './rules.js';

const SETTINGS_COLUMNS = `
  av.time_zone AS "timeZone", av.weekly, av.overrides, av.slot_minutes AS "slotMinutes", av.price_paise AS "pricePaise",
  av.buffer_minutes AS "bufferMinutes", av.min_notice_minutes AS "minNoticeMinutes", av.horizon_days AS "horizonDays"`;

type SettingsRow = AvailabilitySettings;

const toSettings = (row: SettingsRow): AvailabilitySettings => ({ ...row, weekly: { ...emptyWeek(), ...row.weekly } });

/** Runs under the caller's RLS: another astrologer's row is simply not found. */
export async function findAvailability(db: Queryable, astrologerId: string): Promise<AvailabilitySettings | null> {
  const { rows } = await db.query<SettingsRow>(`SELECT ${SETTINGS_COLUMNS} FROM astrologer_availability av WHERE av.astrologer_id = $1`, [astrologerId]);
  return rows[0] ? toSettings(rows[0]) : null;
}

/** Replaces every setting (one row per astrologer). RLS only lets an astrologer write their own row. */
export async function upsertAvailability(db: Queryable, astrologerId: string, s: AvailabilitySettings): Promise<void> {
  await db.query(
    `INSERT INTO astrologer_availability AS av
            (astrologer_id, time_zone, weekly, overrides, slot_minutes, price_paise, buffer_minutes, min_notice_minutes, horizon_days)
     VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7, $8, $9)
     ON CONFLICT (astrologer_id) DO UPDATE SET
       time_zone = EXCLUDED.time_zone, weekly = EXCLUDED.weekly, overrides = EXCLUDED.overrides,
       slot_minutes = EXCLUDED.slot_minutes, price_paise = EXCLUDED.price_paise, buffer_minutes = EXCLUDED.buffer_minutes,
       min_notice_minutes = EXCLUDED.min_notice_minutes, horizon_days = EXCLUDED.horizon_days`,
    [astrologerId, s.timeZone, JSON.stringify(s.weekly), JSON.stringify(s.overrides), s.slotMinutes, s.pricePaise,
      s.bufferMinutes, s.minNoticeMinutes, s.horizonDays],
  );
}

/** The settings of an approved astrologer (defaults when never saved), or null for anyone else. */
export async function findBookableSettings(db: Queryable, astrologerId: string): Promise<AvailabilitySettings | null> {
  const { rows } = await db.query<{ saved: boolean } & SettingsRow>(
    `SELECT av.astrologer_id IS NOT NULL AS saved, ${SETTINGS_COLUMNS}
       FROM astrologers a LEFT JOIN astrologer_availability av ON av.astrologer_id = a.id
      WHERE a.id = $1 AND a.status = 'approved'`,
    [astrologerId],
  );
  const row = rows[0];
  if (!row) return null;
  const { saved, ...settings } = row;
  return saved ? toSettings(settings) : defaultSettings();
}

/**
 * Everything that occupies an astrologer's time in [from, to). "Busy" is defined once, in the SQL function
 * astrologer_busy_intervals (add holds of pending bookings there): it reads other customers' consultations as
 * its definer and returns nothing but the intervals, so any caller may ask.
 */
export async function findBusyIntervals(db: Queryable, astrologerId: string, from: Date, to: Date): Promise<Interval[]> {
  const { rows } = await db.query<Interval>(
    'SELECT start_at AS start, end_at AS "end" FROM astrologer_busy_intervals($1, $2, $3)',
    [astrologerId, from, to],
  );
  return rows;
}
