// The baseline of `npm run bench`: a bare node:http server over a pg pool that runs the same SQL as the API
// (the same repository functions), without the framework, validation, auth or the RLS transaction.
import http from 'node:http';
import { createPool } from '@ap/db';
import { BASELINES } from './scenarios.js';

const pool = createPool({ connectionString: process.env.DATABASE_URL!, max: Number(process.env.DB_POOL_MAX ?? 10) });
const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://raw');
  const handler = BASELINES[url.pathname];
  if (!handler) {
    res.writeHead(404).end();
    return;
  }
  handler(pool, url.searchParams).then(
    (body) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    },
    (err: Error) => {
      res.writeHead(500).end(err.message);
    },
  );
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('raw baseline listening'));
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
