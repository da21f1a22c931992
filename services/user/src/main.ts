import { createPlatform, serve } from '@ap/platform';
import { buildUserApp, startUserWorkers } from './app.js';
import { loadEnv } from './env.js';

const env = loadEnv();
const platform = createPlatform(env, 'user');
await serve(buildUserApp(platform), platform, env.PORT, env.HOST);
startUserWorkers(platform);
