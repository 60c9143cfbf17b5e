/** Serves the OpenAPI 3.1 document at GET /api/v1/openapi.json. */
import { Router } from 'express';
import { openApiDocument } from '../openapi/openapi-document.ts';

export function openApiRouter(): Router {
  const router = Router();
  // Built on the first request, not at start-up: most processes are never asked for it.
  let body: string | undefined;
  router.get('/api/v1/openapi.json', (_req, res) => {
    body ??= JSON.stringify(openApiDocument());
    res.set({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' }).send(body);
  });
  return router;
}
