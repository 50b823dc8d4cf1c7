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

export function validationFault(code: string, message: string, detail: string, element = ''): IntuitFaultError {
  return new IntuitFaultError(400, 'ValidationFault', [{ Message: message, Detail: detail, code, element }]);
}
