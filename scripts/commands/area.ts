import { CliError, type CliCommand } from '../cliSupport.ts';

export const areaCommand: CliCommand = {
  name: 'area',
  usage: 'area FILE [--crs C] [--encoding E] --json OUT',
  summary: 'ellipsoidal CGCS2000 area of every feature, in m² and 亩',
  options: { values: ['crs', 'encoding', 'json', 'fields'] },
  async run() {
    throw new CliError('the "area" command is not built yet');
  },
};
