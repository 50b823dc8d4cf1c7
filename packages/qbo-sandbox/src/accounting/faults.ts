/**
 * Every Intuit fault the accounting engine raises, with Intuit's own codes and texts
 * (shared/qbo/REFERENCE.md §3.3, §3.4). Handlers throw these; routes render them.
 */
import { IntuitFaultError, validationFault } from '../intuit-fault.ts';

export { IntuitFaultError };

export const faults = {
  objectNotFound: (element = '') =>
    validationFault(
      '610',
      'Object Not Found',
      "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
      element,
    ),
  unsupportedProperty: (name: string, why = '') =>
    validationFault(
      '2010',
      'Request has invalid or unsupported property',
      `Property Name:${name}${why ? ` (${why})` : ''} specified is unsupported or invalid`,
      name,
    ),
  required: (element: string) =>
    validationFault(
      '2020',
      'Required param missing, need to supply the required value for the API',
      `Required parameter ${element} is missing in the request`,
      element,
    ),
  stringLength: (element: string, max: number, supplied: number) =>
    validationFault(
      '2050',
      'String length is either shorter or longer than supported by specification',
      `String length specified does not match the supported length. Min:0 Max:${max} supported. Supplied length:${supplied}`,
      element,
    ),
  invalidEnum: (element: string, value: string) =>
    validationFault('2170', 'Invalid Enumeration', `Invalid Enumeration : ${value}`, element),
  invalidReference: (element: string, id: string) =>
    validationFault(
      '2500',
      'Invalid Reference Id',
      `Invalid Reference Id : ${element} assigned to this transaction has been deleted or does not exist (Id ${id}).`,
      element,
    ),
  stale: () =>
    validationFault(
      '5010',
      'Stale Object Error',
      'Stale Object Error : You and root were working on this at the same time. root finished before you did, so your work was not saved.',
    ),
  /** 6210: a change dated on or before the books' closing date (Preferences.AccountingInfoPrefs.BookCloseDate). */
  periodClosed: (closeDate: string) =>
    validationFault(
      '6210',
      'Account Period Closed, Cannot update through Web Services',
      `The account period has closed. The books are closed through ${closeDate}; changes dated on or before it are not allowed.`,
      'TxnDate',
    ),
  business: (text: string, element = '') =>
    validationFault(
      '6000',
      'A business validation error has occurred while processing your request',
      `Business Validation Error: ${text}`,
      element,
    ),
  accountType: () =>
    validationFault(
      '6010',
      'Invalid Account.AccountType && Account.SubType',
      'Invalid Account.AccountType && Account.SubType : Either AccountType or AccountSubType must be specified',
      'AccountType',
    ),
  amountCalculation: (supplied: string) =>
    validationFault(
      '6070',
      'Amount calculation incorrect in the request',
      `Amount is not equal to Qty * UnitPrice. Supplied value:${supplied}`,
      'Line.Amount',
    ),
  noName: () =>
    validationFault(
      '6080',
      'No Name Provided',
      'No Name Provided : Please provide a name (DisplayName, or one of Title, GivenName, MiddleName, FamilyName, Suffix).',
    ),
  duplicateDocNumber: (docNumber: string, txnType: string, txnId: string) =>
    validationFault(
      '6140',
      'Duplicate Document Number Error',
      `Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=${docNumber} is assigned to TxnType=${txnType} with TxnId=${txnId}`,
    ),
  duplicateName: (what: 'name' | 'account' | 'item' | 'list') =>
    validationFault(
      '6240',
      'Duplicate Name Exists Error',
      what === 'name'
        ? 'The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.'
        : `The name supplied already exists. : Another ${what === 'list' ? 'list entry' : what} is already using this name. Please use a different name.`,
    ),
  deposited: () =>
    validationFault(
      '6540',
      'Deposited Transaction cannot be changed',
      'Deposited Transaction cannot be changed : This transaction has been deposited. If you want to change or delete it, you must edit the deposit it appears on and remove it first.',
    ),
  queryParse: (detail: string) =>
    validationFault('4000', 'Error parsing query', `QueryParserError: ${detail}`),
  queryInvalid: (detail: string) =>
    validationFault('4001', 'Invalid query', `QueryValidationError: ${detail}`),
  unsupportedOperation: (what: string) =>
    validationFault('500', 'Unsupported Operation', `Operation ${what} is not supported.`),
  batchSize: (max: number, supplied: number) =>
    validationFault(
      '1040',
      'Batch size exceeds allowed limit',
      `Batch size exceeds allowed limit. Max allowed: ${max}, supplied: ${supplied}`,
    ),
};
