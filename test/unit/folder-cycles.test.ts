// scripts/check-folder-cycles.mjs is what `npm run lint` relies on to keep src/ folders acyclic: it must fail on a
// cycle and name the import that closes it, and stay quiet on imports within one folder.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';

const script = join(process.cwd(), 'scripts', 'check-folder-cycles.mjs');
const roots: string[] = [];

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'folder-cycles-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function check(root: string, depth = 1) {
  return spawnSync(process.execPath, [script, '--root', root, '--depth', String(depth)], { encoding: 'utf8' });
}

after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('check-folder-cycles', () => {
  it('passes when folders import one way', () => {
    const root = tree({
      'topology/a.ts': 'export const a = 1;\n',
      'scenario/b.ts': "import { a } from '../topology/a.js';\nexport const b = a;\n",
      'scenario/c.ts': "import { b } from './b.js';\nexport const c = b;\n",
    });
    const result = check(root);
    assert.equal(result.status, 0, result.stderr);
  });

  it('fails on a cycle through type-only imports too, naming each edge', () => {
    const root = tree({
      'scenario/run.ts': "import { render } from '../report/render.js';\nexport const run = render;\n",
      'report/render.ts': "import type { Run } from '../scenario/types.js';\nexport const render = (r?: Run) => r;\n",
      'scenario/types.ts': 'export interface Run { id: string }\n',
    });
    const result = check(root);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /import cycle between src\/ folders: report, scenario/);
    assert.match(result.stderr, /report → scenario: report\/render\.ts imports \.\.\/scenario\/types\.js/);
    assert.match(result.stderr, /scenario → report: scenario\/run\.ts imports \.\.\/report\/render\.js/);
  });

  it('looks into sub-folders only at depth 2', () => {
    const root = tree({
      'sentinel/core/a.ts': "import { b } from '../resp/b.js';\nexport const a = b;\n",
      'sentinel/resp/b.ts': "import type { A } from '../core/types.js';\nexport const b = 1 as unknown as A;\n",
      'sentinel/core/types.ts': 'export type A = number;\n',
    });
    assert.equal(check(root, 1).status, 0);
    assert.equal(check(root, 2).status, 1);
  });
});
