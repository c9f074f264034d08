import { CliError, type CliCommand } from '../cliSupport.ts';

export const reconcileCommand: CliCommand = {
  name: 'reconcile',
  usage: 'reconcile --villages F --plots F --survey F [--forest F] [--min-overlap-mu A] [--min-overlap-share S] [--json OUT] [--xlsx OUT]',
  summary: 'reconciliation (套核) of plots and forest against the land survey',
  options: { values: ['villages', 'plots', 'survey', 'forest', 'min-overlap-mu', 'min-overlap-share', 'json', 'xlsx', 'geojson', 'fields'] },
  async run() {
    throw new CliError('the "reconcile" command is not built yet');
  },
};
