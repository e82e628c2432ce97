/**
 * JSON Schema (draft 2020-12, as zod's `toJSONSchema` writes it) to a TypeScript type expression.
 * Covers what route schemas produce: objects, records, arrays, tuples, enums, consts, unions,
 * intersections and local `$ref`s; anything else is `unknown`, never a wrong type.
 */
type Schema = boolean | Record<string, unknown>;

export interface TsOptions {
  /** `#/components/schemas/Name` → the TypeScript name to use. */
  componentName?(name: string): string;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k: string) => (IDENT.test(k) ? k : JSON.stringify(k));
const pad = (depth: number) => '  '.repeat(depth);
const needsParens = (t: string) => /[|&]/.test(t) && !/^[{(]/.test(t);

function comment(s: Record<string, unknown>, depth: number): string {
  const text = typeof s.description === 'string' ? s.description.trim() : '';
  if (!text) return '';
  const safe = text.replace(/\*\//g, '*\\/');
  return safe.includes('\n')
    ? `${pad(depth)}/**\n${safe
        .split('\n')
        .map((l) => `${pad(depth)} * ${l}`)
        .join('\n')}\n${pad(depth)} */\n`
    : `${pad(depth)}/** ${safe} */\n`;
}

function union(types: string[]): string {
  const unique = [...new Set(types)];
  if (unique.includes('unknown')) return 'unknown';
  if (unique.length === 0) return 'never';
  return unique.join(' | ');
}

export function schemaToTs(
  schema: Schema | undefined,
  options: TsOptions = {},
  depth = 0,
  root?: Schema,
): string {
  if (schema === undefined || schema === true) return 'unknown';
  if (schema === false) return 'never';
  const s = schema;
  const top = root ?? schema;

  if (typeof s.$ref === 'string') {
    const ref = s.$ref;
    const component = /^#\/components\/schemas\/(.+)$/.exec(ref);
    if (component) return options.componentName ? options.componentName(component[1]!) : component[1]!;
    const local = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
    if (local && typeof top === 'object') {
      const defs = top[local[1]!] as Record<string, Schema> | undefined;
      return schemaToTs(defs?.[local[2]!], options, depth, top);
    }
    return 'unknown';
  }
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return union(s.enum.map((v) => JSON.stringify(v)));
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const parts = ((s.anyOf ?? s.oneOf) as Schema[]).map((p) => schemaToTs(p, options, depth, top));
    return union(parts.map((p) => (needsParens(p) ? `(${p})` : p)));
  }
  if (Array.isArray(s.allOf)) {
    const parts = (s.allOf as Schema[])
      .map((p) => schemaToTs(p, options, depth, top))
      .filter((p) => p !== 'unknown');
    return parts.length === 0 ? 'unknown' : parts.map((p) => (needsParens(p) ? `(${p})` : p)).join(' & ');
  }
  if (Array.isArray(s.type)) {
    return union((s.type as string[]).map((t) => schemaToTs({ ...s, type: t }, options, depth, top)));
  }
  switch (s.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      if (Array.isArray(s.prefixItems)) {
        const items = (s.prefixItems as Schema[]).map((p) => schemaToTs(p, options, depth, top));
        return `[${items.join(', ')}]`;
      }
      const item = schemaToTs(s.items as Schema | undefined, options, depth, top);
      return needsParens(item) ? `(${item})[]` : `${item}[]`;
    }
    case 'object':
      return objectToTs(s, options, depth, top);
    default:
      return 'unknown';
  }
}

function objectToTs(s: Record<string, unknown>, options: TsOptions, depth: number, top: Schema): string {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  const extra = s.additionalProperties;
  const names = Object.keys(props);
  const index =
    extra === undefined || extra === false ? undefined : schemaToTs(extra as Schema, options, depth + 1, top);
  if (names.length === 0) return `Record<string, ${index ?? 'unknown'}>`;
  const lines = names.map((name) => {
    const prop = props[name]!;
    const doc = typeof prop === 'object' ? comment(prop, depth + 1) : '';
    return `${doc}${pad(depth + 1)}${key(name)}${required.has(name) ? '' : '?'}: ${schemaToTs(prop, options, depth + 1, top)};`;
  });
  const body = `{\n${lines.join('\n')}\n${pad(depth)}}`;
  return index ? `${body} & Record<string, ${index}>` : body;
}
