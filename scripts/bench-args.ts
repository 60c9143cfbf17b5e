/**
 * Command-line checks shared by the benchmark scripts: `--help` prints the script's header comment (where each
 * benchmark writes its usage), and a flag the script does not know is one line on stderr and exit 2, as the CLIs do,
 * instead of a whole run that silently ignored a mistyped flag.
 */
import { readFileSync } from 'node:fs';
import { fatal, UsageError } from '../src/cli/common.ts';

/** The first doc comment of a script, without its comment markers. */
function usageOf(script: string | undefined): string {
  const src = script ? readFileSync(script, 'utf8') : '';
  const doc = /\/\*\*([\s\S]*?)\*\//.exec(src)?.[1] ?? '';
  return (
    doc
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n')
      .trim() || 'no usage written for this script'
  );
}

/** On `--help` / `-h` anywhere in the command line, prints the running script's usage and exits 0. */
export function exitWithUsageOnHelp(): void {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${usageOf(process.argv[1])}\n`);
    process.exit(0);
  }
}

/**
 * For the scripts that read `process.argv` themselves: exits 0 after printing the usage on `--help` / `-h`, or 2 on
 * an argument that is neither one of `switches` nor one of `valued` followed by its value.
 */
export function checkArgs(name: string, switches: readonly string[], valued: readonly string[] = []): void {
  exitWithUsageOnHelp();
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (switches.includes(a)) continue;
    if (valued.includes(a) && argv[i + 1] !== undefined) {
      i++;
      continue;
    }
    const known = [...switches, ...valued.map((v) => `${v} VALUE`)].join(' ');
    const hint = known ? `known: ${known}` : 'it takes no arguments';
    fatal(name, new UsageError(`${valued.includes(a) ? `${a} needs a value` : `unknown argument ${a}`} (${hint})`));
  }
}
