export { createPool, type Pool, type PoolClient, type Queryable } from './pool.js';
export { withTx, asCaller, asService, type Tx, type JwtClaims } from './tx.js';
export { migrate, loadMigrations, MigrationError, MIGRATIONS_DIR, type Migration, type MigrateResult } from './migrator.js';
export { startEmbedded, defaultDataDir, runningPostmaster, EmbeddedAlreadyRunning, type EmbeddedServer } from './embedded.js';
export { createDatabase, dropDatabase, databaseUrl } from './admin.js';
export { toMicros, fromMicros, isTimeKey, isUuid, decodeTimeCursor, type TimeKey } from './keyset.js';
export { backupDatabase, restoreDatabase, isEmptyDatabase, fileSha256, BackupError, type BackupManifest, type TableSummary } from './backup.js';
