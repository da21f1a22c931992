// Image build step (see deploy/<service>/Dockerfile): compiles a service's entry point, with the workspace packages
// it imports (@ap/*, TypeScript sources), into services/<service>/dist/*.mjs. npm packages stay external: the image
// loads them from node_modules installed with --omit=dev. The migrate and seed commands are built alongside.
//   node deploy/build-service.mjs user
import { build } from 'esbuild';

const service = process.argv[2];
if (!['user', 'astrologer', 'communication'].includes(service ?? '')) {
  console.error('usage: node deploy/build-service.mjs user|astrologer|communication');
  process.exit(2);
}

/** Bare imports other than our own workspace packages are resolved at run time from node_modules. */
const npmPackagesExternal = {
  name: 'npm-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@ap/') ? undefined : { path: args.path, external: true }));
  },
};

await build({
  entryPoints: {
    main: `services/${service}/src/main.ts`,
    migrate: 'scripts/migrate.ts',
    seed: 'scripts/seed.ts',
  },
  // Same depth as src/, so @ap/db's path to supabase/migrations (relative to the module) still holds.
  outdir: `services/${service}/dist`,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'info',
  plugins: [npmPackagesExternal],
});
