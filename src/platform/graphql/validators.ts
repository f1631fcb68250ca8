import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { invalidPunycodeLabel, isHostName } from '../../javamail/host-name.js';
import { isEmailAddress } from './scalars.js';

/** CR, LF or NUL: any of them in a header-bound or protocol-bound value allows injection. */
const LINE_BREAK = /[\r\n\0]/;

/** Refuses CR, LF and NUL. The message never echoes the value (it may be a password). */
export function NoLineBreaks(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'noLineBreaks',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must not contain line breaks (CR, LF) or NUL', ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || !LINE_BREAK.test(value) },
    });
}

function hostNameMessage({ property, value }: ValidationArguments): string {
  const label = typeof value === 'string' ? invalidPunycodeLabel(value) : undefined;
  return label === undefined
    ? `${property} must be a host name (RFC 1123) or an IP address`
    : `${property} must be a host name: its label "${label}" starts with xn-- but is not valid punycode (an internationalized name in ASCII)`;
}

/** An RFC 1123 host name, or an IPv4 or IPv6 address. */
export function IsHostName(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isHostName',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: hostNameMessage, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isHostName(value) },
    });
}

/**
 * An address the `EmailAddress` scalar accepts: one rule for the API and the start-up sources,
 * so that every stored address can be returned as an `EmailAddress`.
 */
export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isEmailAddress',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be an e-mail address', ...options },
      validator: { validate: (value: unknown) => isEmailAddress(value) },
    });
}
