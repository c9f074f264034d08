import { CliError, type CliCommand } from '../cliSupport.ts';

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import FILE… [--encoding E] [--crs C] [--fields M] --json OUT',
  summary: 'reads one layer (Shapefile .zip or loose files, GeoJSON) and writes it as lon/lat GeoJSON with its CRS, encoding and warnings',
  options: { values: ['encoding', 'crs', 'fields', 'json', 'kind'] },
  async run() {
    throw new CliError('the "import" command is not built yet');
  },
};
