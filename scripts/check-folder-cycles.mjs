#!/usr/bin/env node
// Fails when the folders of src/ import each other in a cycle (scenario → report → scenario): the code is meant
// to flow one way (topology → runtime → observe → lab → scenario → report → cli), so a folder can be read, tested
// and changed without the ones above it. Cycles between files of one folder are that folder's own business.
// Usage: node scripts/check-folder-cycles.mjs [--depth N] [--root DIR]
//   depth 2 also checks sub-folders (e.g. sentinel/core); root defaults to the project's src/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

function flag(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const root = resolve(flag('--root', join(dirname(new URL(import.meta.url).pathname), '..', 'src')));
const depth = Number(flag('--depth', '1'));

/** src/scenario/steps/x.ts → "scenario" at depth 1, "scenario/steps" at depth 2; files directly in src/ → "." */
function folderOf(file) {
  const parts = relative(root, file).split('/').slice(0, -1);
  return parts.length === 0 ? '.' : parts.slice(0, depth).join('/');
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

// folder → folder → one import that makes the edge (to name it in the message)
const edges = new Map();
for (const file of sourceFiles(root)) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const target = resolve(dirname(file), fileName.replace(/\.js$/, '.ts'));
    const from = folderOf(file);
    const to = folderOf(target);
    if (from === to || from === '.' || to === '.') continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${relative(root, file)} imports ${fileName}`);
  }
}

// Tarjan's strongly connected components: every component with more than one folder is a cycle.
let index = 0;
const stack = [];
const info = new Map();
const cycles = [];
function visit(node) {
  info.set(node, { index, low: index, onStack: true });
  index++;
  stack.push(node);
  for (const next of edges.get(node)?.keys() ?? []) {
    if (!info.has(next)) {
      visit(next);
      info.get(node).low = Math.min(info.get(node).low, info.get(next).low);
    } else if (info.get(next).onStack) {
      info.get(node).low = Math.min(info.get(node).low, info.get(next).index);
    }
  }
  if (info.get(node).low === info.get(node).index) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      info.get(member).onStack = false;
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push(component.sort());
  }
}
for (const node of [...edges.keys()].sort()) if (!info.has(node)) visit(node);

if (cycles.length === 0) {
  console.log(`no import cycles between the folders of src/ (depth ${depth})`);
} else {
  for (const cycle of cycles) {
    console.error(`import cycle between src/ folders: ${cycle.join(', ')}`);
    for (const from of cycle) {
      for (const [to, example] of edges.get(from) ?? []) if (cycle.includes(to)) console.error(`  ${from} → ${to}: ${example}`);
    }
  }
  console.error('Move what both need into the lower folder, or pass it in (an interface, a callback, an event).');
  process.exit(1);
}
