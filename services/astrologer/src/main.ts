import { createPlatform, serve } from '@ap/platform';
import { buildAstrologerApp } from './app.js';
import { loadEnv } from './env.js';

const env = loadEnv();
const platform = createPlatform(env, 'astrologer');
await serve(buildAstrologerApp(platform), platform, env.PORT, env.HOST);
