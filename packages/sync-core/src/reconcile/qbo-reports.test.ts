import { describe, expect, it } from 'vitest';
import { agedReceivablesByCustomer, reportCents } from './qbo-reports.ts';

const row = (name: string, id: string, ...values: string[]) => ({
  ColData: [{ value: name, id }, ...values.map((value) => ({ value }))],
  type: 'Data',
});

describe('reading QuickBooks reports', () => {
  it('reads receivables per customer from the Total column and the grand total from the report', () => {
    const report = {
      Rows: {
        Row: [
          row('Ada', '58', '100.00', '', '', '', '', '100.00'),
          row('Grace', '59', '', '20.25', '', '', '', '20.25'),
          { ColData: [{ value: 'Unknown' }, { value: '1.00' }], type: 'Data' },
          {
            Summary: { ColData: [{ value: 'TOTAL' }, ...Array(4).fill({ value: '' }), { value: '121.25' }] },
            type: 'Section',
            group: 'GrandTotal',
          },
        ],
      },
    };
    expect(agedReceivablesByCustomer(report)).toEqual({
      totalCents: 12_125,
      customers: [
        { id: '58', name: 'Ada', cents: 10_000 },
        { id: '59', name: 'Grace', cents: 2_025 },
      ],
    });
  });

  it('treats an empty report as nothing owed', () => {
    expect(agedReceivablesByCustomer({ Rows: {} })).toEqual({ totalCents: 0, customers: [] });
  });

  it('refuses amounts it would have to guess at, through the money boundary', () => {
    expect(reportCents({ value: '' })).toBe(0);
    expect(reportCents({ value: '-0.05' })).toBe(-5);
    expect(() => reportCents({ value: '1,234.56' })).toThrow(RangeError);
    expect(() => reportCents({ value: '0.305' })).toThrow(RangeError);
  });
});
