/**
 * Shuidi's command line: `npm run cli -- <command> [options]`.
 * The only code that touches the file system; each command reads bytes, calls the same job the
 * browser calls, and writes JSON/xlsx where it is told. Exit 0 on success, 1 on bad input with a
 * one-line reason on stderr naming the file and the problem.
 */
import { InputError } from '../src/core/types.ts';
import { parseArgs, CliError, type CliCommand } from './cliSupport.ts';
import { importCommand } from './commands/import.ts';
import { areaCommand } from './commands/area.ts';
import { accountCommand } from './commands/account.ts';
import { reconcileCommand } from './commands/reconcile.ts';
import { planCommand } from './commands/plan.ts';
import { auditCommand } from './commands/audit.ts';
import { monitorCommand } from './commands/monitor.ts';
import { allocateCommand } from './commands/allocate.ts';
import { printProfile, stage } from './profile.ts';
import { useHostInflate } from '../src/io/read/zip.ts';
import { nodeRawInflate } from './nodeInflate.ts';

useHostInflate(nodeRawInflate);

const commands: CliCommand[] = [importCommand, areaCommand, accountCommand, reconcileCommand, planCommand, allocateCommand, monitorCommand, auditCommand];

function usage(): string {
  const lines = [
    '水地 Shuidi — county agricultural water allocation (命令行)',
    '',
    'Usage: npm run cli -- <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.usage}\n      ${c.summary}`),
    '',
    'Every command exits 0 on success and 1 on bad input, with the reason on stderr.',
  ];
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 1;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`unknown command "${name}"; run with --help for the list\n`);
    return 1;
  }
  try {
    const args = parseArgs(rest, command.options);
    if (args.flags.help) {
      process.stdout.write(`${command.usage}\n  ${command.summary}\n`);
      return 0;
    }
    stage('arguments');
    await command.run(args);
    printProfile();
    return 0;
  } catch (error) {
    // Chinese first; SHUIDI_LANG=en gives the English text of the tool's own messages
    const english = process.env.SHUIDI_LANG === 'en';
    const own = error instanceof InputError || error instanceof CliError;
    const message = own ? (english ? error.messageEn : error.message) : error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}: ${message.split('\n')[0]}\n`);
    if (!(error instanceof CliError) && process.env.SHUIDI_DEBUG) console.error(error);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
