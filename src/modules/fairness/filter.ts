import type { AuditRecord, FieldValue } from './types.ts';

/**
 * A small, safe filter language for audit populations (no eval):
 *
 *   expr := and ('||' and)*         and := unary ('&&' unary)*
 *   unary := '!' unary | '(' expr ')' | value op value
 *   value := number | 'string' | "string" | column | `quoted column` | abs(value)
 *   op := == | != | < | <= | > | >=
 *
 * When either side is a number (or `abs(...)`), both sides compare as numbers and a missing or
 * non-numeric field makes the comparison false, the way R drops NA rows in `filter()`. So
 * ProPublica's population is
 * `abs(days_b_screening_arrest) <= 30 && is_recid != -1 && c_charge_degree != 'O' && score_text != 'N/A'`.
 */
export interface RowFilter {
  /** The source expression. */
  source: string;
  /** Columns the expression reads. */
  columns: string[];
  /** True when the record passes. */
  test(record: AuditRecord): boolean;
}

export class FilterSyntaxError extends Error {
  constructor(expression: string, position: number, problem: string) {
    super(`filter '${expression}', at character ${position + 1}: ${problem}`);
    this.name = 'FilterSyntaxError';
  }
}

type Token =
  | { kind: 'num'; value: number; pos: number }
  | { kind: 'str'; value: string; pos: number }
  | { kind: 'ident'; value: string; pos: number }
  | { kind: 'op'; value: string; pos: number }
  | { kind: 'end'; pos: number };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')'];

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const numberMatch = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i));
    if (numberMatch && (c !== '-' || /\d|\./.test(src[i + 1] ?? ''))) {
      tokens.push({ kind: 'num', value: Number(numberMatch[0]), pos: i });
      i += numberMatch[0].length;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        text += src[j];
        j++;
      }
      if (j >= src.length)
        throw new FilterSyntaxError(src, i, `unterminated ${c === '`' ? 'column name' : 'string'}`);
      tokens.push(c === '`' ? { kind: 'ident', value: text, pos: i } : { kind: 'str', value: text, pos: i });
      i = j + 1;
      continue;
    }
    const identMatch = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
    if (identMatch) {
      tokens.push({ kind: 'ident', value: identMatch[0], pos: i });
      i += identMatch[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op === undefined) throw new FilterSyntaxError(src, i, `unexpected character '${c}'`);
    tokens.push({ kind: 'op', value: op, pos: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', pos: src.length });
  return tokens;
}

/** A compiled operand: `numeric` operands force numeric comparison. */
interface Operand {
  numeric: boolean;
  get(record: AuditRecord): FieldValue;
}

type Predicate = (record: AuditRecord) => boolean;

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

function toNumber(v: FieldValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string' || v.trim() === '') return Number.NaN;
  return Number(v);
}

function compare(op: string, a: number | string, b: number | string): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

class Parser {
  private i = 0;
  readonly columns = new Set<string>();
  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private isOp(value: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.value === value;
  }

  private expectOp(value: string): void {
    if (!this.isOp(value)) throw new FilterSyntaxError(this.src, this.peek().pos, `expected '${value}'`);
    this.i++;
  }

  parse(): Predicate {
    const p = this.or();
    const t = this.peek();
    if (t.kind !== 'end')
      throw new FilterSyntaxError(this.src, t.pos, 'unexpected text after the expression');
    return p;
  }

  private or(): Predicate {
    const parts = [this.and()];
    while (this.isOp('||')) {
      this.i++;
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0]! : (r) => parts.some((p) => p(r));
  }

  private and(): Predicate {
    const parts = [this.unary()];
    while (this.isOp('&&')) {
      this.i++;
      parts.push(this.unary());
    }
    return parts.length === 1 ? parts[0]! : (r) => parts.every((p) => p(r));
  }

  private unary(): Predicate {
    if (this.isOp('!')) {
      this.i++;
      const inner = this.unary();
      return (r) => !inner(r);
    }
    if (this.isOp('(')) {
      this.i++;
      const inner = this.or();
      this.expectOp(')');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Predicate {
    const left = this.operand();
    const t = this.peek();
    if (t.kind !== 'op' || !COMPARISONS.has(t.value)) {
      throw new FilterSyntaxError(this.src, t.pos, 'expected a comparison (==, !=, <, <=, >, >=)');
    }
    this.i++;
    const op = t.value;
    const right = this.operand();
    if (left.numeric || right.numeric) {
      return (r) => {
        const a = toNumber(left.get(r));
        const b = toNumber(right.get(r));
        return !Number.isNaN(a) && !Number.isNaN(b) && compare(op, a, b);
      };
    }
    return (r) => {
      const a = left.get(r);
      const b = right.get(r);
      if (a === null || a === undefined || b === null || b === undefined) return false;
      const na = toNumber(a);
      const nb = toNumber(b);
      if (!Number.isNaN(na) && !Number.isNaN(nb)) return compare(op, na, nb);
      return compare(op, String(a), String(b));
    };
  }

  private operand(): Operand {
    const t = this.peek();
    this.i++;
    if (t.kind === 'num') return { numeric: true, get: () => t.value };
    if (t.kind === 'str') return { numeric: false, get: () => t.value };
    if (t.kind === 'ident') {
      if (this.isOp('(')) {
        if (t.value !== 'abs') throw new FilterSyntaxError(this.src, t.pos, `unknown function '${t.value}'`);
        this.i++;
        const inner = this.operand();
        this.expectOp(')');
        return { numeric: true, get: (r) => Math.abs(toNumber(inner.get(r))) };
      }
      const column = t.value;
      this.columns.add(column);
      return { numeric: false, get: (r) => r[column] };
    }
    throw new FilterSyntaxError(this.src, t.pos, 'expected a column, number, string or abs(...)');
  }
}

/** Compiles a filter expression; throws FilterSyntaxError naming the position of a mistake. */
export function compileFilter(expression: string): RowFilter {
  const parser = new Parser(expression, tokenize(expression));
  const predicate = parser.parse();
  return { source: expression, columns: [...parser.columns], test: predicate };
}
