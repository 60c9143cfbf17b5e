// @ts-check
/**
 * The intake baseline for `npm run bench:ingest`: a bare Express 5 app with express.json and the service's own
 * submission validator (the compiled src/comments/validate-submission.ts), answering 202 without storing anything.
 */
import express from 'express';
import { validateSubmission } from '../dist/src/comments/validate-submission.js';

const app = express();
app.post('/api/v1/comments', express.json({ limit: '32kb' }), (req, res) => {
  try {
    validateSubmission(req.body);
  } catch {
    res.status(400).json({ error: 'validation_failed' });
    return;
  }
  res.status(202).json({ id: 'x'.repeat(21), status: 'pending' });
});
const server = app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const a = /** @type {import('node:net').AddressInfo} */ (server.address());
  process.stdout.write(`bare express listening on http://127.0.0.1:${a.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
