import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const KERNEL_TABLES = ['customer', 'contact'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name) && !/\.test\./.test(name)) out.push(path);
  }
  return out;
}

const packages = ['plugins', 'examples'].flatMap((group) =>
  readdirSync(join(root, group))
    .filter((name) => statSync(join(root, group, name, 'src'), { throwIfNoEntry: false })?.isDirectory())
    .map((name) => join(root, group, name)),
);

const tables = KERNEL_TABLES.join('|');
/** `db.selectFrom('customer as c')`, `.innerJoin("contact")`, … */
const builderCall = new RegExp(
  `\\b(selectFrom|innerJoin|leftJoin|rightJoin|fullJoin|updateTable|deleteFrom|insertInto|replaceInto|mergeInto)\\(\\s*['"\`](${tables})( as [A-Za-z_]+)?['"\`]`,
);
/** `sql\`select … from customer …\`` */
const rawSql = new RegExp(`\\b(from|join|update|into)\\s+"?(${tables})"?(?![A-Za-z0-9_])`, 'i');

function offences(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (builderCall.test(line)) found.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
  });
  for (const m of text.matchAll(/\bsql`([^`]*)`/g))
    if (rawSql.test(m[1]!)) found.push(`${relative(root, file)}: sql\`${m[1]!.trim().slice(0, 80)}\``);
  return found;
}

describe('plugins ask the registry, never the kernel’s customer tables', () => {
  it('finds the packages to check', () => {
    expect(packages.map((p) => relative(root, p))).toEqual(
      expect.arrayContaining(['plugins/credit', 'plugins/receivables', 'examples/custom-plugin']),
    );
  });

  it.each(packages.map((p) => [relative(root, p), p]))('%s names no customer or contact table', (_, dir) => {
    expect(sourceFiles(join(dir, 'src')).flatMap(offences)).toEqual([]);
  });

  it('recognises the forms it forbids', () => {
    expect(builderCall.test(`.innerJoin('customer as cu', 'cu.id', 'r.customer_id')`)).toBe(true);
    expect(builderCall.test(`db.selectFrom("contact")`)).toBe(true);
    expect(builderCall.test(`db.selectFrom('customer_access_grant')`)).toBe(false);
    expect(rawSql.test('select name from customer where id = ?')).toBe(true);
    expect(rawSql.test('select * from rcv_invoice join contact c on c.id = x')).toBe(true);
    expect(rawSql.test('select customer_id from rcv_invoice')).toBe(false);
  });
});
