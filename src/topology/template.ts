/**
 * A small subset of Mustache, enough for config files and the compose file, with no dependency and no HTML
 * escaping (these are not web pages):
 *   {{path.to.value}}           the value; a missing value is an error, so a typo never renders an empty line
 *   {{.}}                       the current item inside a list section
 *   {{#key}}...{{/key}}         a list repeats its body per item; any other truthy value renders it once
 *   {{^key}}...{{/key}}         renders when the value is missing, false or an empty list
 * A line holding only a section tag is dropped entirely, so sections do not leave blank lines.
 */
export type TemplateContext = Record<string, unknown>;

export class TemplateError extends Error {}

const standaloneSectionLine = /^[ \t]*\{\{[#^/][^}]+\}\}[ \t]*\r?\n/gm;

export function renderTemplate(template: string, context: TemplateContext, source = 'template'): string {
  return renderSection(
    template.replace(standaloneSectionLine, (line) => line.trim()),
    [context],
    source,
  );
}

function renderSection(template: string, stack: unknown[], source: string): string {
  let out = '';
  let rest = template;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) return out + rest;
    out += rest.slice(0, open);
    const close = rest.indexOf('}}', open);
    if (close < 0) throw new TemplateError(`${source}: unclosed '{{'`);
    const tag = rest.slice(open + 2, close).trim();
    rest = rest.slice(close + 2);
    const sigil = tag[0];
    if (sigil === '#' || sigil === '^') {
      const key = tag.slice(1).trim();
      const end = findSectionEnd(rest, key, source);
      const body = rest.slice(0, end.bodyEnd);
      rest = rest.slice(end.after);
      const value = lookup(stack, key);
      const truthy = Array.isArray(value) ? value.length > 0 : Boolean(value);
      if (sigil === '^') {
        if (!truthy) out += renderSection(body, stack, source);
      } else if (Array.isArray(value)) {
        for (const item of value) out += renderSection(body, [...stack, item], source);
      } else if (truthy) {
        out += renderSection(body, typeof value === 'object' ? [...stack, value] : stack, source);
      }
    } else if (sigil === '/') {
      throw new TemplateError(`${source}: '{{${tag}}}' closes a section that was never opened`);
    } else {
      const value = lookup(stack, tag);
      if (value === undefined || value === null) throw new TemplateError(`${source}: no value for '{{${tag}}}'`);
      out += String(value);
    }
  }
}

/** Finds the matching {{/key}}, skipping nested sections of the same key. */
function findSectionEnd(text: string, key: string, source: string): { bodyEnd: number; after: number } {
  const tags = new RegExp(`\\{\\{\\s*([#^/])\\s*${escapeRegExp(key)}\\s*\\}\\}`, 'g');
  let depth = 1;
  for (let match = tags.exec(text); match; match = tags.exec(text)) {
    depth += match[1] === '/' ? -1 : 1;
    if (depth === 0) return { bodyEnd: match.index, after: match.index + match[0].length };
  }
  throw new TemplateError(`${source}: section '${key}' is never closed with '{{/${key}}}'`);
}

function lookup(stack: unknown[], path: string): unknown {
  if (path === '.') return stack[stack.length - 1];
  const [head, ...tail] = path.split('.');
  for (let i = stack.length - 1; i >= 0; i--) {
    const frame = stack[i];
    if (frame !== null && typeof frame === 'object' && head! in (frame as object)) {
      return tail.reduce<unknown>(
        (value, key) => (value as Record<string, unknown> | undefined)?.[key],
        (frame as Record<string, unknown>)[head!],
      );
    }
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
