/**
 * Intuit's Fault envelope, the one place the sandbox builds it. Codes are strings, as Intuit sends them.
 * See shared/qbo/REFERENCE.md §3.4.
 */
export type FaultType =
  | 'ValidationFault'
  | 'SystemFault'
  | 'AuthenticationFault'
  | 'AuthorizationFault'
  | 'SERVICE'
  | 'AUTHENTICATION';

export interface IntuitError {
  Message: string;
  Detail: string;
  code: string;
  element?: string;
}

export interface FaultBody {
  Fault: { Error: IntuitError[]; type: FaultType };
  time: string;
}

/** Thrown inside request handling; the server turns it into the HTTP status and Fault body. */
export class IntuitFaultError extends Error {
  constructor(
    readonly status: number,
    readonly type: FaultType,
    readonly errors: IntuitError[],
  ) {
    super(errors[0]?.Message ?? 'Fault');
  }

  body(time: string): FaultBody {
    return { Fault: { Error: this.errors, type: this.type }, time };
  }
}

export function validationFault(
  code: string,
  message: string,
  detail: string,
  element = '',
): IntuitFaultError {
  return new IntuitFaultError(400, 'ValidationFault', [{ Message: message, Detail: detail, code, element }]);
}

/**
 * Envelope `time` with millis and a company-local offset (`2026-11-24T09:01:18.141-08:00`). Sandbox
 * companies live at a fixed -08:00 (the same assumption as accounting/time.ts).
 */
export function faultTime(ms: number): string {
  return new Date(ms - 8 * 3_600_000).toISOString().replace('Z', '-08:00');
}

/**
 * The gateway's 401 uses a different, lowercase JSON shape with `time` in epoch ms
 * (REFERENCE §3.4, python-quickbooks issues #118/#250).
 */
export function authenticationFailedBody(detail: string, nowMs: number): Record<string, unknown> {
  return {
    warnings: null,
    intuitObject: null,
    fault: {
      error: [
        {
          message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
          detail,
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
    time: nowMs,
    status: null,
    cdcresponse: [],
  };
}

/**
 * The gateway's lowercase envelope (`fault` / `error[]`, `time` in epoch ms), which Intuit's gateway answers for
 * authentication and authorization failures and some outages (python-quickbooks issues #118/#250,
 * node-quickbooks issue #154).
 */
export function gatewayFaultBody(
  error: { message: string; detail: string; code: string },
  type: string,
  nowMs: number,
): Record<string, unknown> {
  return {
    warnings: null,
    intuitObject: null,
    fault: { error: [{ ...error, element: null }], type },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: nowMs,
    status: null,
    cdcresponse: [],
  };
}

/** A token used on another company: 403 in the gateway's lowercase shape, code 3100 (node-quickbooks #154). */
export function authorizationFailedBody(nowMs: number): Record<string, unknown> {
  return gatewayFaultBody(
    {
      message: 'message=AuthorizationFailed; errorCode=003100; statusCode=403',
      detail: 'Authorization failed: the access token was not issued for this company',
      code: '3100',
    },
    'SERVICE',
    nowMs,
  );
}

/**
 * The user who connected the app no longer has access to the company (removed, or lost admin rights): 401 with
 * code 120 (Intuit's "top errors" material). A refresh does not cure it; only a reconnect by a current admin.
 */
export function userLostAccess(): IntuitFaultError {
  return new IntuitFaultError(401, 'AuthorizationFault', [
    {
      Message: 'AuthorizationFailure',
      Detail:
        'AuthorizationFailure: the user who authorized this connection no longer has access to the company',
      code: '120',
      element: '',
    },
  ]);
}

/** 6190: the company's subscription lapsed or was cancelled, so it takes no changes (Intuit's "top errors"). */
export function invalidCompanyStatus(): IntuitFaultError {
  return new IntuitFaultError(400, 'ValidationFault', [
    {
      Message: 'Invalid Company Status',
      Detail:
        "Subscription period has ended or canceled or there was a billing problem : You can't add data to QuickBooks Online because your trial or subscription period ended, you canceled your subscription, or there was a billing problem.",
      code: '6190',
      element: '',
    },
  ]);
}

/** An outage page from Intuit's load balancer: HTML, not JSON, whatever Accept said (client libraries' reports). */
export function outagePage(status: 502 | 503): string {
  const title = status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>server</center></body></html>\n`;
}

/** A 500 in the gateway's lowercase shape with errorCode 003100 (REFERENCE "outage shapes"). */
export function internalServerErrorBody(nowMs: number): Record<string, unknown> {
  return gatewayFaultBody(
    {
      message: 'message=InternalServerError; errorCode=003100; statusCode=500',
      detail: 'Internal Server Error',
      code: '3100',
    },
    'SERVICE',
    nowMs,
  );
}

/** A throttle answered in XML although JSON was asked for (quickbooks-ruby's captured fixture). */
export function throttleXml(time: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${time}">
  <Fault type="SERVICE">
    <Error code="3001" element="">
      <Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>
      <Detail>The request limit was reached.  Try again later</Detail>
    </Error>
  </Fault>
</IntuitResponse>
`;
}

/** 429 ThrottleExceeded; the JSON casing is not captured from Intuit, `Fault` is the assumption (REFERENCE §3.4). */
export function throttleExceeded(): IntuitFaultError {
  return new IntuitFaultError(429, 'SERVICE', [
    {
      Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429',
      Detail: 'The request limit was reached.  Try again later',
      code: '3001',
    },
  ]);
}

export function systemFault(status: number, detail: string): IntuitFaultError {
  return new IntuitFaultError(status, 'SystemFault', [
    {
      Message: 'An application error has occurred while processing your request',
      Detail: `System Failure Error: ${detail}`,
      code: '10000',
      element: '',
    },
  ]);
}
