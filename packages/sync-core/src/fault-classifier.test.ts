import { SyncFailure } from '@exoserva/contracts';
import { describe, expect, it } from 'vitest';
import {
  classifyQboError,
  classifyQboOutcome,
  parseRetryAfter,
  type ClassifyContext,
} from './fault-classifier.ts';

const NOW = Date.parse('2026-03-02T17:00:00Z');
const ctx: ClassifyContext = { now: NOW };
const TIME = '2026-03-02T09:00:00.000-08:00';

/** Intuit's Fault envelope, codes as strings (REFERENCE §3.4). */
function fault(code: string, Message: string, Detail: string, element = '', type = 'ValidationFault') {
  return { Fault: { Error: [{ Message, Detail, code, element }], type }, time: TIME };
}

/** node-quickbooks ≥ 2.0.48 hands over an AxiosError; the Fault is at err.response.data. */
function axiosError(status: number, data: unknown, headers: Record<string, string> = {}) {
  return {
    isAxiosError: true,
    name: 'AxiosError',
    message: `Request failed with status code ${status}`,
    code: status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST',
    response: { status, data, headers: { intuit_tid: '1-65f0a1b2-7c3d4e5f', ...headers } },
  };
}

// Verbatim texts from shared/qbo/REFERENCE.md §3.3–3.4.
const DUPLICATE_NAME = fault(
  '6240',
  'Duplicate Name Exists Error',
  'The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.',
);
const STALE = fault(
  '5010',
  'Stale Object Error',
  'Stale Object Error : You and root were working on this at the same time. root finished before you did, so your work was not saved.',
);
const INACTIVE = fault(
  '610',
  'Object Not Found',
  "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
);
const GATEWAY_401 = {
  warnings: null,
  intuitObject: null,
  fault: {
    error: [
      {
        message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
        detail: 'Token expired',
        code: '3200',
        element: null,
      },
    ],
    type: 'AUTHENTICATION',
  },
  report: null,
  queryResponse: null,
  batchItemResponse: [],
  attachableResponse: [],
  syncErrorResponse: null,
  requestId: null,
  time: 1533811101733,
  status: null,
  cdcresponse: [],
};
const THROTTLE = fault(
  '3001',
  'message=ThrottleExceeded; errorCode=003001; statusCode=429',
  'The request limit was reached.  Try again later',
  '',
  'SERVICE',
);

describe('classifyQboOutcome: needs a person, in the GUIDE’s words', () => {
  it.each([
    {
      name: '6240 duplicate name',
      status: 400,
      body: DUPLICATE_NAME,
      payload: { DisplayName: 'Adaeze Okafor' },
      expected: {
        kind: 'needs_person',
        code: 'customer_name_conflict',
        title: 'Customer name conflict',
        fix: "A customer named 'Adaeze Okafor' already exists in QuickBooks (names must be unique across customers, vendors and employees). Link to it, or rename the customer in Exoserva, then retry.",
      },
    },
    {
      name: '610 on a TaxCodeRef',
      status: 400,
      body: fault(
        '610',
        'Object Not Found',
        'Object Not Found : TxnTaxCodeRef',
        'TxnTaxDetail.TxnTaxCodeRef',
      ),
      expected: {
        code: 'invalid_tax_rate',
        title: 'Invalid tax rate',
        fix: 'The tax rate on this record isn’t set up in QuickBooks. Create the matching rate in QuickBooks, then retry.',
      },
    },
    {
      name: '2500 on a TaxRateRef',
      status: 400,
      body: fault(
        '2500',
        'Invalid Reference Id',
        'Invalid Reference Id : TaxRateRef assigned to this transaction has been deleted or does not exist (Id 12).',
        'TaxRateRef',
      ),
      expected: { code: 'invalid_tax_rate' },
    },
    {
      name: '610 "made inactive"',
      status: 400,
      body: INACTIVE,
      expected: {
        code: 'account_not_found',
        title: 'Account not found',
        fix: 'Your chart of accounts changed: an account or item this record uses was deleted or made inactive in QuickBooks. Re-run the account mapping, then retry.',
      },
    },
    {
      name: '2500 on an ItemRef',
      status: 400,
      body: fault(
        '2500',
        'Invalid Reference Id',
        'Invalid Reference Id : ItemRef assigned to this transaction has been deleted or does not exist (Id 21).',
        'Line.SalesItemLineDetail.ItemRef',
      ),
      expected: {
        code: 'account_not_found',
        fix: 'Your chart of accounts changed: an account or item this record uses (Line.SalesItemLineDetail.ItemRef) was deleted or made inactive in QuickBooks. Re-run the account mapping, then retry.',
      },
    },
    {
      name: '2500 on a DepositToAccountRef',
      status: 400,
      body: fault(
        '2500',
        'Invalid Reference Id',
        'Invalid Reference Id : Accounts element id 35 not found',
        'DepositToAccountRef',
      ),
      expected: { code: 'account_not_found' },
    },
    {
      name: '610 on a CustomerRef',
      status: 400,
      body: fault('610', 'Object Not Found', 'Object Not Found : CustomerRef', 'CustomerRef'),
      expected: { code: 'customer_not_found', title: 'Customer not found' },
    },
    {
      name: '610 "Another user has deleted this transaction"',
      status: 400,
      body: fault('610', 'Object Not Found', 'Object Not Found: Another user has deleted this transaction.'),
      expected: { code: 'deleted_in_quickbooks' },
    },
    {
      name: '6140 duplicate document number',
      status: 400,
      body: fault(
        '6140',
        'Duplicate Document Number Error',
        'Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=1042 is assigned to TxnType=Invoice with TxnId=129',
      ),
      expected: {
        code: 'duplicate_doc_number',
        title: 'Duplicate invoice number',
        fix: 'Number 1042 is already used by another Invoice in QuickBooks. Renumber one of them, then retry.',
        details: { docNumber: '1042' },
      },
    },
    {
      name: '6070 amount calculation',
      status: 400,
      body: fault(
        '6070',
        'Amount calculation incorrect in the request',
        'Amount is not equal to Qty * UnitPrice. Supplied value:126.64',
        'Line.Amount',
      ),
      expected: { code: 'amount_calculation' },
    },
    {
      name: '6000 business validation',
      status: 400,
      body: fault(
        '6000',
        'A business validation error has occurred while processing your request',
        'Business Validation Error: You must set a transaction amount.',
      ),
      expected: {
        code: 'business_validation',
        fix: 'QuickBooks says: “You must set a transaction amount.” Fix it in Exoserva or QuickBooks, then retry.',
      },
    },
    {
      name: '6540 deposited transaction',
      status: 400,
      body: fault(
        '6540',
        'Deposited Transaction cannot be changed',
        'Deposited Transaction cannot be changed',
      ),
      expected: { code: 'deposited_locked' },
    },
    {
      name: '2020 required parameter',
      status: 400,
      body: fault(
        '2020',
        'Required param missing, need to supply the required value for the API',
        'Required parameter Line.Amount is missing in the request',
        'Line.Amount',
      ),
      expected: {
        code: 'qbo_validation',
        title: 'QuickBooks rejected a field',
        fix: 'QuickBooks rejected the field Line.Amount: “Required parameter Line.Amount is missing in the request” Correct it in Exoserva, then retry.',
      },
    },
    {
      name: '2050 string too long',
      status: 400,
      body: fault(
        '2050',
        'String length is either shorter or longer than supported by specification',
        'String length specified does not match the supported length. Min:0 Max:21 supported. Supplied length:45',
        'DocNumber',
      ),
      expected: { code: 'qbo_validation', details: { element: 'DocNumber' } },
    },
    {
      name: '2010 unsupported property, element taken from Detail',
      status: 400,
      body: fault(
        '2010',
        'Request has invalid or unsupported property',
        'Property Name:JobRef specified is unsupported or invalid',
      ),
      expected: { code: 'qbo_validation', details: { element: 'JobRef' } },
    },
    {
      name: 'an unknown code',
      status: 400,
      body: fault('7777', 'Something new', 'A brand new rule'),
      expected: {
        code: 'unknown_fault',
        fix: 'QuickBooks said: “Something new — A brand new rule” Retry; if it keeps failing, contact Exoserva support with the details below.',
      },
    },
  ])('asks a person about $name', ({ status, body, payload, expected }) => {
    const result = classifyQboOutcome({ status, body }, { ...ctx, payload });
    expect(result).toMatchObject({ kind: 'needs_person', ...expected });
    // What the BFF stores and the wizard shows must satisfy the shared contract.
    expect(SyncFailure.safeParse(result).success).toBe(true);
  });

  it('keeps Intuit’s words and the intuit_tid for support', () => {
    expect(classifyQboError(axiosError(400, DUPLICATE_NAME), ctx).intuit).toEqual({
      code: '6240',
      message: 'Duplicate Name Exists Error',
      detail:
        'The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.',
      element: '',
      intuitTid: '1-65f0a1b2-7c3d4e5f',
    });
  });

  it('takes the conflicting name from Intuit’s Detail when the payload has none', () => {
    const body = fault(
      '6240',
      'Duplicate Name Exists Error',
      'The name supplied already exists. : Name=Okafor HVAC',
    );
    expect(classifyQboOutcome({ status: 400, body }, ctx)?.details).toEqual({ name: 'Okafor HVAC' });
  });
});

describe('classifyQboOutcome: retries by itself', () => {
  it('retries a 429 after Retry-After', () => {
    const result = classifyQboError(axiosError(429, THROTTLE, { 'Retry-After': '30' }), ctx);
    expect(result).toMatchObject({ kind: 'retryable', code: 'throttled', retryAfterMs: 30_000 });
  });

  it('leaves the wait to the caller’s limiter when a 429 has no Retry-After', () => {
    const result = classifyQboOutcome({ status: 429, body: THROTTLE }, ctx);
    expect(result).toMatchObject({ kind: 'retryable', code: 'throttled' });
    expect(result).not.toHaveProperty('retryAfterMs');
  });

  it('recognizes 3001 under the old statusCode=403 variant as throttling, not a lost permission', () => {
    const body = fault(
      '3001',
      'message=ThrottleExceeded; errorCode=003001; statusCode=403',
      'The request limit was reached.',
      '',
      'SERVICE',
    );
    expect(classifyQboOutcome({ status: 403, body }, ctx)).toMatchObject({
      kind: 'retryable',
      code: 'throttled',
    });
  });

  it('reads a lowercase gateway fault too', () => {
    const body = {
      fault: {
        error: [{ message: 'ThrottleExceeded', detail: 'x', code: '3001', element: null }],
        type: 'SERVICE',
      },
    };
    expect(classifyQboOutcome({ status: 429, body }, ctx)).toMatchObject({ code: 'throttled' });
  });

  it('re-reads after a stale-object error', () => {
    expect(classifyQboOutcome({ status: 400, body: STALE }, ctx)).toMatchObject({
      kind: 'retryable',
      code: 'stale_object',
      reread: true,
    });
  });

  it('retries a SystemFault 10000 and a 503', () => {
    const systemFault = fault(
      '10000',
      'An application error has occurred while processing your request',
      'System Failure Error: Something went wrong',
      '',
      'SystemFault',
    );
    expect(classifyQboOutcome({ status: 500, body: systemFault }, ctx)).toMatchObject({
      kind: 'retryable',
      code: 'qbo_unavailable',
    });
    expect(classifyQboOutcome({ status: 503, body: '<html>Service Unavailable</html>' }, ctx)).toMatchObject({
      kind: 'retryable',
      code: 'qbo_unavailable',
    });
  });

  it('flags a gateway timeout as ambiguous, since the write may have landed', () => {
    expect(classifyQboOutcome({ status: 504, body: '' }, ctx)).toMatchObject({
      code: 'qbo_unavailable',
      ambiguous: true,
    });
  });

  it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED'])(
    'flags %s as ambiguous so the worker looks the record up before re-creating it',
    (code) => {
      const error = Object.assign(new Error(code === 'ECONNABORTED' ? 'timeout of 30000ms exceeded' : code), {
        code,
        isAxiosError: true,
        request: {},
      });
      expect(classifyQboError(error, ctx)).toMatchObject({
        kind: 'retryable',
        code: 'network_error',
        ambiguous: true,
      });
    },
  );

  it('does not flag a refused connection as ambiguous: nothing was sent', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    const result = classifyQboError(error, ctx);
    expect(result).toMatchObject({ kind: 'retryable', code: 'network_error' });
    expect(result).not.toHaveProperty('ambiguous');
  });

  it('treats a bare timeout without a code as ambiguous', () => {
    expect(classifyQboError(new Error('timeout of 120000ms exceeded'), ctx)).toMatchObject({
      code: 'network_error',
      ambiguous: true,
    });
  });

  it('finds the transport code on the error’s cause', () => {
    const error = new Error('fetch failed', {
      cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
    });
    expect(classifyQboError(error, ctx)).toMatchObject({ code: 'network_error', ambiguous: true });
  });

  it('asks for a token refresh on a first 401', () => {
    expect(classifyQboOutcome({ status: 401, body: GATEWAY_401 }, ctx)).toMatchObject({
      kind: 'retryable',
      code: 'token_expired',
      refreshToken: true,
      intuit: { code: '3200', detail: 'Token expired' },
    });
  });

  it('checks what landed when Intuit reports a duplicate requestid', () => {
    const body = fault('600', 'RequestId already exists in the system, duplicate request is detected', '');
    expect(classifyQboOutcome({ status: 400, body }, ctx)).toMatchObject({
      code: 'duplicate_request',
      ambiguous: true,
    });
  });
});

describe('classifyQboOutcome: reconnect', () => {
  it('asks for a reconnect on a 401 after a refresh', () => {
    expect(
      classifyQboOutcome({ status: 401, body: GATEWAY_401 }, { ...ctx, afterRefresh: true }),
    ).toMatchObject({
      kind: 'reconnect',
      code: 'reauth_required',
      title: 'Reconnect QuickBooks',
    });
  });

  it('asks for a reconnect when the refresh token is refused (invalid_grant)', () => {
    expect(classifyQboError({ error: 'invalid_grant', intuit_tid: '1-abc-test' }, ctx)).toMatchObject({
      kind: 'reconnect',
      code: 'reauth_required',
      intuit: { code: 'invalid_grant', intuitTid: '1-abc-test' },
    });
    expect(classifyQboError(axiosError(400, { error: 'invalid_grant' }), ctx)).toMatchObject({
      kind: 'reconnect',
    });
  });

  it('asks for a reconnect on 403 / 3100', () => {
    const body = {
      fault: {
        error: [
          {
            message: 'message=AuthorizationFailed; errorCode=003100; statusCode=403',
            detail: '',
            code: '3100',
          },
        ],
        type: 'SERVICE',
      },
    };
    expect(classifyQboOutcome({ status: 403, body }, ctx)).toMatchObject({
      kind: 'reconnect',
      code: 'access_denied',
    });
  });
});

describe('classifyQboOutcome: shapes', () => {
  it('calls a 200 without a Fault a success', () => {
    expect(
      classifyQboOutcome({ status: 200, body: { Invoice: { Id: '130' }, time: TIME } }, ctx),
    ).toBeUndefined();
  });

  it('finds a Fault inside a 200 (a batch item)', () => {
    const item = { bId: 'b1', ...STALE };
    expect(classifyQboOutcome({ status: 200, body: item }, ctx)).toMatchObject({ code: 'stale_object' });
  });

  it('classifies the Fault body node-quickbooks passes as err for a 200-with-Fault', () => {
    expect(classifyQboError(DUPLICATE_NAME, ctx)).toMatchObject({ code: 'customer_name_conflict' });
  });

  it('parses a body that arrived as a JSON string', () => {
    expect(classifyQboOutcome({ status: 400, body: JSON.stringify(INACTIVE) }, ctx)).toMatchObject({
      code: 'account_not_found',
    });
  });

  it('lets the most serious of several errors decide', () => {
    const body = {
      Fault: {
        Error: [
          { Message: 'Stale Object Error', Detail: 'x', code: '5010', element: '' },
          { Message: 'Duplicate Name Exists Error', Detail: 'y', code: '6240', element: '' },
        ],
        type: 'ValidationFault',
      },
    };
    expect(classifyQboOutcome({ status: 400, body }, ctx)).toMatchObject({ code: 'customer_name_conflict' });
  });

  it('reads headers from a Headers-like object', () => {
    const headers = new Headers({ 'Retry-After': '7', intuit_tid: 'tid-9' });
    expect(classifyQboOutcome({ status: 429, body: THROTTLE, headers }, ctx)).toMatchObject({
      retryAfterMs: 7000,
      intuit: { intuitTid: 'tid-9' },
    });
  });

  it('calls an unexplained 400 an unknown fault with what QuickBooks sent', () => {
    expect(classifyQboOutcome({ status: 400, body: 'Bad Request' }, ctx)).toMatchObject({
      kind: 'needs_person',
      code: 'unknown_fault',
      intuit: { code: '400', detail: 'Bad Request' },
    });
  });
});

describe('classifyQboOutcome: what Intuit really answers in outages and company states', () => {
  const HTML_502 =
    '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

  it('retries an HTML 502 from the load balancer, looking the record up first (it may have landed)', () => {
    const f = classifyQboError(axiosError(502, HTML_502, { 'content-type': 'text/html' }), ctx);
    expect(f).toMatchObject({ kind: 'retryable', code: 'qbo_unavailable', ambiguous: true });
  });

  it('retries an HTML 503', () => {
    const page = HTML_502.replaceAll('502 Bad Gateway', '503 Service Temporarily Unavailable');
    expect(classifyQboError(axiosError(503, page), ctx)).toMatchObject({
      kind: 'retryable',
      code: 'qbo_unavailable',
    });
  });

  it('retries a JSON 500 whose gateway code 003100 looks like a lost permission: it is an outage', () => {
    const body = {
      fault: {
        error: [
          {
            message: 'message=InternalServerError; errorCode=003100; statusCode=500',
            detail: 'Internal Server Error',
            code: '3100',
          },
        ],
        type: 'SERVICE',
      },
      time: 1733590000000,
    };
    expect(classifyQboError(axiosError(500, body), ctx)).toMatchObject({
      kind: 'retryable',
      code: 'qbo_unavailable',
    });
  });

  it('reads a throttle answered in XML as throttling', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><IntuitResponse time="${TIME}"><Fault type="SERVICE"><Error code="3001" element=""><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message><Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>`;
    expect(classifyQboError(axiosError(429, xml), ctx)).toMatchObject({
      kind: 'retryable',
      code: 'throttled',
    });
  });

  it('reads an XML Fault the way it reads JSON (a duplicate name in XML is still a name conflict)', () => {
    const xml = `<IntuitResponse><Fault type="ValidationFault"><Error code="6240" element=""><Message>Duplicate Name Exists Error</Message><Detail>The name supplied already exists.</Detail></Error></Fault></IntuitResponse>`;
    expect(classifyQboError(axiosError(400, xml), ctx)).toMatchObject({
      kind: 'needs_person',
      code: 'customer_name_conflict',
      intuit: { code: '6240', message: 'Duplicate Name Exists Error' },
    });
  });

  it('says an unexplained HTML answer in words, not markup', () => {
    const f = classifyQboError(
      axiosError(404, '<html><body><h1>Not Found</h1><p>No such page</p></body></html>'),
      ctx,
    );
    expect(f.code).toBe('unknown_fault');
    expect(f.fix).toContain('Not Found No such page');
    expect(f.fix).not.toContain('<');
  });

  it('pauses the company when its subscription lapsed (6190), and says so', () => {
    const lapsed = fault(
      '6190',
      'Invalid Company Status',
      'Subscription period has ended or canceled or there was a billing problem',
    );
    expect(classifyQboError(axiosError(400, lapsed), ctx)).toMatchObject({
      kind: 'reconnect',
      code: 'company_inactive',
      title: 'QuickBooks subscription inactive',
    });
  });

  it('asks for a reconnect at once when the connecting user lost access (401, code 120), without a refresh', () => {
    const lost = fault('120', 'AuthorizationFailure', 'AuthorizationFailure', '', 'AuthorizationFault');
    expect(classifyQboError(axiosError(401, lost), ctx)).toMatchObject({
      kind: 'reconnect',
      code: 'access_denied',
    });
  });

  it('names closed books as needing a person, never a retry loop (6210)', () => {
    const closed = fault(
      '6210',
      'Account Period Closed, Cannot update through Web Services',
      'The account period has closed.',
    );
    expect(classifyQboError(axiosError(400, closed), ctx)).toMatchObject({
      kind: 'needs_person',
      code: 'books_closed',
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates against the clock passed in', () => {
    expect(parseRetryAfter('60', NOW)).toBe(60_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 17:00:45 GMT', NOW)).toBe(45_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 16:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });
});
