export { enqueueJob, claimDueJob, findPendingJobs, type Job, type JobInput } from './queue.js';
export { startJobRunner, retryDelayMs, type JobHandler, type JobRunner, type JobRunnerOptions } from './runner.js';
