import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !path.includes(`${sep}test${sep}`)
      ? [path]
      : [];
  });
}

/** A kernel folder (`registry`, `hooks`, …), or the file itself for the files at the top of `src`. */
const moduleOf = (file: string): string => {
  const rel = relative(src, file).split(sep);
  return rel.length === 1 ? rel[0]!.replace(/\.tsx?$/, '') : rel[0]!;
};

/** Relative imports of a file, type-only ones included (they tie the modules together just the same). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/\b(?:import|export)\s[^'"`;]*?\bfrom\s+['"](\.[^'"]+)['"]/g),
    ...text.matchAll(/\bimport\s*\(\s*['"](\.[^'"]+)['"]\s*\)/g),
    ...text.matchAll(/\bimport\s+['"](\.[^'"]+)['"]/g),
    ...text.matchAll(/\bdeclare\s+module\s+['"](\.[^'"]+)['"]/g),
  ].map((m) => m[1]!);
  return specs.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

/** Module → modules it imports, for every kernel source file. */
export function moduleGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of files(src)) {
    const from = moduleOf(file);
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    for (const target of importsOf(file)) {
      const to = moduleOf(target);
      if (to !== from && !edges.has(to)) edges.set(to, `${relative(src, file)} → ${relative(src, target)}`);
    }
  }
  return graph;
}

/** Each import chain that leads from a module back to itself, shortest first (one per module). */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
  const found: string[][] = [];
  for (const start of graph.keys()) {
    const queue: string[][] = [[start]];
    const seen = new Set([start]);
    while (queue.length) {
      const path = queue.shift()!;
      const edges = graph.get(path.at(-1)!) ?? new Map();
      if (edges.has(start)) {
        found.push(
          [...path, start]
            .map((m, i, all) => (i < all.length - 1 ? graph.get(m)!.get(all[i + 1]!)! : m))
            .slice(0, -1),
        );
        break;
      }
      for (const next of edges.keys())
        if (!seen.has(next)) {
          seen.add(next);
          queue.push([...path, next]);
        }
    }
  }
  return found;
}

describe('kernel modules', () => {
  it('import each other without cycles (a folder, or a file at the top of src, is one module)', () => {
    const graph = moduleGraph();
    expect(graph.has('registry') && graph.has('hooks') && graph.has('kernel')).toBe(true);
    expect(cycles(graph)).toEqual([]);
  });

  it('keep the hook bus free of the customer archive', () => {
    expect([...(moduleGraph().get('hooks')?.keys() ?? [])]).not.toContain('registry');
  });
});
