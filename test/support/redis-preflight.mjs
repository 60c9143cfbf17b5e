/**
 * First step of `npm test`: make sure the tests' Redis answers PING before the suite starts, so a missing
 * Redis is one line naming the URL tried, within seconds, instead of minutes of connection errors.
 * Plain JavaScript on node:net so it starts in milliseconds; the URL default matches test-redis-url.ts.
 */
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TIMEOUT_MS = 3000;

function redacted(raw) {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return raw;
  }
}

const resp = (...args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

/** Resolves null when Redis answers PONG, else the reason it did not. */
function ping(raw) {
  return new Promise((resolve) => {
    let u;
    try {
      u = new URL(raw);
    } catch {
      return resolve('not a URL');
    }
    const host = u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
    const port = Number(u.port || 6379);
    const socket = u.protocol === 'rediss:' ? tlsConnect({ host, port, servername: host }) : connect({ host, port });
    const done = (reason) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => done(`no answer within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    socket.once(u.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => {
      let cmds = '';
      if (u.password) cmds += u.username ? resp('AUTH', decodeURIComponent(u.username), decodeURIComponent(u.password)) : resp('AUTH', decodeURIComponent(u.password));
      if (u.pathname.length > 1) cmds += resp('SELECT', u.pathname.slice(1));
      socket.write(cmds + resp('PING'));
    });
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('+PONG')) done(null);
      else if (/^-/m.test(buf)) done(buf.split('\r\n').find((l) => l.startsWith('-')).slice(1));
    });
    socket.on('error', (err) => done(err.code ?? err.message));
  });
}

const problem = await ping(url);
if (problem) {
  process.stderr.write(`npm test: cannot reach Redis at ${redacted(url)} (${problem}); start redis-server or set TEST_REDIS_URL (\`npm run test:fast\` needs no Redis)\n`);
  process.exit(1);
}
