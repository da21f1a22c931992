import { startWebPushWorker } from '@ap/notifications';
import { createPlatform, serve } from '@ap/platform';
import { buildCommunicationApp } from './app.js';
import { loadEnv } from './env.js';

const env = loadEnv();
const platform = createPlatform(env, 'communication');
await serve(buildCommunicationApp(platform), platform, env.PORT, env.HOST);
const webPush = startWebPushWorker({ pool: platform.pool, env, logger: platform.logger });
platform.onClose(() => webPush.stop());
