/**
 * A tokenizer and recursive-descent parser for QuickBooks' query language (REFERENCE §3.2):
 *   SELECT * | COUNT(*) FROM Entity [WHERE f op v AND ...] [ORDERBY f [ASC|DESC], ...]
 *   [STARTPOSITION n] [MAXRESULTS n]
 * Keywords are case-insensitive; strings are single-quoted with \' escapes; there is no OR.
 */
export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'boolean'; value: boolean };

export type Operator = '=' | '<' | '>' | '<=' | '>=' | 'LIKE' | 'IN';

export interface Condition {
  field: string;
  op: Operator;
  values: Literal[];
}

export interface OrderBy {
  field: string;
  direction: 'ASC' | 'DESC';
}

export interface ParsedQuery {
  count: boolean;
  entity: string;
  where: Condition[];
  orderBy: OrderBy[];
  startPosition?: number;
  maxResults?: number;
}

export class QueryParseError extends Error {}

type TokenKind = 'word' | 'string' | 'number' | 'op' | 'punct' | 'eof';
interface Token {
  kind: TokenKind;
  text: string;
  value: string;
  column: number;
}

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_.]/;

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    const column = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < input.length) {
        const c = input[j] as string;
        if (c === '\\' && j + 1 < input.length) {
          // QBO's apostrophe escape is \' ; a backslash before anything else is kept as written.
          const next = input[j + 1] as string;
          value += next === "'" || next === '\\' ? next : `\\${next}`;
          j += 2;
        } else if (c === "'") {
          closed = true;
          j++;
          break;
        } else {
          value += c;
          j++;
        }
      }
      if (!closed)
        throw new QueryParseError(`Lexical error at line 1, column ${column}. Unterminated string.`);
      tokens.push({ kind: 'string', text: input.slice(i, j), value, column });
      i = j;
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(input[i + 1] ?? ''))) {
      const m = /^-?\d+(\.\d+)?/.exec(input.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', text: m[0], value: m[0], column });
      i += m[0].length;
    } else if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < input.length && WORD_PART.test(input[j] as string)) j++;
      const text = input.slice(i, j);
      tokens.push({ kind: 'word', text, value: text, column });
      i = j;
    } else if (ch === '<' || ch === '>') {
      const two = input[i + 1] === '=';
      const text = two ? `${ch}=` : ch;
      tokens.push({ kind: 'op', text, value: text, column });
      i += text.length;
    } else if (ch === '=') {
      tokens.push({ kind: 'op', text: '=', value: '=', column });
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',' || ch === '*') {
      tokens.push({ kind: 'punct', text: ch, value: ch, column });
      i++;
    } else {
      throw new QueryParseError(`Lexical error at line 1, column ${column}. Encountered: "${ch}"`);
    }
  }
  tokens.push({ kind: 'eof', text: '<EOF>', value: '', column: input.length + 1 });
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private fail(expected: string): never {
    const t = this.peek();
    throw new QueryParseError(
      `Encountered "${t.text}" at line 1, column ${t.column}. Was expecting ${expected}.`,
    );
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.value.toUpperCase() === word;
  }

  private keyword(word: string): void {
    if (!this.isKeyword(word)) this.fail(`"${word}"`);
    this.next();
  }

  private punct(p: string): void {
    const t = this.peek();
    if (t.kind !== 'punct' || t.value !== p) this.fail(`"${p}"`);
    this.next();
  }

  private identifier(what: string): string {
    const t = this.peek();
    if (t.kind !== 'word' || t.value.endsWith('.') || t.value.includes('..')) this.fail(what);
    this.next();
    return t.value;
  }

  private integer(what: string): number {
    const t = this.peek();
    const text = t.kind === 'number' || t.kind === 'string' ? t.value : '';
    if (!/^-?\d+$/.test(text)) this.fail(what);
    this.next();
    return Number(text);
  }

  private literal(): Literal {
    const t = this.peek();
    if (t.kind === 'string') {
      this.next();
      return { kind: 'string', value: t.value };
    }
    if (t.kind === 'number') {
      this.next();
      return { kind: 'number', value: Number(t.value), text: t.value };
    }
    if (t.kind === 'word' && /^(true|false)$/i.test(t.value)) {
      this.next();
      return { kind: 'boolean', value: t.value.toLowerCase() === 'true' };
    }
    return this.fail('a quoted string, a number, true or false');
  }

  private condition(): Condition {
    const field = this.identifier('a property name');
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      return { field, op: t.value as Operator, values: [this.literal()] };
    }
    if (this.isKeyword('LIKE')) {
      this.next();
      const value = this.literal();
      if (value.kind !== 'string') this.fail('a quoted pattern after LIKE');
      return { field, op: 'LIKE', values: [value] };
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.punct('(');
      const values = [this.literal()];
      while (this.peek().kind === 'punct' && this.peek().value === ',') {
        this.next();
        values.push(this.literal());
      }
      this.punct(')');
      return { field, op: 'IN', values };
    }
    return this.fail('one of "=", "<", ">", "<=", ">=", "LIKE", "IN"');
  }

  parse(): ParsedQuery {
    this.keyword('SELECT');
    let count = false;
    if (this.isKeyword('COUNT')) {
      this.next();
      this.punct('(');
      this.punct('*');
      this.punct(')');
      count = true;
    } else {
      this.punct('*');
    }
    this.keyword('FROM');
    const entity = this.identifier('an entity name');
    const query: ParsedQuery = { count, entity, where: [], orderBy: [] };
    if (this.isKeyword('WHERE')) {
      this.next();
      query.where.push(this.condition());
      while (this.isKeyword('AND')) {
        this.next();
        query.where.push(this.condition());
      }
    }
    if (this.isKeyword('ORDERBY')) {
      this.next();
      do {
        if (query.orderBy.length > 0) this.next();
        const field = this.identifier('a property name');
        let direction: 'ASC' | 'DESC' = 'ASC';
        if (this.isKeyword('ASC') || this.isKeyword('DESC')) {
          direction = this.next().value.toUpperCase() as 'ASC' | 'DESC';
        }
        query.orderBy.push({ field, direction });
      } while (this.peek().kind === 'punct' && this.peek().value === ',');
    }
    for (let i = 0; i < 2; i++) {
      if (this.isKeyword('STARTPOSITION') && query.startPosition === undefined) {
        this.next();
        query.startPosition = this.integer('an integer after STARTPOSITION');
      } else if (this.isKeyword('MAXRESULTS') && query.maxResults === undefined) {
        this.next();
        query.maxResults = this.integer('an integer after MAXRESULTS');
      }
    }
    if (this.peek().kind !== 'eof') {
      this.fail('one of "WHERE", "AND", "ORDERBY", "STARTPOSITION", "MAXRESULTS" or the end of the query');
    }
    return query;
  }
}

/** Parses a query; throws QueryParseError with a QueryParserError-style message. */
export function parseQuery(input: string): ParsedQuery {
  return new Parser(tokenize(input)).parse();
}
