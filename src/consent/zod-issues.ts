import type { z } from 'zod';

/** Internal: turning zod issues into readable locations and messages for ImportIssue. */

export type ZodIssue = z.core.$ZodIssue;
export type IssuePath = readonly PropertyKey[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['pupils', 3, 'consent', 'website']` → `pupils[3].consent.website`; odd keys are quoted: `consent["school-app"]`. */
export function formatIssuePath(path: IssuePath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
    } else {
      const name = typeof key === 'symbol' ? (key.description ?? 'symbol') : key;
      if (IDENTIFIER.test(name)) out += out.length > 0 ? `.${name}` : name;
      else out += `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

/** One zod issue as one or more (path, message) pairs; `unrecognized_keys` gives one entry per unknown key. */
export function explainZodIssue(issue: ZodIssue): { path: PropertyKey[]; message: string }[] {
  const path = [...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field "${key}"` }));
    case 'invalid_key': {
      const key = path[path.length - 1];
      const reason = issue.issues[0]?.message ?? issue.message;
      return [{ path, message: `"${String(key)}" is not a valid key here: ${reason}` }];
    }
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) {
        return [{ path, message: `is missing (expected ${issue.expected})` }];
      }
      return [{ path, message: issue.message }];
    default:
      return [{ path, message: issue.message }];
  }
}
