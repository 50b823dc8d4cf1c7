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

/** A token of another company: 403, code 3100, type SERVICE (node-quickbooks issue #154). */
export function authorizationFailed(): IntuitFaultError {
  return new IntuitFaultError(403, 'SERVICE', [
    {
      Message: 'message=AuthorizationFailed; errorCode=003100; statusCode=403',
      Detail: 'Authorization failed: the access token was not issued for this company',
      code: '3100',
    },
  ]);
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
