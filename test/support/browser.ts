/**
 * Shared helpers for the browser tests (test/browser-*.test.ts): launching Debian's chromium through
 * playwright-core, talking to the API directly for setup, and writing screenshots to test-artifacts/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/runtime/package-root.ts';
import { after, before } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { keepingCpuTime } from './cpu-report.ts';
import { startTestStack, type TestStack, type TestStackOptions } from './harness.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
export const SKIP_REASON = HAS_CHROMIUM ? false : `${CHROMIUM_PATH} is missing (apt-get install -y chromium; .ci/run does this)`;

export const ARTIFACTS_DIR = join(PACKAGE_ROOT, 'test-artifacts/');

function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

let shared: Promise<Browser> | undefined;
let sharing = false;

/**
 * From now on launchBrowser() gives every suite of this process the same Chromium, closed after the last test.
 * Called at the top level of a process that runs several browser files (test/support/file-group.ts): a launch
 * costs about half a second of CPU, and each file's own contexts still start empty (cookies, storage).
 */
export function shareOneBrowser(): void {
  if (sharing) return;
  sharing = true;
  after(async () => {
    const browser = await shared?.catch(() => undefined);
    shared = undefined;
    if (browser) await keepingCpuTime(() => browser.close());
  });
}

/** A Chromium for one suite; close it with closeBrowser(). */
export async function launchBrowser(): Promise<Browser> {
  if (!sharing) return launchChromium();
  const current = await shared?.catch(() => undefined);
  // A suite that closed the shared browser itself gets a new one rather than a dead one.
  if (!current?.isConnected()) shared = launchChromium();
  return shared!;
}

/** Ends a suite's use of its browser: closes it, or, when shared, the contexts the suite left open. */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  if (sharing && (await shared?.catch(() => undefined)) === browser) await Promise.all(browser.contexts().map((c) => c.close()));
  else await keepingCpuTime(() => browser.close());
}

/**
 * A real stack and a browser for one suite: both started before its tests and stopped after them. Read
 * `env.stack` and `env.browser` inside the tests, once the suite's `before` has run.
 */
export function stackAndBrowserForSuite(options: TestStackOptions): { readonly stack: TestStack; readonly browser: Browser } {
  const env = {} as { stack: TestStack; browser: Browser };
  before(async () => {
    [env.stack, env.browser] = await Promise.all([startTestStack(options), launchBrowser()]);
  });
  after(async () => {
    await closeBrowser(env.browser);
    await env.stack?.stop();
  });
  return env;
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return ARTIFACTS_DIR + name;
}

export interface StackLike {
  baseUrl: string;
  moderatorToken: string;
}

/** The stack's base URL without a trailing slash. */
export function baseOf(stack: StackLike): string {
  return stack.baseUrl.replace(/\/+$/, '');
}

export interface NewComment {
  threadId: string;
  name: string;
  email: string;
  comment: string;
  website?: string;
  parentId?: string;
}

/** Posts a comment as an API client would and returns its id. */
export async function postComment(stack: StackLike, body: NewComment): Promise<string> {
  const res = await fetch(`${baseOf(stack)}/api/v1/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { id?: string };
  if (res.status !== 202 || !json.id) throw new Error(`POST /api/v1/comments → ${res.status} ${JSON.stringify(json)}`);
  return json.id;
}

export async function moderation(stack: StackLike, method: string, path: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${baseOf(stack)}/api/v1/moderation${path}`, {
    method,
    headers: { Authorization: `Bearer ${stack.moderatorToken}`, Accept: 'application/json' },
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** Waits until the worker (or a moderator) has moved the comment into one of `statuses`; generous, as a busy machine slows the worker down. */
export async function waitForStatus(stack: StackLike, id: string, statuses: string[], timeoutMs = 30_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  let last: any = null;
  while (Date.now() < until) {
    const r = await moderation(stack, 'GET', `/comments/${encodeURIComponent(id)}`);
    last = r.json;
    if (r.status === 200 && statuses.includes(r.json.status)) return r.json;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`comment ${id} did not reach ${statuses.join('|')}; last: ${JSON.stringify(last)}`);
}

/** Posts a comment, lets the worker decide, then approves it as a moderator. */
export async function publishComment(stack: StackLike, body: NewComment): Promise<string> {
  const id = await postComment(stack, body);
  await waitForStatus(stack, id, ['flagged', 'published', 'spam']);
  const r = await moderation(stack, 'POST', `/comments/${encodeURIComponent(id)}/approve`);
  if (r.status !== 200 || r.json.status !== 'published') throw new Error(`approve ${id} → ${r.status}`);
  return id;
}

/** Serialised DOM of the widget including its shadow root, plus the values of its form controls. */
export function widgetDom(page: Page): Promise<string> {
  return page.evaluate(() => {
    const host = document.getElementById('comments');
    if (!host) return '';
    const root = host.shadowRoot;
    const parts = [host.outerHTML, root ? root.innerHTML : ''];
    for (const c of Array.from((root ?? host).querySelectorAll('input, textarea'))) parts.push((c as HTMLInputElement).value);
    return parts.join('\n');
  });
}

/** Resolves once the widget has finished its first load (count heading shows a number). */
export async function waitForWidget(page: Page): Promise<void> {
  await page.locator('#comments .count[data-count]').waitFor();
}

/**
 * Signs in on the dashboard's form (already open in `page`) with a name and password and waits until the header
 * names the moderator. The labels are matched exactly: a signed-in admin's page has other fields with "name" in
 * their label. When the page says the service could not be reached, this signs in again, as a person would: on a
 * busy machine the API answers 503 when Redis replies later than its 1.5 s command timeout, and the sign-in
 * (or the first figures it loads) is one of those requests; waiting for the signed-in view would then last the
 * locator's 30 s and fail. Any other message (wrong password, rate limit) fails at once with what the page said.
 */
export async function signInWithPassword(page: Page, name: string, password: string): Promise<void> {
  await submitSignIn(page, `as ${name}`, page.locator('#who').filter({ hasText: `Signed in as ${name}` }), async () => {
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Password', { exact: true }).fill(password);
  });
}

/**
 * Signs in on the dashboard's form with the moderator token and waits until the signed-in view shows; like
 * signInWithPassword, it signs in again when the page says the service could not be reached (a 503 on a busy
 * machine) and fails at once with any other message.
 */
export async function signInWithToken(page: Page, token: string): Promise<void> {
  await submitSignIn(page, 'with the token', page.locator('#app'), () => page.getByLabel('Moderator token').fill(token));
}

/**
 * Fills the sign-in form, submits it and waits for `signedIn`; up to 3 tries while the service could not be reached,
 * or while the page says the fields were empty when it read them: on a loaded machine a fill has been seen lost
 * before the submit (the page then asks for the name and password it was just given).
 */
async function submitSignIn(page: Page, who: string, signedIn: Locator, fill: () => Promise<void>): Promise<void> {
  const message = page.locator('#login-error').filter({ hasText: /\S/ });
  for (let attempt = 1; ; attempt++) {
    await fill();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signedIn.or(message).first().waitFor();
    if (await signedIn.isVisible()) return;
    const said = await message.innerText();
    if (!/could not reach the service|enter your name and password/i.test(said) || attempt === 3) throw new Error(`sign-in ${who} (attempt ${attempt}): the page says "${said}"`);
  }
}
