import { BootError } from '../errors.js';

interface Node {
  name: string;
  requires?: readonly string[];
  optional?: readonly string[];
}

/**
 * Orders plugins so each comes after what it requires (and after optional ones that are enabled),
 * keeping the listed order otherwise. A missing requirement or a cycle is one BootError naming them.
 */
export function orderPlugins<T extends Node>(plugins: readonly T[]): T[] {
  const byName = new Map<string, T>();
  for (const p of plugins) {
    if (byName.has(p.name)) throw new BootError(`Plugin "${p.name}" is listed twice`);
    byName.set(p.name, p);
  }
  const missing = plugins.flatMap((p) =>
    (p.requires ?? []).filter((r) => !byName.has(r)).map((r) => `"${p.name}" requires "${r}"`),
  );
  if (missing.length > 0)
    throw new BootError(`Missing required plugin: ${missing.join('; ')}, which is not enabled`);

  const deps = (p: T) => [...(p.requires ?? []), ...(p.optional ?? []).filter((o) => byName.has(o))];
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: T, path: string[]) => {
    const s = state.get(p.name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(p.name)), p.name];
      throw new BootError(`Plugin dependency cycle: ${cycle.join(' -> ')}`);
    }
    state.set(p.name, 'visiting');
    for (const d of deps(p)) visit(byName.get(d)!, [...path, p.name]);
    state.set(p.name, 'done');
    ordered.push(p);
  };
  for (const p of plugins) visit(p, []);
  return ordered;
}
