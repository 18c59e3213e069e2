import type { Node as YamlNode } from 'yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

/** One problem in a scenario file, with where it is, so all of them can be reported together. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/** A parsed YAML file that remembers positions, and collects problems instead of throwing at the first one. */
export class YamlSource {
  readonly problems: Problem[] = [];
  readonly root: YamlNode | null;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false });
    for (const error of doc.errors) {
      const pos = this.lines.linePos(error.pos[0]);
      this.problems.push({ file, line: pos.line, column: pos.col, message: `not valid YAML: ${error.message.split('\n')[0]}` });
    }
    this.root = doc.errors.length > 0 ? null : ((doc.contents as YamlNode | null) ?? null);
  }

  report(node: YamlNode | null | undefined, message: string): void {
    const offset = node?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset);
    this.problems.push({ file: this.file, line: pos.line, column: pos.col, message });
  }

  line(node: YamlNode | null | undefined): number {
    return this.lines.linePos(node?.range?.[0] ?? 0).line;
  }
}

/** The entries of a YAML map as [key, value node, key node], or undefined when it is not a map. */
export function mapEntries(node: YamlNode | null | undefined): [string, YamlNode | null, YamlNode][] | undefined {
  if (!isMap(node)) return undefined;
  return node.items.map((pair) => {
    const key = pair.key as YamlNode;
    return [isScalar(key) ? String(key.value) : String(key), (pair.value as YamlNode | null) ?? null, key];
  });
}

export function seqItems(node: YamlNode | null | undefined): YamlNode[] | undefined {
  if (!isSeq(node)) return undefined;
  return node.items as YamlNode[];
}

export function scalarValue(node: YamlNode | null | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

export { isMap, isScalar, isSeq };
