import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestKehu, testDatabases } from '@kehu/core/testing';
import { consolePlugin } from '@kehu/plugin-console';
import { creditPlugin, REFUSAL_CODES } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';

// In Chinese a form's refusal is said by the plugin's `kit.<code>` entry; without one the API's English
// sentence would stand in a Chinese page. Every refusal code the plugins' rules can answer must have
// its Chinese words.

const root = join(import.meta.dirname, '../../plugins');
/** Codes the kit says in its own words, or a page answers itself (the 404 and 403 pages). */
const KIT = new Set(['not_found', 'forbidden', 'validation_failed', 'custom']);

/** The problem codes a plugin's rules and routes throw, read from its sources. */
function refusalCodes(plugin: string): string[] {
  const dir = join(root, plugin, 'src');
  const codes = new Set<string>();
  const call =
    /\b(?:fieldProblem|stateConflict|DomainError|conflict|badRequest)\(\s*(?:\d{3}\s*,\s*)?'([a-z][a-z0-9_]*)'/g;
  const literal = /\bcode: '([a-z][a-z0-9_]*)'/g;
  for (const file of readdirSync(dir, { recursive: true }) as string[]) {
    if (!/\.ts$/.test(file) || /(^|\/)ui[^/]*\.tsx?$|\.test\.ts$/.test(file)) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(call)) codes.add(m[1]!);
    for (const m of text.matchAll(literal)) codes.add(m[1]!);
  }
  return [...codes].filter((c) => !KIT.has(c)).sort();
}

describe('refusals in Chinese', () => {
  it('has zh-CN words for every refusal code of receivables (and the credit check it shows) and credit', async () => {
    const t = await createTestKehu(testDatabases()[0]!, {
      plugins: [consolePlugin, receivablesPlugin, creditPlugin],
    });
    try {
      const missing = (plugin: string, codes: readonly string[]) => {
        const zh = t.kernel.ui.messages.get(plugin)?.['zh-CN'] ?? {};
        return [...new Set(codes)].filter((c) => !zh[`kit.${c}`]);
      };
      const receivables = refusalCodes('receivables');
      const credit = refusalCodes('credit');
      // The scan finds the codes it should (a broken pattern would pass vacuously).
      expect(receivables).toEqual(
        expect.arrayContaining(['exceeds_outstanding', 'period_closed', 'same_person']),
      );
      expect(credit).toEqual(expect.arrayContaining(['weights_must_sum_to_one', 'expiry_not_in_future']));
      expect({ receivables: missing('receivables', [...receivables, ...REFUSAL_CODES]) }).toEqual({
        receivables: [],
      });
      expect({ credit: missing('credit', [...credit, ...REFUSAL_CODES]) }).toEqual({ credit: [] });
    } finally {
      await t.close();
    }
  });
});
