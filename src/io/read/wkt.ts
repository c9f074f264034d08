/**
 * A small WKT tokenizer/parser for .prj text (ESRI WKT, OGC WKT1, WKT2): KEYWORD[args…] → tree.
 * We read the tree ourselves instead of handing WKT to proj4: its reader (wkt-parser, which reads
 * WKT2 too since 1.5) has mishandled ESRI Gauss_Kruger in the past (proj4js issues 328, 143 and
 * pull request 459), and the CRS detection needs the names and parameters, not just a projection.
 */
export interface WktNode {
  keyword: string;
  args: (string | number | WktNode)[];
}

export function parseWkt(text: string): WktNode {
  let at = 0;
  const src = text.replace(/^\uFEFF/, '').trim();

  function skipSpace(): void {
    while (at < src.length && /[\s,]/.test(src[at])) at++;
  }
  function node(): WktNode {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(at, at + 40));
    if (!match) throw new SyntaxError(`WKT: expected a keyword at ${at}`);
    at += match[0].length;
    skipSpace();
    const open = src[at];
    if (open !== '[' && open !== '(') return { keyword: match[0].toUpperCase(), args: [] };
    const close = open === '[' ? ']' : ')';
    at++;
    const args: (string | number | WktNode)[] = [];
    skipSpace();
    while (at < src.length && src[at] !== close) {
      args.push(value());
      skipSpace();
    }
    if (src[at] !== close) throw new SyntaxError('WKT: unbalanced brackets');
    at++;
    return { keyword: match[0].toUpperCase(), args };
  }
  function value(): string | number | WktNode {
    const c = src[at];
    if (c === '"') {
      let out = '';
      at++;
      while (at < src.length) {
        if (src[at] === '"' && src[at + 1] === '"') { out += '"'; at += 2; continue; }
        if (src[at] === '"') break;
        out += src[at++];
      }
      at++;
      return out;
    }
    const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(at, at + 40));
    if (num) {
      at += num[0].length;
      return Number(num[0]);
    }
    return node();
  }
  const root = node();
  return root;
}

export function children(node: WktNode, ...keywords: string[]): WktNode[] {
  return node.args.filter((a): a is WktNode => typeof a === 'object' && keywords.includes(a.keyword));
}

export function child(node: WktNode, ...keywords: string[]): WktNode | undefined {
  return children(node, ...keywords)[0];
}

/** Depth-first search for the first node with one of the keywords. */
export function find(node: WktNode, ...keywords: string[]): WktNode | undefined {
  for (const arg of node.args) {
    if (typeof arg !== 'object') continue;
    if (keywords.includes(arg.keyword)) return arg;
    const deeper = find(arg, ...keywords);
    if (deeper) return deeper;
  }
  return undefined;
}

export function nameOf(node: WktNode | undefined): string {
  return node && typeof node.args[0] === 'string' ? node.args[0] : '';
}

export function numberArg(node: WktNode | undefined, index: number): number | undefined {
  const v = node?.args[index];
  return typeof v === 'number' ? v : undefined;
}

/** All PARAMETER[name, value] under the node (not descending into nested CRSs), name normalised. */
export function parameters(node: WktNode): Map<string, number> {
  const out = new Map<string, number>();
  const visit = (n: WktNode): void => {
    for (const arg of n.args) {
      if (typeof arg !== 'object') continue;
      if (arg.keyword === 'PARAMETER') {
        const value = numberArg(arg, 1);
        if (value !== undefined) out.set(normalizeParam(nameOf(arg)), value);
      } else if (arg.keyword === 'CONVERSION' || arg.keyword === 'DERIVINGCONVERSION') {
        visit(arg);
      }
    }
  };
  visit(node);
  return out;
}

function normalizeParam(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}
