import { asService, type Pool, type Tx } from '@ap/db';
import { claimDueJob, markJobDone, markJobFailed, type Job } from './queue.js';

/** Runs one job inside the transaction that claimed it; its writes commit together with the job's completion. */
export type JobHandler = (tx: Tx, payload: Record<string, unknown>, job: Job) => Promise<void>;

export interface JobRunnerOptions {
  pool: Pool;
  handlers: Record<string, JobHandler>;
  log: (msg: string, extra?: Record<string, unknown>) => void;
  /** How often an idle worker looks for due jobs. */
  pollIntervalMs?: number;
  /** Jobs run concurrently by this process (each holds one connection while it runs). */
  concurrency?: number;
  /** The clock that decides what is due; tests freeze it. */
  now?: () => Date;
}

export interface JobRunner {
  /** Runs due jobs until none is left; returns how many ran (including failed attempts). */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/** Exponential backoff: 5 s, 10 s, 20 s … capped at 10 minutes. */
export const retryDelayMs = (attempt: number) => Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 600_000);

/**
 * A polling worker over the `jobs` table. Any number of processes may run one: SKIP LOCKED hands each due job to
 * exactly one of them. A handler that throws rolls its transaction back; the failure is then recorded in a
 * transaction of its own and the job retried with backoff. A worker that dies mid-job leaves nothing behind:
 * its transaction aborts, the row unlocks, and the job is claimed again.
 */
export function startJobRunner({ pool, handlers, log, pollIntervalMs = 1_000, concurrency = 1, now = () => new Date() }: JobRunnerOptions): JobRunner {
  const names = Object.keys(handlers);
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();

  /** Runs one due job; false when none was due. */
  async function runOne(): Promise<boolean> {
    let failed: { job: Job; error: unknown } | null = null;
    const ran = await asService(pool, async (tx) => {
      const job = await claimDueJob(tx, names, now());
      if (!job) return false;
      await tx.query('SAVEPOINT job');
      try {
        await handlers[job.name]!(tx, job.payload, job);
        await markJobDone(tx, job.id);
      } catch (error) {
        await tx.query('ROLLBACK TO SAVEPOINT job');
        failed = { job, error };
      }
      return true;
    });
    if (failed) {
      const { job, error } = failed as { job: Job; error: unknown };
      const message = error instanceof Error ? error.message : String(error);
      log('job failed', { jobId: job.id, name: job.name, attempt: job.attempts + 1, error: message });
      await asService(pool, (tx) => markJobFailed(tx, job.id, message, new Date(now().getTime() + retryDelayMs(job.attempts + 1))));
    }
    return ran;
  }

  async function drain(): Promise<number> {
    let count = 0;
    const worker = async () => {
      while (!stopped && (await runOne())) count += 1;
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return count;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = drain()
        .catch((err: unknown) => log('job runner error', { error: err instanceof Error ? err.message : String(err) }))
        .finally(schedule);
    }, pollIntervalMs);
    timer.unref?.();
  }
  schedule();

  return {
    drain,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
