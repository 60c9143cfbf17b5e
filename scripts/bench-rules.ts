/**
 * `npm run bench:rules`: what site rules cost per comment, in process: CPU µs per comment to apply a site's
 * compiled rules with none, 1,000 and 10,000 entries (words, phrases, IPs, e-mails, domains, a link limit),
 * next to the classifier's own µs per comment on the same comments, and how long compiling takes.
 */
import { performance } from 'node:perf_hooks';
import { compileSiteRules, type RuleInput } from '../src/spam/site-rules.ts';
import { scoreSubmission } from '../src/spam/classifier.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../src/spam/spam-model.ts';
import { benchSiteRules, machine, printTable, runBench, submissionBodies } from './bench-support.ts';
import { checkArgs } from './bench-args.ts';

/** CPU µs per call (user + system of this process), after a warm-up: steadier than wall time on a shared machine. */
function perComment(fn: (i: number) => unknown, inputs: number, rounds: number): number {
  for (let r = 0; r < 3; r++) for (let i = 0; i < inputs; i++) fn(i);
  const t = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (let i = 0; i < inputs; i++) fn(i);
  const d = process.cpuUsage(t);
  return (d.user + d.system) / (rounds * inputs);
}

checkArgs('bench:rules', []);
runBench('bench:rules', async () => {
  const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
  const bodies = submissionBodies(512).map((b) => JSON.parse(b) as { name: string; email: string; comment: string; website?: string });
  const inputs: RuleInput[] = bodies.map((b, i) => ({ text: b.comment, name: b.name, email: b.email, website: b.website ?? null, ip: i % 2 ? `203.0.113.${i & 255}` : `2001:db8:ffff:${i.toString(16)}::1` }));
  const m = machine();
  process.stdout.write(`${m.cpu}, ${m.cores} cores, Node ${m.node}, load ${m.loadavg.join(' ')}\n`);
  const rows: Array<Array<string | number>> = [];
  const classifierUs = perComment((i) => scoreSubmission(model, { text: bodies[i]!.comment, name: bodies[i]!.name, email: bodies[i]!.email, website: bodies[i]!.website ?? null }), inputs.length, 5);
  for (const n of [0, 1000, 10_000]) {
    const rules = benchSiteRules(n);
    const t = performance.now();
    const compiled = compileSiteRules(rules);
    const compileMs = performance.now() - t;
    const us = perComment((i) => compiled.decide(inputs[i]!), inputs.length, 20);
    // Long comments: the maximum length, 10,000 characters.
    const long = inputs.map((x) => ({ ...x, text: x.text.repeat(Math.ceil(10_000 / x.text.length)).slice(0, 10_000) }));
    const usLong = perComment((i) => compiled.decide(long[i]!), 64, 5);
    rows.push([n === 0 ? 'none' : n.toLocaleString('en'), compiled.size, compileMs, us, usLong, classifierUs]);
  }
  printTable(
    'Site rules: CPU µs per comment (512 realistic comments; "10k chars": the same cut to 10,000 characters)',
    ['rules', 'entries compiled', 'compile ms', 'µs/comment', 'µs/comment, 10k chars', 'classifier µs/comment'],
    rows,
  );
});
