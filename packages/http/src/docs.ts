import express, { type Router } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

/** An interactive API page (Swagger UI, served from the npm package: no CDN, works offline). */
export function docsRouter(specPath: string, title: string): Router {
  const router = express.Router();
  router.use('/assets', express.static(getAbsoluteFSPath(), { index: false, maxAge: '1d' }));
  router.get('/init.js', (_req, res) => {
    res.type('text/javascript').send(
      `window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specPath)}, dom_id: '#swagger', deepLinking: true });`,
    );
  });
  router.get('/', (req, res) => {
    // Relative asset URLs need the trailing slash.
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, `${req.originalUrl.split('?')[0]}/`);
    res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} API</title><link rel="stylesheet" href="assets/swagger-ui.css"></head>
<body><div id="swagger"></div><script src="assets/swagger-ui-bundle.js"></script><script src="init.js"></script></body></html>`);
  });
  return router;
}
