import { describe, expect, it } from 'vitest';
import { BootError } from '../errors.js';
import { orderPlugins } from './plugin-order.js';

const names = (list: { name: string }[]) => list.map((p) => p.name);

describe('orderPlugins', () => {
  it('keeps the listed order when nothing depends on anything', () => {
    expect(names(orderPlugins([{ name: 'c' }, { name: 'a' }, { name: 'b' }]))).toEqual(['c', 'a', 'b']);
  });

  it('puts every plugin after what it requires, transitively', () => {
    const ordered = orderPlugins([
      { name: 'credit', requires: ['receivables'] },
      { name: 'alerts', requires: ['credit'] },
      { name: 'receivables' },
    ]);
    expect(names(ordered)).toEqual(['receivables', 'credit', 'alerts']);
  });

  it('puts a plugin after its optional companions only when they are enabled', () => {
    expect(
      names(orderPlugins([{ name: 'complaints', optional: ['key-accounts'] }, { name: 'key-accounts' }])),
    ).toEqual(['key-accounts', 'complaints']);
    expect(names(orderPlugins([{ name: 'complaints', optional: ['key-accounts'] }]))).toEqual(['complaints']);
  });

  it('names every missing requirement in one error', () => {
    const run = () =>
      orderPlugins([
        { name: 'credit', requires: ['receivables', 'ledger'] },
        { name: 'alerts', requires: ['sms'] },
      ]);
    expect(run).toThrow(BootError);
    expect(run).toThrow(
      'Missing required plugin: "credit" requires "receivables"; "credit" requires "ledger"; "alerts" requires "sms", which is not enabled',
    );
  });

  it('names the cycle', () => {
    expect(() =>
      orderPlugins([
        { name: 'a', requires: ['b'] },
        { name: 'b', requires: ['c'] },
        { name: 'c', requires: ['a'] },
      ]),
    ).toThrow('Plugin dependency cycle: a -> b -> c -> a');
    expect(() => orderPlugins([{ name: 'self', requires: ['self'] }])).toThrow(
      'Plugin dependency cycle: self -> self',
    );
  });

  it('refuses a plugin listed twice', () => {
    expect(() => orderPlugins([{ name: 'a' }, { name: 'a' }])).toThrow('Plugin "a" is listed twice');
  });
});
