import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TemplateContext } from '../../src/topology/template.js';
import { renderTemplate, TemplateError } from '../../src/topology/template.js';

describe('renderTemplate renders', () => {
  const cases: { title: string; template: string; context: TemplateContext; output: string }[] = [
    { title: 'a value', template: 'port {{port}}\n', context: { port: 6379 }, output: 'port 6379\n' },
    { title: 'spaces inside the tag', template: 'port {{ port }}', context: { port: 6379 }, output: 'port 6379' },
    { title: 'a zero and false as text', template: '{{a}} {{b}}', context: { a: 0, b: false }, output: '0 false' },
    {
      title: 'a dotted path',
      template: '{{node.address.host}}:{{node.address.port}}',
      context: { node: { address: { host: '10.0.0.1', port: 26379 } } },
      output: '10.0.0.1:26379',
    },
    { title: 'no HTML escaping', template: '{{v}}', context: { v: '<a & "b">' }, output: '<a & "b">' },
    { title: 'a value that looks like a tag, verbatim', template: '{{v}}!', context: { v: '{{x}}' }, output: '{{x}}!' },
    {
      title: 'a list section once per item',
      template: '{{#items}}[{{.}}]{{/items}}',
      context: { items: ['a', 'b', 'c'] },
      output: '[a][b][c]',
    },
    { title: 'an empty list section not at all', template: 'x{{#items}}[{{.}}]{{/items}}y', context: { items: [] }, output: 'xy' },
    {
      title: 'a list of objects, with outer values visible inside',
      template: '{{#replicas}}{{master}} {{host}} {{port}};{{/replicas}}',
      context: {
        master: 'mymaster',
        replicas: [
          { host: 'h1', port: 1 },
          { host: 'h2', port: 2 },
        ],
      },
      output: 'mymaster h1 1;mymaster h2 2;',
    },
    {
      title: 'an object section with its fields',
      template: '{{#to}}{{host}} {{port}}{{/to}}',
      context: { to: { host: 'h', port: 7 } },
      output: 'h 7',
    },
    {
      title: 'a truthy string section once',
      template: '{{#password}}auth {{password}}{{/password}}',
      context: { password: 'pw' },
      output: 'auth pw',
    },
    { title: 'a missing section as nothing', template: 'a{{#password}}auth{{/password}}b', context: {}, output: 'ab' },
    { title: 'an inverted section when the value is missing', template: '{{^password}}open{{/password}}', context: {}, output: 'open' },
    { title: 'an inverted section when the value is false', template: '{{^on}}off{{/on}}', context: { on: false }, output: 'off' },
    { title: 'an inverted section when the list is empty', template: '{{^items}}none{{/items}}', context: { items: [] }, output: 'none' },
    {
      title: 'no inverted section when the value is set',
      template: '{{^password}}open{{/password}}',
      context: { password: 'pw' },
      output: '',
    },
    {
      title: 'nested sections of the same key',
      template: '{{#a}}<{{#a}}in{{/a}}>{{/a}}',
      context: { a: true },
      output: '<in>',
    },
  ];
  for (const { title, template, context, output } of cases) {
    test(title, () => assert.equal(renderTemplate(template, context), output));
  }
});

describe('renderTemplate drops lines holding only a section tag', () => {
  const template = ['before', '{{#items}}', '  item {{.}}', '{{/items}}', '  {{^items}}  ', 'none', '{{/items}}', 'after', ''].join('\n');
  const cases: { title: string; context: TemplateContext; output: string }[] = [
    { title: 'list with items', context: { items: ['a', 'b'] }, output: 'before\n  item a\n  item b\nafter\n' },
    { title: 'empty list', context: { items: [] }, output: 'before\nnone\nafter\n' },
  ];
  for (const { title, context, output } of cases) {
    test(title, () => {
      const rendered = renderTemplate(template, context);
      assert.equal(rendered, output);
      assert.ok(!/\n\s*\n/.test(rendered), `blank line in:\n${rendered}`);
    });
  }

  test('a tag inside a line of text keeps the line', () => {
    assert.equal(renderTemplate('a {{#on}}b{{/on}} c\nd\n', { on: true }), 'a b c\nd\n');
  });
});

describe('renderTemplate errors', () => {
  const cases: { title: string; template: string; context: TemplateContext; message: RegExp }[] = [
    {
      title: 'a missing value names it and the source',
      template: 'port {{node.prot}}',
      context: { node: { port: 1 } },
      message: /redis\.conf: no value for '\{\{node\.prot\}\}'/,
    },
    { title: 'a missing top-level value', template: 'x {{quorum}}', context: {}, message: /no value for '\{\{quorum\}\}'/ },
    { title: 'a null value', template: '{{v}}', context: { v: null }, message: /no value for '\{\{v\}\}'/ },
    { title: 'an unclosed section', template: '{{#items}}x', context: { items: [1] }, message: /section 'items' is never closed/ },
    { title: 'an unclosed tag', template: 'port {{port', context: { port: 1 }, message: /unclosed '\{\{'/ },
    { title: 'a close without an open', template: 'x{{/items}}', context: {}, message: /closes a section that was never opened/ },
  ];
  for (const { title, template, context, message } of cases) {
    test(title, () => {
      assert.throws(
        () => renderTemplate(template, context, 'templates/redis.conf'),
        (error: unknown) => {
          assert.ok(error instanceof TemplateError, `expected TemplateError, got ${String(error)}`);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});
