import { errorResponseStatus, type ErrorResponse } from '../../src/platform/errors/http-status';

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const status = (codes: string[], rest: Partial<ErrorResponse> = {}) =>
  errorResponseStatus({ mediaType: GRAPHQL_RESPONSE, hasData: false, status: 500, codes, ...rest });

describe('errorResponseStatus: the one mapping of error codes to HTTP statuses', () => {
  it('answers UNAUTHENTICATED with 401 and RATE_LIMITED with 429 under both media types, with or without data', () => {
    for (const mediaType of [JSON_TYPE, GRAPHQL_RESPONSE] as const) {
      for (const hasData of [false, true]) {
        expect(status(['UNAUTHENTICATED'], { mediaType, hasData })).toBe(401);
        expect(status(['RATE_LIMITED'], { mediaType, hasData })).toBe(429);
        expect(status(['FORBIDDEN', 'RATE_LIMITED'], { mediaType, hasData })).toBe(429);
      }
    }
    expect(status(['RATE_LIMITED', 'UNAUTHENTICATED'])).toBe(401);
  });

  it('keeps the status a BAD_REQUEST was given (405, 406, 413, 415), 400 when it was none', () => {
    for (const given of [400, 405, 406, 413, 415]) expect(status(['BAD_REQUEST'], { status: given, mediaType: JSON_TYPE })).toBe(given);
    expect(status(['BAD_REQUEST'], { status: 500 })).toBe(400);
    expect(status(['BAD_REQUEST'], { status: 200 })).toBe(400);
  });

  it('answers 200 whenever execution ran (data present), whatever the field errors', () => {
    for (const code of ['BAD_USER_INPUT', 'FORBIDDEN', 'CONFLICT', 'NOT_FOUND', 'UNAVAILABLE', 'SEND_FAILED', 'INTERNAL_SERVER_ERROR']) {
      expect(status([code], { hasData: true })).toBe(200);
      expect(status([code], { hasData: true, mediaType: JSON_TYPE })).toBe(200);
    }
  });

  it('answers request errors without data with 400 as graphql-response+json and 200 as application/json', () => {
    const requestErrors = [
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
      'BAD_USER_INPUT',
      'OPERATION_RESOLUTION_FAILURE',
      'PERSISTED_QUERY_NOT_FOUND',
      'PERSISTED_QUERY_NOT_SUPPORTED',
    ];
    for (const code of requestErrors) {
      expect(status([code])).toBe(400);
      expect(status([code], { mediaType: JSON_TYPE })).toBe(200);
    }
    expect(status(requestErrors, { mediaType: JSON_TYPE })).toBe(200);
  });

  it('answers other errors without data with their own status, the highest of several', () => {
    expect(status(['UNAVAILABLE'], { mediaType: JSON_TYPE })).toBe(503);
    expect(status(['INTERNAL_SERVER_ERROR'])).toBe(500);
    expect(status(['FORBIDDEN'])).toBe(403);
    expect(status(['NOT_FOUND'])).toBe(404);
    expect(status(['CONFLICT'])).toBe(409);
    expect(status(['SEND_FAILED'])).toBe(502);
    expect(status(['SOMETHING_ELSE'])).toBe(500);
    expect(status(['FORBIDDEN', 'UNAVAILABLE'])).toBe(503);
    expect(status(['GRAPHQL_VALIDATION_FAILED', 'UNAVAILABLE'], { mediaType: JSON_TYPE })).toBe(503);
  });

  it('keeps the given status when no error has a code', () => {
    expect(status([], { status: 418 })).toBe(418);
  });
});
