import { startWebPushWorker } from '@ap/notifications';
import { createPlatform, serve } from '@ap/platform';
import { createCommunication } from './app.js';
import { loadEnv } from './env.js';

const env = loadEnv();
const platform = createPlatform(env, 'communication');
const communication = createCommunication(platform);
const server = await serve(communication.app, platform, env.PORT, env.HOST);
const live = communication.attach(server);
const workers = communication.startWorkers();
platform.onClose(() => workers.stop());
platform.onClose(() => live.close());
// Open sockets would keep the HTTP server from closing: disconnect them as soon as shutdown begins.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void live.close());
const webPush = startWebPushWorker({ pool: platform.pool, env, logger: platform.logger });
platform.onClose(() => webPush.stop());
