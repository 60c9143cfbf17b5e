// @ts-check
/**
 * Lint rules: typescript-eslint's type-aware recommended set, plus the layer rules from
 * docs/architecture.md as import restrictions. Rules switched off below say why.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** One `no-restricted-imports` setting per layer; each pattern's message names the rule it enforces. */
const restrict = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });
const noTest = { group: ['**/test/**'], message: 'src/, workers/ and scripts/ never import from test/ (docs/architecture.md).' };
const noIoredis = { group: ['ioredis'], message: 'Only the Redis store modules (src/store/redis-*.ts) import ioredis.' };
const noBullmq = { group: ['bullmq', '@bull-board/*'], message: 'Only the queue modules (src/queue/) import BullMQ.' };
const noHttp = {
  group: ['express', '**/routes/**', '**/http/**', '**/app.ts'],
  message: 'Only the HTTP layer (src/app.ts, src/routes/, src/http/) uses Express; nothing below it imports it (docs/architecture.md).',
};
const noExpress = {
  group: ['express', '**/routes/**', '**/app.ts'],
  message: 'Workers serve their small HTTP face with node:http; Express and the API routes stay in the API.',
};
const noImplementations = {
  group: ['**/store/redis-*.ts', '**/queue/moderation-queue.ts', '**/queue/webhook-queue.ts', '**/queue/queue-dashboard.ts'],
  allowTypeImports: true,
  message: 'Use cases take store and queue interfaces (import type); composition roots choose the Redis/BullMQ implementations.',
};
const noSrc = { group: ['**/src/**'], message: 'models/ is pure: it imports nothing from src/.' };

/** The layer rules of docs/architecture.md. Later entries win for files matched twice. */
const layers = [
  { files: ['src/**/*.ts', 'workers/**/*.ts', 'scripts/**/*.ts'], rules: restrict(noTest, noIoredis, noBullmq) },
  { files: ['src/store/**/*.ts'], rules: restrict(noTest, noBullmq, noHttp) },
  { files: ['src/queue/**/*.ts'], rules: restrict(noTest, noIoredis, noHttp) },
  // bull-board mounts as an Express router, so the dashboard module needs both BullMQ and Express.
  { files: ['src/queue/queue-dashboard.ts'], rules: restrict(noTest, noIoredis) },
  { files: ['src/runtime/**/*.ts', 'src/observability/**/*.ts'], rules: restrict(noTest, noIoredis, noBullmq, noHttp) },
  // workers/worker-http.ts (metrics, health) reuses the bearer-token helpers of src/http/.
  { files: ['workers/**/*.ts'], rules: restrict(noTest, noIoredis, noBullmq, noExpress) },
  {
    files: ['src/comments/**/*.ts', 'src/webhooks/**/*.ts', 'src/sites/**/*.ts', 'src/spam/**/*.ts', 'src/net/**/*.ts', 'src/contract/**/*.ts'],
    rules: restrict(noTest, noIoredis, noBullmq, noHttp, noImplementations),
  },
  { files: ['models/**/*.ts'], rules: restrict(noSrc, noTest) },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'src/public/**', 'data/**', 'deploy/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      // Shadowing globals too (`const process = …`), except names our libraries export on purpose and that
      // DOM/fetch typings also declare: Express's Request/Response, our Comment model, BullMQ's Worker.
      'no-shadow': 'off',
      '@typescript-eslint/no-shadow': [
        'error',
        { builtinGlobals: true, hoist: 'functions', allow: ['Request', 'Response', 'Comment', 'Worker', 'performance'] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Off: `async` is how our functions implement Promise-returning interfaces (stores, sinks), so a
      // synchronous throw inside still becomes a rejection; an `await` is not required for that.
      '@typescript-eslint/require-await': 'off',
    },
  },
  ...layers,
  // Plain JavaScript files (the Redis preflight) are outside the TypeScript project: no type-aware rules.
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Off in tests only: supertest's `res.body`, JSON.parse and page.evaluate are `any` by design, and a
      // test's assertions are what check their shape. Source code keeps these rules on.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Tests name measurements `before`/`after` next to node:test's hooks of the same name, which those
      // tests never call.
      '@typescript-eslint/no-shadow': [
        'error',
        { builtinGlobals: true, hoist: 'functions', allow: ['Request', 'Response', 'Comment', 'Worker', 'performance', 'before', 'after'] },
      ],
    },
  },
);
