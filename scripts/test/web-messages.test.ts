// The web app's English and Hindi messages (apps/web/messages) must say the same things: every key in both, and
// each message with the same ICU placeholders ({amount}, {count, plural, ...}), or a page shows a raw key or drops a value.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/paths.js';

type Tree = { [key: string]: string | Tree };

const load = (locale: string): Tree =>
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'apps/web/messages', `${locale}.json`), 'utf8')) as Tree;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** The argument names of an ICU message, with their type: "{n, plural, one {# min} other {# mins}} {name}" → ["n:plural", "name"]. */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  let depth = 0;
  for (let i = 0; i < message.length; i++) {
    const ch = message[i];
    if (ch === "'" && (message[i + 1] === '{' || message[i + 1] === '}')) {
      const end = message.indexOf("'", i + 1);
      i = end === -1 ? message.length : end;
      continue;
    }
    if (ch === '{') {
      // An argument opens at depth 0, or inside a plural/select branch (which sits at an odd depth: {arg, plural, x {…}}).
      const m = /^\{\s*([A-Za-z_][\w]*)\s*(?:,\s*(\w+))?/.exec(message.slice(i));
      if (m && (depth === 0 || depth % 2 === 0) && m[1]) found.add(m[2] ? `${m[1]}:${m[2]}` : m[1]);
      depth++;
    } else if (ch === '}') depth--;
  }
  return [...found].sort();
}

describe('web messages', () => {
  const en = flatten(load('en'));
  const hi = flatten(load('hi'));

  it('has the same keys in English and Hindi', () => {
    expect([...hi.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it('uses the same placeholders in both languages', () => {
    const differing = [...en].filter(([key, text]) => hi.has(key) && placeholders(text).join() !== placeholders(hi.get(key)!).join());
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it('has no empty message', () => {
    expect([...en, ...hi].filter(([, text]) => !text.trim()).map(([key]) => key)).toEqual([]);
  });

  it('reads placeholders inside plural branches', () => {
    expect(placeholders('{count, plural, one {# review by {name}} other {# reviews}} for {amount}')).toEqual(['amount', 'count:plural', 'name']);
  });
});
