import type { Queryable } from '@ap/db';

export interface JobInput {
  name: string;
  payload: Record<string, unknown>;
  runAt: Date;
  /** At most one pending job per (name, singletonKey): enqueueing it again is a no-op. */
  singletonKey?: string;
  maxAttempts?: number;
}

export interface Job {
  id: number;
  name: string;
  payload: Record<string, unknown>;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
}

const JOB_COLUMNS = `id::int AS id, name, payload, run_at AS "runAt", attempts, max_attempts AS "maxAttempts"`;

/**
 * Schedules a job. Call it with the transaction of the change that needs the timer, so the two commit (or vanish)
 * together. Returns the job id, or null when an identical singleton job is already pending.
 */
export async function enqueueJob(db: Queryable, job: JobInput): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO jobs (name, payload, run_at, singleton_key, max_attempts) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (name, singleton_key) WHERE status = 'pending' AND singleton_key IS NOT NULL DO NOTHING
     RETURNING id::int AS id`,
    [job.name, JSON.stringify(job.payload), job.runAt, job.singletonKey ?? null, job.maxAttempts ?? 10]);
  return rows[0]?.id ?? null;
}

/** Claims the oldest due job, skipping any another worker holds. The row stays locked until the transaction ends. */
export async function claimDueJob(db: Queryable, names: string[], now: Date): Promise<Job | null> {
  const { rows } = await db.query<Job>(
    `SELECT ${JOB_COLUMNS} FROM jobs
      WHERE status = 'pending' AND run_at <= $1 AND name = ANY($2::text[])
      ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now, names]);
  return rows[0] ?? null;
}

export async function markJobDone(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE jobs SET status = 'done', attempts = attempts + 1, finished_at = now() WHERE id = $1`, [id]);
}

/** Records a failed attempt: retried at retryAt, or given up (status failed) after max_attempts. */
export async function markJobFailed(db: Queryable, id: number, error: string, retryAt: Date): Promise<void> {
  await db.query(
    `UPDATE jobs SET attempts = attempts + 1, last_error = left($2, 2000), run_at = $3,
            status = CASE WHEN attempts + 1 >= max_attempts THEN 'failed' ELSE 'pending' END,
            finished_at = CASE WHEN attempts + 1 >= max_attempts THEN now() END
      WHERE id = $1 AND status = 'pending'`,
    [id, error, retryAt]);
}

export async function findPendingJobs(db: Queryable, name: string, payloadMatch: Record<string, unknown> = {}): Promise<Job[]> {
  const { rows } = await db.query<Job>(
    `SELECT ${JOB_COLUMNS} FROM jobs WHERE status = 'pending' AND name = $1 AND payload @> $2::jsonb ORDER BY run_at, id`,
    [name, JSON.stringify(payloadMatch)]);
  return rows;
}
