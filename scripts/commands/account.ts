import { CliError, type CliCommand } from '../cliSupport.ts';

export const accountCommand: CliCommand = {
  name: 'account',
  usage: 'account --villages F --plots F [--forest F] [--wells F] --quotas F --caps F --year Y [--json OUT] [--xlsx OUT]',
  summary: 'water accounting village → township → city against the caps for year Y',
  options: { values: ['villages', 'plots', 'forest', 'wells', 'quotas', 'caps', 'year', 'json', 'xlsx', 'csv', 'fields'] },
  async run() {
    throw new CliError('the "account" command is not built yet');
  },
};
