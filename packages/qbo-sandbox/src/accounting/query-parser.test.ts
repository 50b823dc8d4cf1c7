import { describe, expect, it } from 'vitest';
import { parseQuery, QueryParseError } from './query-parser.ts';
import { runQuery } from './query-engine.ts';
import type { IntuitFaultError } from './faults.ts';
import { xsdFields } from './xsd-fields.ts';

describe('parseQuery', () => {
  it('parses select * with every comparison operator joined by AND', () => {
    const q = parseQuery(
      "select * from Invoice where TotalAmt > '10' and Balance >= 5 and TotalAmt < 100 and Balance <= '99.5' and DocNumber = '1001'",
    );
    expect(q.entity).toBe('Invoice');
    expect(q.where.map((c) => c.op)).toEqual(['>', '>=', '<', '<=', '=']);
    expect(q.where[1]?.values[0]).toEqual({ kind: 'number', value: 5, text: '5' });
  });

  it('parses IN lists, LIKE patterns and booleans', () => {
    const q = parseQuery(
      "SELECT * FROM Customer WHERE Id IN ('1', '2',3) AND DisplayName LIKE 'A%' AND Active = false",
    );
    expect(q.where[0]).toEqual({
      field: 'Id',
      op: 'IN',
      values: [
        { kind: 'string', value: '1' },
        { kind: 'string', value: '2' },
        { kind: 'number', value: 3, text: '3' },
      ],
    });
    expect(q.where[1]).toMatchObject({ op: 'LIKE', values: [{ kind: 'string', value: 'A%' }] });
    expect(q.where[2]?.values[0]).toEqual({ kind: 'boolean', value: false });
  });

  it("unescapes \\' inside strings, as node-quickbooks sends them", () => {
    const q = parseQuery(
      "select * from customer where DisplayName = 'O\\'Brien & Co' startposition 1 maxresults 1000",
    );
    expect(q.where[0]?.values[0]).toEqual({ kind: 'string', value: "O'Brien & Co" });
    expect(q.startPosition).toBe(1);
    expect(q.maxResults).toBe(1000);
  });

  it('parses count(*), nested fields, ORDERBY with direction, keywords in any case', () => {
    const q = parseQuery(
      "SeLeCt CoUnT(*) FrOm invoice WHERE MetaData.LastUpdatedTime > '2026-01-01T00:00:00-08:00' ORDERBY TxnDate DESC, Id MAXRESULTS 5 STARTPOSITION 3",
    );
    expect(q.count).toBe(true);
    expect(q.where[0]?.field).toBe('MetaData.LastUpdatedTime');
    expect(q.orderBy).toEqual([
      { field: 'TxnDate', direction: 'DESC' },
      { field: 'Id', direction: 'ASC' },
    ]);
    expect(q.maxResults).toBe(5);
    expect(q.startPosition).toBe(3);
  });

  it.each([
    ['select DisplayName from Customer', 'a projection'],
    ["select * from Customer where DisplayName = 'a' or DisplayName = 'b'", 'OR'],
    ["select * from Customer where DisplayName = 'open", 'an unterminated string'],
    ['select * from Customer where Balance != 0', 'an unsupported operator'],
    ['select * from', 'a missing entity'],
    ['select * from Customer maxresults ten', 'a non-numeric MAXRESULTS'],
    ['select * from Customer where', 'a dangling WHERE'],
  ])('refuses %s (%s)', (text) => {
    expect(() => parseQuery(text)).toThrow(QueryParseError);
  });

  it('says where it stopped', () => {
    expect(() => parseQuery('select * from Customer group by Id')).toThrow(
      /Encountered "group" at line 1, column 24/,
    );
  });
});

describe('runQuery', () => {
  const target = { entity: 'Customer', nameList: true, fields: xsdFields('Customer') };
  const rows = [
    {
      Id: '1',
      DisplayName: "O'Brien & Co",
      Active: true,
      Balance: 10,
      MetaData: { LastUpdatedTime: '2026-03-01T10:00:00-08:00' },
    },
    {
      Id: '2',
      DisplayName: 'Acme Heating',
      Active: true,
      Balance: 0,
      MetaData: { LastUpdatedTime: '2026-03-05T10:00:00-08:00' },
    },
    {
      Id: '10',
      DisplayName: 'acme cooling',
      Active: false,
      Balance: 5,
      MetaData: { LastUpdatedTime: '2026-03-07T10:00:00-08:00' },
    },
  ];
  const run = (text: string) => runQuery(parseQuery(text), target, rows);

  it('returns only active records unless Active is filtered', () => {
    expect(run('select * from Customer').rows.map((r) => r.Id)).toEqual(['1', '2']);
    expect(run('select * from Customer where Active IN (true, false)').rows.map((r) => r.Id)).toEqual([
      '1',
      '2',
      '10',
    ]);
  });

  it('matches LIKE case-insensitively with % wildcards', () => {
    expect(
      run("select * from Customer where DisplayName like 'acme%' and Active in (true,false)").total,
    ).toBe(2);
    expect(run("select * from Customer where DisplayName LIKE '%Co'").rows.map((r) => r.Id)).toEqual(['1']);
  });

  it('compares numbers given quoted or bare, and date-times as instants', () => {
    expect(run("select * from Customer where Balance > '0'").rows.map((r) => r.Id)).toEqual(['1']);
    expect(
      run("select * from Customer where MetaData.LastUpdatedTime >= '2026-03-05T18:00:00Z'").rows.map(
        (r) => r.Id,
      ),
    ).toEqual(['2']);
  });

  it('orders and pages', () => {
    const q = run(
      'select * from Customer where Active in (true,false) orderby Id desc startposition 2 maxresults 1',
    );
    expect(q.rows.map((r) => r.Id)).toEqual(['2']);
    expect(q.total).toBe(3);
  });

  it('refuses MAXRESULTS over 1000 with 4001 and unknown properties', () => {
    const fault = (text: string) => {
      try {
        run(text);
      } catch (e) {
        return (e as IntuitFaultError).errors[0];
      }
      return undefined;
    };
    expect(fault('select * from Customer maxresults 1001')).toMatchObject({ code: '4001' });
    expect(fault('select * from Customer startposition 0')).toMatchObject({ code: '4001' });
    expect(fault("select * from Customer where Nope = '1'")?.Detail).toContain('Property Nope not found');
  });
});
