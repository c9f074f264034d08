import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, type CliCommand } from '../cliSupport.ts';
import { openDatabase } from '../../server/db/database.ts';
import { verifyServerChain } from '../../server/audit/serverAudit.ts';

/**
 * `audit verify --data DIR` (or DATABASE_URL): walks the server's hash-chained audit log and
 * prints {ok, length, headHash}; exits 1 naming the first broken entry. Run it on a PGlite
 * folder only while the server is stopped (PGlite is one process's database).
 */
export const auditCommand: CliCommand = {
  name: 'audit',
  usage: 'audit verify [--data DIR]   (or DATABASE_URL=postgres://…)',
  summary: "verifies the server's hash-chained audit log (审计日志校验)",
  options: { values: ['data'] },
  async run(args) {
    if (args.positional[0] !== 'verify') throw new CliError('用法：audit verify --data DIR（或设置 DATABASE_URL） / usage: audit verify --data DIR (or DATABASE_URL)');
    const url = process.env.DATABASE_URL || undefined;
    const dataDir = resolve(args.options.data?.[0] ?? './shuidi-data');
    if (!url && !existsSync(dataDir)) throw new CliError(`数据目录不存在：${dataDir} / no data folder at ${dataDir}`);
    const db = await openDatabase({ url, dataDir });
    try {
      const tables = await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'audit_log'");
      if (!tables.length) throw new CliError('该数据库中没有水地服务器的审计日志 / this database holds no Shuidi server audit log');
      const check = await verifyServerChain(db);
      if (!check.ok) throw new CliError(`审计链校验失败：${check.message}（${check.problem}） / audit chain broken: ${check.messageEn}`);
      process.stdout.write(`${JSON.stringify(check)}\n`);
    } finally {
      await db.close();
    }
  },
};
